/**
 * Checks one OpenSSH public key line (`<type> <base64> [comment]`) so a pasted private key, a
 * truncated key or a weak RSA key is refused at synth instead of locking an operator out.
 */

const MIN_RSA_BITS = 3072;
const ACCEPTED_TYPES = ['ssh-ed25519', 'ecdsa-sha2-nistp256', 'ecdsa-sha2-nistp384', 'ecdsa-sha2-nistp521', 'ssh-rsa'];
/** Only these characters may follow the key, because the line is written into the bastion's user data. */
const LINE = /^(\S+) ([A-Za-z0-9+/]+={0,2})(?: ([A-Za-z0-9@._+-]{1,100}))?$/;

/** What is wrong with the key, or undefined when it is a usable public key. */
export function sshPublicKeyProblem(line: unknown): string | undefined {
  if (typeof line !== 'string') return 'must be an OpenSSH public key line';
  if (line.includes('PRIVATE KEY')) return 'is a private key; give the public key (the .pub file) only';
  const match = LINE.exec(line.trim());
  if (!match) return 'must be one line `<type> <base64> [comment]` (comment: letters, digits, @ . _ + -)';
  const [, type, body] = match;
  if (!ACCEPTED_TYPES.includes(type)) return `key type '${type}' is not accepted; use one of ${ACCEPTED_TYPES.join(', ')}`;
  const blob = Buffer.from(body, 'base64');
  const fields = readSshStrings(blob);
  if (!fields || fields.length === 0 || fields[0].toString('latin1') !== type) {
    return `key data is not a valid '${type}' public key (truncated or mislabelled)`;
  }
  if (type === 'ssh-ed25519' && (fields.length !== 2 || fields[1].length !== 32)) {
    return 'key data is not a valid ssh-ed25519 public key (expected 32 key bytes)';
  }
  if (type === 'ssh-rsa') {
    if (fields.length !== 3) return 'key data is not a valid ssh-rsa public key';
    const modulus = fields[2][0] === 0 ? fields[2].subarray(1) : fields[2];
    const bits = modulus.length * 8;
    if (bits < MIN_RSA_BITS) return `RSA key has ${bits} bits; at least ${MIN_RSA_BITS} are required`;
  }
  return undefined;
}

/** The key's `<type> <base64>` without its comment: two lines with the same key are one shared key. */
export function sshKeyMaterial(line: string): string {
  return line.trim().split(' ').slice(0, 2).join(' ');
}

/** Splits an SSH wire-format blob into its length-prefixed fields; undefined when lengths do not add up. */
function readSshStrings(blob: Buffer): Buffer[] | undefined {
  const fields: Buffer[] = [];
  let offset = 0;
  while (offset < blob.length) {
    if (offset + 4 > blob.length) return undefined;
    const length = blob.readUInt32BE(offset);
    offset += 4;
    if (offset + length > blob.length) return undefined;
    fields.push(blob.subarray(offset, offset + length));
    offset += length;
  }
  return fields;
}

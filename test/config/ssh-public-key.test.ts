import { sshKeyMaterial, sshPublicKeyProblem } from '../../lib/config/ssh-public-key';
import { SSH_KEYS } from '../support/operators';

describe('sshPublicKeyProblem', () => {
  test.each([
    ['ed25519', SSH_KEYS.ed25519Alice],
    ['ecdsa p-256', SSH_KEYS.ecdsa256],
    ['rsa 3072', SSH_KEYS.rsa3072],
    ['a key without comment', sshKeyMaterial(SSH_KEYS.ed25519Bob)],
  ])('accepts %s', (_name, key) => {
    expect(sshPublicKeyProblem(key)).toBeUndefined();
  });

  test('refuses an RSA key shorter than 3072 bits', () => {
    expect(sshPublicKeyProblem(SSH_KEYS.rsa2048)).toBe('RSA key has 2048 bits; at least 3072 are required');
  });

  test('refuses a private key', () => {
    expect(sshPublicKeyProblem('-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----')).toMatch(
      /is a private key/,
    );
  });

  test('refuses a truncated key', () => {
    const [type, body] = SSH_KEYS.ed25519Alice.split(' ');
    expect(sshPublicKeyProblem(`${type} ${body.slice(0, 40)}`)).toMatch(/not a valid/);
  });

  test('refuses key data whose embedded type differs from the label', () => {
    const body = SSH_KEYS.ed25519Alice.split(' ')[1];
    expect(sshPublicKeyProblem(`ssh-rsa ${body}`)).toMatch(/not a valid 'ssh-rsa' public key/);
  });

  test('refuses DSA keys and unknown types', () => {
    expect(sshPublicKeyProblem('ssh-dss AAAAB3NzaC1kc3M=')).toMatch(/key type 'ssh-dss' is not accepted/);
  });

  test('refuses a comment that could break out of the user-data quoting', () => {
    expect(sshPublicKeyProblem(`${sshKeyMaterial(SSH_KEYS.ed25519Alice)} x';reboot;'`)).toMatch(/must be one line/);
  });

  test('refuses a non-string', () => {
    expect(sshPublicKeyProblem(42)).toBe('must be an OpenSSH public key line');
  });
});

describe('sshKeyMaterial', () => {
  test('drops the comment, so the same key with two comments counts as one key', () => {
    const [type, body] = SSH_KEYS.ed25519Alice.split(' ');
    expect(sshKeyMaterial(`${type} ${body} other-comment`)).toBe(`${type} ${body}`);
  });
});

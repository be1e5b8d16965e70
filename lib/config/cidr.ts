/** An IPv4 CIDR block as numbers, so ranges can be compared without a lookup or a library. */
export interface Ipv4Block {
  /** First address of the block as an unsigned 32-bit number. */
  readonly start: number;
  /** Prefix length, 0..32. */
  readonly prefix: number;
}

const CIDR = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})\/(\d{1,2})$/;
const PRIVATE_RANGES = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16'].map((c) => parseIpv4Cidr(c) as Ipv4Block);

/** Parses `a.b.c.d/n`; a string explains what is wrong (bad octet, host bits set, ...). */
export function parseIpv4Cidr(value: unknown): Ipv4Block | string {
  const match = typeof value === 'string' ? CIDR.exec(value) : null;
  if (!match) return `must be an IPv4 CIDR like 10.0.0.0/16, got ${JSON.stringify(value)}`;
  const octets = match.slice(1, 5).map(Number);
  const prefix = Number(match[5]);
  if (octets.some((o) => o > 255) || prefix > 32) return `'${String(value)}' is not a valid IPv4 CIDR`;
  const start = octets.reduce((acc, o) => acc * 256 + o, 0);
  if (start % 2 ** (32 - prefix) !== 0) return `'${String(value)}' has host bits set; the network address is required`;
  return { start, prefix };
}

/** Whether two blocks share any address. */
export function overlaps(a: Ipv4Block, b: Ipv4Block): boolean {
  return a.start < b.start + 2 ** (32 - b.prefix) && b.start < a.start + 2 ** (32 - a.prefix);
}

/** Whether the block lies inside one of the RFC 1918 private ranges. */
export function isPrivate(block: Ipv4Block): boolean {
  return PRIVATE_RANGES.some((r) => r.prefix <= block.prefix && overlaps(r, block));
}

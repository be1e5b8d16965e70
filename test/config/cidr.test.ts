import { isPrivate, overlaps, parseIpv4Cidr, type Ipv4Block } from '../../lib/config/cidr';

const block = (c: string): Ipv4Block => parseIpv4Cidr(c) as Ipv4Block;

describe('parseIpv4Cidr', () => {
  test('parses a network address', () => {
    expect(parseIpv4Cidr('10.1.0.0/16')).toEqual({ start: 10 * 2 ** 24 + 2 ** 16, prefix: 16 });
  });

  test.each([
    ['10.0.0/16', /must be an IPv4 CIDR/],
    ['10.0.0.256/24', /is not a valid IPv4 CIDR/],
    ['10.0.0.0/33', /is not a valid IPv4 CIDR/],
    ['10.0.0.1/16', /has host bits set/],
    [16, /must be an IPv4 CIDR/],
  ])('refuses %p', (value, message) => {
    expect(parseIpv4Cidr(value)).toMatch(message);
  });
});

describe('overlaps and isPrivate', () => {
  test('detects overlap in either direction, and adjacency is not overlap', () => {
    expect(overlaps(block('10.0.0.0/16'), block('10.0.128.0/22'))).toBe(true);
    expect(overlaps(block('10.0.128.0/22'), block('10.0.0.0/16'))).toBe(true);
    expect(overlaps(block('10.0.0.0/16'), block('10.1.0.0/16'))).toBe(false);
  });

  test('knows the RFC 1918 ranges', () => {
    expect(isPrivate(block('172.16.0.0/22'))).toBe(true);
    expect(isPrivate(block('192.168.4.0/22'))).toBe(true);
    expect(isPrivate(block('172.32.0.0/16'))).toBe(false);
    expect(isPrivate(block('8.0.0.0/16'))).toBe(false);
  });
});

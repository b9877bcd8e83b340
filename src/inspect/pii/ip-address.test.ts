import { describe, expect, it } from 'vitest';
import { findIpAddresses } from './ip-address.js';
import { isIpv4, isIpv6 } from './ipv6.js';
import { resolveOverlaps } from './resolve-overlaps.js';

/** The texts found, overlaps resolved (an IPv4 tail is also a candidate of its own). */
const found = (text: string, min = 0.5) =>
  resolveOverlaps(
    findIpAddresses(text).filter((c) => c.score >= min),
    text.length,
  ).map((c) => text.slice(c.start, c.end));

describe('findIpAddresses', () => {
  it('finds IPv4 addresses with octets up to 255, and CIDR prefixes in range', () => {
    expect(found('from 192.168.0.1, 10.0.0.0/8 and 255.255.255.255.')).toEqual(['192.168.0.1', '10.0.0.0/8', '255.255.255.255']);
    expect(found('10.0.0.0/123')).toEqual(['10.0.0.0']);
  });

  it('rejects octets above 255, leading zeros, three-part versions and glued text', () => {
    expect(found('256.1.1.1 192.168.1.256 300.168.1.1 192.168.01.1 1.2.3 IP192.168.1.1text')).toEqual([]);
  });

  it('finds IPv6 full, compressed, IPv4-mapped, with a zone or a prefix length', () => {
    const text = '2001:0db8:85a3:0000:0000:8a2e:0370:7334 fe80::1%eth0 ::ffff:192.0.2.1 [2001:db8::1]:8080 2001:db8::/32 ::1.';
    expect(found(text)).toEqual(['2001:0db8:85a3:0000:0000:8a2e:0370:7334', 'fe80::1%eth0', '::ffff:192.0.2.1', '2001:db8::1', '2001:db8::/32', '::1']);
  });

  it('rejects times, ratios, MAC addresses, C++ scopes, double :: and bare ::', () => {
    expect(found('12:34:56 1:2:3:4 aa:bb:cc:dd:ee:ff std::cout 2001::db8::1 12345:db8::1 fe80::1text x :: Int')).toEqual([]);
  });

  it('scores an IPv4-shaped version number low', () => {
    expect(found('version 1.2.3.4')).toEqual([]);
    expect(found('version 1.2.3.4', 0)).toEqual(['1.2.3.4']);
  });
});

describe('address parsers', () => {
  it('parse IPv4 and IPv6 text forms', () => {
    expect(isIpv4('0.0.0.0')).toBe(true);
    expect(isIpv4('1.2.3.04')).toBe(false);
    expect(isIpv6('::')).toBe(true);
    expect(isIpv6('0:0:0:0:0:FFFF:129.144.52.38')).toBe(true);
    expect(isIpv6('1:2:3:4:5:6:7:8:9')).toBe(false);
    expect(isIpv6('1::2:3:4:5:6:7:8')).toBe(false);
    expect(isIpv6('::ffff:192.168.1')).toBe(false);
  });
});

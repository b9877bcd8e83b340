/**
 * @module inspect/pii/ipv6
 * Parsers for IP address literals (RFC 4291 §2.2 text forms): IPv4 dotted quads without
 * leading zeros, and IPv6 full, compressed (`::`) and with an embedded IPv4 tail
 * (`::ffff:192.0.2.1`, `64:ff9b::192.0.2.1`). Pure string predicates, no regex backtracking.
 */

/**
 * True for a dotted-quad IPv4 address: four decimal octets 0–255, no leading zeros.
 *
 * @example
 * isIpv4('192.168.0.1'); // true
 * isIpv4('256.1.1.1'); // false
 */
export function isIpv4(s: string): boolean {
  const parts = s.split('.');
  return parts.length === 4 && parts.every((p) => /^(?:0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
}

const HEXTET = /^[0-9A-Fa-f]{1,4}$/;

/** Number of 16-bit groups in a `:`-separated list, or -1 when a group is malformed. */
function countGroups(list: string, allowIpv4Tail: boolean): number {
  if (list === '') return 0;
  const parts = list.split(':');
  let groups = 0;
  for (let i = 0; i < parts.length; i++) {
    const p = parts[i] ?? '';
    if (HEXTET.test(p)) groups += 1;
    else if (allowIpv4Tail && i === parts.length - 1 && isIpv4(p)) groups += 2;
    else return -1;
  }
  return groups;
}

/**
 * True for an IPv6 address literal (no zone, no prefix length).
 *
 * @example
 * isIpv6('2001:db8::8a2e:370:7334'); // true
 * isIpv6('2001::db8::1'); // false
 */
export function isIpv6(s: string): boolean {
  if (!s.includes(':')) return false;
  const halves = s.split('::');
  if (halves.length > 2) return false;
  if (halves.length === 1) return countGroups(s, true) === 8;
  const [head = '', tail = ''] = halves;
  const left = countGroups(head, false);
  const right = countGroups(tail, true);
  return left >= 0 && right >= 0 && left + right <= 7;
}

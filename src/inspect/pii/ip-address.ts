/**
 * @module inspect/pii/ip-address
 * IP addresses: IPv4 dotted quads (octets ≤ 255, no leading zeros) and IPv6 in full,
 * compressed and IPv4-mapped/embedded forms, with an optional zone (`%eth0`) and a CIDR
 * prefix length when it is in range (`/24`, `/64`; `10.0.0.0/123` keeps only the address).
 * An address glued to letters (`IP192.168.1.1`, `fe80::1text`) is not reported. The bare
 * unspecified address `::` is not reported either: in text it is far more often code
 * (`x :: Int`) than an address. An IPv4 address after "version" or "v" scores 0.3.
 */
import type { Candidate, Recognizer } from './types.js';
import { eachMatch, hasContextBefore, isWordChar } from './scan.js';
import { isIpv4, isIpv6 } from './ipv6.js';

const IPV4 = /(?<![\w.])\d{1,3}\.\d{1,3}\.\d{1,3}\.\d{1,3}/g;
/** Runs of hex digits, colons and dots that contain a colon are IPv6 candidates. */
const IPV6_RUN = /(?<![\w:.%])[0-9A-Fa-f:.]*:[0-9A-Fa-f:.]*/g;
const ZONE = /^%[0-9A-Za-z_.~-]{1,32}/;
const PREFIX = /^\/(\d{1,3})(?!\d)/;
const VERSION = /\b(?:v|ver|version|release|build)\.?\s*$/i;
const SCORE = 0.8;

/** The end of an address at `end`, extended by a CIDR prefix length of at most `max`. */
function withPrefix(text: string, end: number, max: number): number {
  const m = PREFIX.exec(text.slice(end, end + 5));
  return m && Number(m[1]) <= max && !isWordChar(text[end + m[0].length]) ? end + m[0].length : end;
}

function ipv4(text: string, out: Candidate[]): void {
  eachMatch(IPV4, text, (m) => {
    const end = m.index + m[0].length;
    if (!isIpv4(m[0]) || isWordChar(text[end])) return;
    const score = hasContextBefore(text, m.index, VERSION, 12) ? 0.3 : SCORE;
    out.push({ start: m.index, end: withPrefix(text, end, 32), type: 'IP_ADDRESS', score });
  });
}

function ipv6(text: string, out: Candidate[]): void {
  eachMatch(IPV6_RUN, text, (m) => {
    let literal = m[0].replace(/\.+$/, ''); // sentence punctuation
    if (literal.endsWith(':') && !literal.endsWith('::')) literal = literal.slice(0, -1);
    if (!isIpv6(literal)) return;
    let end = m.index + literal.length;
    const zone = ZONE.exec(text.slice(end, end + 33));
    if (zone) end += zone[0].length;
    const next = text[end];
    if (isWordChar(next) || next === ':') return;
    const withLength = withPrefix(text, end, 128);
    if (literal === '::' && withLength === end) return;
    out.push({ start: m.index, end: withLength, type: 'IP_ADDRESS', score: SCORE });
  });
}

/**
 * Finds IPv4 and IPv6 addresses.
 *
 * @example
 * findIpAddresses('IPv4: 192.168.1.1, IPv6: 2001:db8::1');
 * // [{ start: 6, end: 17, type: 'IP_ADDRESS', score: 0.8 }, { start: 25, end: 36, … }]
 */
export function findIpAddresses(text: string): Candidate[] {
  const out: Candidate[] = [];
  ipv4(text, out);
  ipv6(text, out);
  return out;
}

/** The IP address recogniser. */
export const ipAddressRecognizer: Recognizer = { type: 'IP_ADDRESS', find: findIpAddresses };

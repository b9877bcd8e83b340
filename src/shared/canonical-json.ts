/**
 * @module shared/canonical-json
 * Canonical JSON: object keys sorted, no whitespace, `undefined` members dropped. Two
 * equal values always serialise to the same bytes, so their hashes can chain (audit log)
 * and address content (documents, forensic bundles).
 */

/**
 * Serialises `value` canonically. Throws on values JSON cannot represent faithfully
 * (non-finite numbers, bigint, functions, symbols, cycles).
 *
 * @example
 * canonicalJson({ b: 1, a: [true, null] }); // '{"a":[true,null],"b":1}'
 */
export function canonicalJson(value: unknown): string {
  return write(value, new Set());
}

function write(value: unknown, seen: Set<object>): string {
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return JSON.stringify(value);
    case 'number':
      if (!Number.isFinite(value)) throw new TypeError(`canonicalJson: non-finite number ${value}`);
      return JSON.stringify(value);
    case 'object':
      break;
    default:
      throw new TypeError(`canonicalJson: cannot serialise a ${typeof value}`);
  }
  const obj = value as object;
  if (seen.has(obj)) throw new TypeError('canonicalJson: cycle');
  seen.add(obj);
  try {
    if (Array.isArray(obj)) return `[${obj.map((item) => (item === undefined ? 'null' : write(item, seen))).join(',')}]`;
    if (obj instanceof Date) return JSON.stringify(obj.toISOString());
    const entries = Object.entries(obj as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${write(v, seen)}`).join(',')}}`;
  } finally {
    seen.delete(obj);
  }
}

/**
 * @module provenance/paths
 * The one order of manifest entries: by the UTF-8 bytes of their POSIX path (equivalently,
 * by Unicode code point), which every language can reproduce, unlike locale collation or
 * JavaScript's UTF-16 order. Two entries may never share a path.
 */
import { provenanceErrors } from './errors.js';

/**
 * Compares two paths by Unicode code point (= UTF-8 byte order).
 *
 * @example
 * ['b', 'a/z', 'a'].sort(comparePaths); // ['a', 'a/z', 'b']
 */
export function comparePaths(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    const ca = a.codePointAt(i) as number;
    const cb = b.codePointAt(i) as number;
    if (ca !== cb) return ca - cb;
    if (ca > 0xffff) i++; // skip the low surrogate of an astral character
  }
  return a.length - b.length;
}

/**
 * A copy of `entries` sorted by path. Throws PRV_ERR_DUPLICATE_PATH when two share a path.
 *
 * @example
 * sortUniqueByPath([{ path: 'b' }, { path: 'a' }]); // [{ path: 'a' }, { path: 'b' }]
 */
export function sortUniqueByPath<T extends { readonly path: string }>(entries: readonly T[], source?: string): T[] {
  const sorted = [...entries].sort((x, y) => comparePaths(x.path, y.path));
  for (let i = 1; i < sorted.length; i++) {
    const path = (sorted[i] as T).path;
    if (path === (sorted[i - 1] as T).path) {
      const where = source === undefined ? '' : `${source}: `;
      throw provenanceErrors.error('PRV_ERR_DUPLICATE_PATH', `${where}two file entries have the path "${path}"`, { path, ...(source === undefined ? {} : { source }) });
    }
  }
  return sorted;
}

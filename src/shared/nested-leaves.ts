/**
 * @module shared/nested-leaves
 * The leaves of nested arrays (OIP tensor `data`, flat or nested by the shape), in order,
 * without recursion: a hostile nesting depth cannot overflow the stack.
 */

/**
 * Calls `visit` on every leaf of `data` in order (a non-array `data` is its own single
 * leaf; `undefined` has none) until `visit` returns false or `maxLeaves` leaves were
 * visited. Returns how many leaves were visited.
 *
 * @example
 * const leaves: unknown[] = [];
 * walkLeaves([[1, 2], [3, [4]]], (leaf) => void leaves.push(leaf)); // 4; leaves = [1, 2, 3, 4]
 */
export function walkLeaves(data: unknown, visit: (leaf: unknown) => boolean | void, maxLeaves = Number.POSITIVE_INFINITY): number {
  if (!Array.isArray(data)) {
    if (data === undefined || maxLeaves < 1) return 0;
    visit(data);
    return 1;
  }
  const arrays: (readonly unknown[])[] = [data];
  const indexes: number[] = [0];
  let visited = 0;
  while (arrays.length > 0 && visited < maxLeaves) {
    const top = arrays.length - 1;
    const array = arrays[top] as readonly unknown[];
    const index = indexes[top] as number;
    if (index >= array.length) {
      arrays.pop();
      indexes.pop();
      continue;
    }
    indexes[top] = index + 1;
    const item = array[index];
    if (Array.isArray(item)) {
      arrays.push(item);
      indexes.push(0);
    } else {
      visited++;
      if (visit(item) === false) break;
    }
  }
  return visited;
}

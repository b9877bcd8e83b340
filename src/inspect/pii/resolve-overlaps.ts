/**
 * @module inspect/pii/resolve-overlaps
 * Turns overlapping candidates into non-overlapping spans. Candidates are taken in order
 * of entity priority (secrets first, see `ENTITIES`), then length (longer first), then
 * score, then position; a candidate is kept when none of its characters is already taken.
 * Linear in the total length of the candidates (an occupancy bitmap over the text), so a
 * text full of candidates cannot make it quadratic.
 */
import type { Candidate } from './types.js';
import { ENTITIES } from './entities.js';

function compare(a: Candidate, b: Candidate): number {
  return (
    ENTITIES[b.type].priority - ENTITIES[a.type].priority ||
    b.end - b.start - (a.end - a.start) ||
    b.score - a.score ||
    a.start - b.start
  );
}

/**
 * The kept candidates, sorted by start offset. `textLength` bounds every candidate's end.
 *
 * @example
 * resolveOverlaps([
 *   { start: 0, end: 10, type: 'PHONE', score: 0.7 },
 *   { start: 0, end: 16, type: 'CREDIT_CARD', score: 0.9 },
 * ], 16); // [{ start: 0, end: 16, type: 'CREDIT_CARD', score: 0.9 }]
 */
export function resolveOverlaps(candidates: readonly Candidate[], textLength: number): Candidate[] {
  const taken = new Uint8Array(textLength);
  const kept: Candidate[] = [];
  for (const c of [...candidates].sort(compare)) {
    let free = c.start >= 0 && c.end <= textLength && c.start < c.end;
    for (let i = c.start; free && i < c.end; i++) if (taken[i] === 1) free = false;
    if (!free) continue;
    taken.fill(1, c.start, c.end);
    kept.push(c);
  }
  return kept.sort((a, b) => a.start - b.start);
}

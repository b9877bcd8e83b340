/**
 * @module inspect/normalize/offsets
 * Maps a range of the normalised text back to the original text. The body (the part that
 * came from the original) maps character by character; each appended decoded payload maps
 * as a whole to the encoded run it was decoded from.
 */

/** One appended region of the normalised text and the original range it decodes. */
export interface AppendedSegment {
  /** `[textStart, textEnd)` in the normalised text. */
  readonly textStart: number;
  readonly textEnd: number;
  /** `[start, end)` in the original text. */
  readonly start: number;
  readonly end: number;
}

/** Maps normalised-text ranges to original-text ranges. */
export class OffsetMap {
  readonly #bodyLength: number;
  readonly #starts: Int32Array | null;
  readonly #ends: Int32Array | null;
  readonly #segments: readonly AppendedSegment[];

  /**
   * @param bodyLength length of the body in the normalised text
   * @param starts per body character, its original start (`null`: identity)
   * @param ends per body character, its original end (`null`: identity)
   * @param segments the appended regions, in order
   * @example new OffsetMap(5, null, null, []).toOriginal(1, 3); // { start: 1, end: 3 }
   */
  constructor(bodyLength: number, starts: Int32Array | null, ends: Int32Array | null, segments: readonly AppendedSegment[]) {
    this.#bodyLength = bodyLength;
    this.#starts = starts;
    this.#ends = ends;
    this.#segments = segments;
  }

  /**
   * The original range of the normalised range `[start, end)`. A range that starts in an
   * appended payload maps to the whole encoded run; a range that starts in the body and
   * runs past it is cut at the end of the body.
   *
   * @example
   * map.toOriginal(0, 6); // { start: 0, end: 6 } for an ASCII prompt
   */
  toOriginal(start: number, end: number): { start: number; end: number } {
    if (start >= this.#bodyLength) {
      for (const seg of this.#segments) {
        if (start >= seg.textStart - 1 && start < seg.textEnd) return { start: seg.start, end: seg.end };
      }
      return { start: 0, end: 0 };
    }
    const last = Math.max(Math.min(end, this.#bodyLength) - 1, start);
    if (this.#starts === null || this.#ends === null) return { start, end: last + 1 };
    return { start: this.#starts[start] ?? 0, end: this.#ends[last] ?? 0 };
  }
}

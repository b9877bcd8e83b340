/**
 * @module dashboard/lib/format
 * How numbers, times and digests read on screen. Pure.
 */

/**
 * A duration: `840 ms`, `3.2 s`, `4 min`, `2.5 h`; `–` when unknown.
 *
 * @example
 * formatMs(3_200); // '3.2 s'
 */
export function formatMs(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms)) return '–';
  if (ms < 1_000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1_000).toFixed(1)} s`;
  if (ms < 3_600_000) return `${Math.round(ms / 60_000)} min`;
  return `${(ms / 3_600_000).toFixed(1)} h`;
}

/**
 * A time of day (24 h, seconds) in the browser's zone; the date too when not today.
 *
 * @example
 * formatTime(Date.now()); // '14:03:27'
 */
export function formatTime(at: number | null | undefined, now: number = Date.now()): string {
  if (at === null || at === undefined || !Number.isFinite(at)) return '–';
  const d = new Date(at);
  const time = d.toLocaleTimeString('en-GB', { hour12: false });
  return new Date(now).toDateString() === d.toDateString() ? time : `${d.toISOString().slice(0, 10)} ${time}`;
}

/**
 * How long ago: `12 s ago`, `5 min ago`.
 *
 * @example
 * formatAgo(Date.now() - 90_000); // '2 min ago'
 */
export function formatAgo(at: number, now: number = Date.now()): string {
  return `${formatMs(Math.max(0, now - at))} ago`;
}

/**
 * A share as a percentage with one decimal.
 *
 * @example
 * formatPercent(0.0512); // '5.1%'
 */
export function formatPercent(share: number | null | undefined): string {
  if (share === null || share === undefined || !Number.isFinite(share)) return '–';
  return `${(share * 100).toFixed(1)}%`;
}

/**
 * The first 12 characters of a digest or id, for tables (the whole one goes in a title).
 *
 * @example
 * shortId('9f86d081884c7d659a2feaa0c55ad015'); // '9f86d081884c'
 */
export function shortId(id: string, length = 12): string {
  return id.length <= length ? id : id.slice(0, length);
}

/**
 * A byte count: `812 B`, `14.2 KiB`, `3.1 MiB`.
 *
 * @example
 * formatBytes(14_540); // '14.2 KiB'
 */
export function formatBytes(bytes: number): string {
  if (bytes < 1024) return `${bytes} B`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${(bytes / 1024 / 1024).toFixed(1)} MiB`;
}

/**
 * A number without noise: at most 4 significant digits.
 *
 * @example
 * formatNumber(0.123456); // '0.1235'
 */
export function formatNumber(value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(4)));
}

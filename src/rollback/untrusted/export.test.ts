/**
 * The untrusted window and the export format of `bulwark untrusted export`.
 */
import { describe, expect, it } from 'vitest';
import type { LedgerEntry } from '../../gateway/index.js';
import { formatUntrusted } from './export.js';
import { untrustedWindow } from './marker.js';

const row = (over: Partial<LedgerEntry> = {}): LedgerEntry => ({ seq: 1, requestId: 'r-1', at: 0, model: 'fraud', version: 'v2', apiKeyId: 'shop', inputDigest: 'a'.repeat(64), outputDigest: 'b'.repeat(64), status: 200, untrustedAt: 1_000, incidentId: 'inc-1', ...over });

describe('untrusted window and export', () => {
  it('runs from onset minus the look-back until the switch, inclusive', () => {
    expect(untrustedWindow(100_000, 130_000, 60)).toEqual({ fromMs: 40_000, toMs: 130_001 });
  });

  it('formats JSON lines and RFC 4180 CSV with ISO times', () => {
    const rows = [row(), row({ requestId: 'r-"2"', apiKeyId: undefined })];
    expect(JSON.parse(formatUntrusted(rows, 'jsonl')[0] as string)).toEqual({
      request_id: 'r-1', at: '1970-01-01T00:00:00.000Z', model: 'fraud', version: 'v2', api_key_id: 'shop', status: 200,
      input_digest: 'a'.repeat(64), output_digest: 'b'.repeat(64), untrusted_at: '1970-01-01T00:00:01.000Z', incident_id: 'inc-1',
    });
    const csv = formatUntrusted(rows, 'csv');
    expect(csv).toHaveLength(3);
    expect(csv[2]).toMatch(/^"r-""2""",1970-01-01T00:00:00.000Z,fraud,v2,,200,/);
    expect(formatUntrusted([], 'csv')).toHaveLength(1);
  });
});

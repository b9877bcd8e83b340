import { describe, expect, it } from 'vitest';
import type { ForensicBundle } from '../rollback/index.js';
import { redactBundle } from './redaction.js';

function bundle(redactedPii: boolean, n: number): ForensicBundle {
  const events = Array.from({ length: n }, (_, i) => ({ requestId: `r${i}`, at: i, model: 'fraud', version: 'v2', apiKeyId: null, status: 200, input: `mail jane${i}@example.com`, signals: {} }));
  return { format: 'bulwark.forensics/v1', model: 'fraud', incidentId: 'inc-1', redactedPii, events, triggering: events.slice(0, 1) } as unknown as ForensicBundle;
}

const pause = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('redactBundle', () => {
  it('redacts PII of a bundle stored without redaction, one page at a time', async () => {
    const page = await redactBundle(bundle(false, 300), { offset: 100, limit: 150 }, pause);
    expect(page.events).toHaveLength(150);
    expect(page.events[0]).toMatchObject({ requestId: 'r100', input: 'mail [EMAIL]' });
    expect(JSON.stringify(page)).not.toMatch(/jane\d+@example\.com/);
    expect([page.redactedPii, page.storedRedactedPii]).toEqual([true, false]);
  });

  it('serves a bundle stored redacted as it is', async () => {
    const stored = bundle(true, 2);
    const page = await redactBundle(stored, { offset: 0, limit: 10 }, pause);
    expect(page.events).toEqual(stored.events);
    expect(page.storedRedactedPii).toBe(true);
  });
});

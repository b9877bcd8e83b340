import { describe, expect, it } from 'vitest';
import type { Anomaly } from '../detect/index.js';
import { AnomalyRing } from './anomaly-ring.js';

function anomaly(id: string, model: string, severity: 'page' | 'ticket', detectedAt: number): Anomaly {
  return { id, model, severity, detectedAt } as unknown as Anomaly;
}

describe('AnomalyRing', () => {
  it('lists newest first, filtered, bounded by its capacity', () => {
    const ring = new AnomalyRing(3);
    ring.push(anomaly('a1', 'fraud', 'page', 1));
    ring.push(anomaly('a2', 'chat', 'ticket', 2));
    ring.push(anomaly('a3', 'fraud', 'ticket', 3));
    ring.push(anomaly('a4', 'fraud', 'page', 4));
    expect(ring.size).toBe(3);
    expect(ring.list({ limit: 10 }).map((a) => a.id)).toEqual(['a4', 'a3', 'a2']);
    expect(ring.list({ model: 'fraud', limit: 10 }).map((a) => a.id)).toEqual(['a4', 'a3']);
    expect(ring.list({ severity: 'ticket', limit: 10 }).map((a) => a.id)).toEqual(['a3', 'a2']);
    expect(ring.list({ since: 3, limit: 10 }).map((a) => a.id)).toEqual(['a4', 'a3']);
    expect(ring.list({ limit: 1 }).map((a) => a.id)).toEqual(['a4']);
  });
});

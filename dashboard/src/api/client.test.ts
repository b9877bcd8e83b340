import { describe, expect, it } from 'vitest';
import { alertEvent, mergeAlerts, mergeAnomalies } from '../state/use-live';
import { fillPath } from './client';
import type { Alert, Anomaly } from './openapi-types';
import type { AlertEvent } from './event-stream';

describe('the API client', () => {
  it('fills path parameters (encoded) and puts the rest in the query string', () => {
    expect(fillPath('/api/v1/forensics/{id}', { id: 'inc 1/2', limit: 50, offset: undefined })).toBe('/api/v1/forensics/inc%201%2F2?limit=50');
    expect(() => fillPath('/api/v1/models/{model}', {})).toThrow(/missing path parameter model/);
  });
});

describe('live anomalies', () => {
  it('merge by id, newest first', () => {
    const a = (id: string, detectedAt: number) => ({ id, detectedAt }) as Anomaly;
    expect(mergeAnomalies([a('1', 1), a('2', 2)], [a('3', 3), a('1', 1)]).map((x) => x.id)).toEqual(['3', '2', '1']);
  });
});

describe('live alerts', () => {
  it('merge the API list and the stream by id, newest first; stream alerts (no time) first, as they came', () => {
    const listed = (key: string, at: number) => alertEvent({ key, at, severity: 'page', summary: key } as unknown as Alert);
    const streamed = (id: string): AlertEvent => ({ id, severity: 'page', summary: `${id} (stream)` });
    const loaded = mergeAlerts([], [listed('k1', 1), listed('k3', 3), listed('k2', 2)]);
    expect(loaded.map((a) => a.id)).toEqual(['k3', 'k2', 'k1']);
    const live = mergeAlerts(mergeAlerts(loaded, [streamed('k4')]), [streamed('k5')]);
    expect(live.map((a) => a.id)).toEqual(['k5', 'k4', 'k3', 'k2', 'k1']);
    // The next load knows k4's time and keeps the stream's fields it does not repeat.
    const reloaded = mergeAlerts(live, [listed('k4', 4)]);
    expect(reloaded.map((a) => a.id)).toEqual(['k5', 'k4', 'k3', 'k2', 'k1']);
    expect(reloaded.find((a) => a.id === 'k4')).toMatchObject({ at: 4, summary: 'k4' });
  });
});

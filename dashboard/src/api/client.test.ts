import { describe, expect, it } from 'vitest';
import { mergeAnomalies } from '../state/use-live';
import { fillPath } from './client';
import type { Anomaly } from './openapi-types';

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

/**
 * @module alerts/candidate-check
 * Checks a candidate before the policy sees it: sources are other contexts and plugins,
 * and a candidate without a model or an id would dedupe or route wrongly.
 */
import type { BulwarkError } from '../shared/errors.js';
import { alertErrors } from './errors.js';
import type { AlertCandidate } from './types.js';

const SOURCES = new Set(['anomaly', 'incident', 'slo']);
const SEVERITIES = new Set(['page', 'ticket', 'soft']);

/**
 * The ALR_ERR_BAD_CANDIDATE error naming the first bad field, or undefined.
 *
 * @example
 * checkCandidate({ ...candidate, model: '' })?.details; // { field: 'model', id: 'a-17' }
 */
export function checkCandidate(candidate: AlertCandidate): BulwarkError | undefined {
  const c = candidate as unknown as Record<string, unknown> | null;
  if (typeof c !== 'object' || c === null) return alertErrors.error('ALR_ERR_BAD_CANDIDATE', 'alert candidate: not an object', { field: '*' });
  const field = badField(c);
  if (field === undefined) return undefined;
  const id = typeof c['id'] === 'string' ? c['id'] : null;
  return alertErrors.error('ALR_ERR_BAD_CANDIDATE', `alert candidate ${id ?? '(no id)'}: ${field} is missing or invalid`, { field, id });
}

function badField(c: Record<string, unknown>): string | undefined {
  for (const field of ['id', 'kind', 'model', 'rule', 'summary']) {
    if (typeof c[field] !== 'string' || c[field] === '') return field;
  }
  if (!SOURCES.has(c['source'] as string)) return 'source';
  if (!SEVERITIES.has(c['severity'] as string)) return 'severity';
  if (typeof c['at'] !== 'number' || !Number.isFinite(c['at'])) return 'at';
  if (c['apiKeys'] !== undefined && !(Array.isArray(c['apiKeys']) && c['apiKeys'].every((k) => typeof k === 'string'))) return 'apiKeys';
  return undefined;
}

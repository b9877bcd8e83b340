/**
 * Runbook links: the pure map from what fired to a page of docs/runbooks/, and the pages
 * themselves: one per id, each with the five sections alerts promise, all listed in the index.
 */
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { RUNBOOKS, incidentRunbooks, relatedRunbooks, runbookFor, runbookLink, runbookPath } from './runbooks.js';
import type { RunbookId } from './runbooks.js';

const DIR = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', 'docs', 'runbooks');
const SECTIONS = ['## What fired', '## What bulwark did automatically', '## How to confirm', '## What to do', '## How to close'];

describe('runbookFor', () => {
  it.each([
    [{ source: 'anomaly', kind: 'rule', rule: 'collapse', condition: 'entropy(input_fingerprint) < baseline.p01' }, 'entropy-collapse'],
    [{ source: 'anomaly', kind: 'rule', rule: 'x', condition: 'rate(shadow_disagree) > max(0.10, baseline + 3 sigma)' }, 'shadow-divergence'],
    [{ source: 'anomaly', kind: 'rule', rule: 'x', condition: 'rate(prompt_injection) > 0.03' }, 'prompt-injection-surge'],
    [{ source: 'anomaly', kind: 'rule', rule: 'x', condition: 'mean(pii_count) > baseline + 3 sigma' }, 'pii-leakage'],
    [{ source: 'anomaly', kind: 'rule', rule: 'x', condition: 'rate(secret_count) > 0' }, 'pii-leakage'],
    [{ source: 'anomaly', kind: 'rule', rule: 'x', condition: 'psi(feature:amount) > 0.25' }, 'drift'],
    [{ source: 'anomaly', kind: 'rule', rule: 'x', condition: 'ks(feature:0) < 0.001' }, 'drift'],
    [{ source: 'anomaly', kind: 'rule', rule: 'x', condition: 'zscore(latency_p99) > 4' }, 'error-latency'],
    [{ source: 'anomaly', kind: 'rule', rule: 'x', condition: 'cusum(error_rate)' }, 'error-latency'],
    [{ source: 'anomaly', kind: 'rule', rule: 'x', condition: 'prada(api_key) < 0.9' }, 'model-extraction'],
    [{ source: 'anomaly', kind: 'extraction_suspected', rule: 'x' }, 'model-extraction'],
    [{ source: 'anomaly', kind: 'evaluation_errors', rule: 'collapse', condition: 'entropy(x) < 1' }, 'evaluation-errors'],
    [{ source: 'anomaly', kind: 'rule', rule: 'shadow-check' }, 'shadow-divergence'],
    [{ source: 'anomaly', kind: 'rule', rule: 'mystery', condition: 'mean(confidence) < 0.2' }, 'triage'],
    [{ source: 'incident', kind: 'opened', rule: 'injection-surge' }, 'prompt-injection-surge'],
    [{ source: 'incident', kind: 'frozen', rule: 'r', condition: 'loop_guard' }, 'loop-guard-freeze'],
    [{ source: 'incident', kind: 'frozen', rule: 'r', condition: 'lkg_anomalous' }, 'loop-guard-freeze'],
    [{ source: 'incident', kind: 'frozen', rule: 'r', condition: 'lkg_unhealthy' }, 'lkg-unhealthy-canary'],
    [{ source: 'incident', kind: 'aborted', rule: 'r' }, 'lkg-unhealthy-canary'],
    [{ source: 'incident', kind: 'resolved', rule: 'collapse' }, 'untrusted-window'],
    [{ source: 'slo', kind: 'burn_page', rule: 'untrusted' }, 'slo-burn'],
    [{ source: 'policy', kind: 'rate_cap', rule: '*' }, 'alert-flood'],
  ] as const)('%j → %s', (subject, id) => {
    expect(runbookFor(subject)).toBe(id);
  });

  it('adds the untrusted-window follow-up after a rollback, and builds links under a base URL or the repository path', () => {
    expect(relatedRunbooks({ source: 'anomaly', kind: 'rule', rule: 'collapse' }, 'rollback')).toEqual(['untrusted-window']);
    expect(relatedRunbooks({ source: 'anomaly', kind: 'rule', rule: 'collapse' }, 'contain')).toEqual([]);
    expect(runbookLink('drift')).toEqual({ id: 'drift', title: RUNBOOKS.drift, url: 'docs/runbooks/drift.md' });
    expect(runbookLink('drift', 'https://runbooks.example/b//').url).toBe('https://runbooks.example/b/drift.md');
  });
});

describe('incidentRunbooks', () => {
  it('reads the condition first, then adds the freeze page and the untrusted-window follow-up', () => {
    expect(incidentRunbooks({ rule: 'shadow-divergence', condition: 'rate(shadow_disagree) > 0.05', rolledBack: true, frozenReason: 'lkg_anomalous' })).toEqual(['shadow-divergence', 'loop-guard-freeze', 'untrusted-window']);
    expect(incidentRunbooks({ rule: 'my-rule', condition: 'prada(api_key) < 0.9' })).toEqual(['model-extraction']);
    expect(incidentRunbooks({ rule: 'x', kind: 'evaluation_errors', frozenReason: 'lkg_unhealthy' })).toEqual(['evaluation-errors', 'lkg-unhealthy-canary']);
    expect(incidentRunbooks({ rule: 'r', condition: 'entropy(x) < 1', frozenReason: 'loop_guard', rolledBack: false })).toEqual(['entropy-collapse', 'loop-guard-freeze']);
    expect(incidentRunbooks({ rule: 'mystery' })).toEqual(['triage']);
  });

  it('names each page by its repository path', () => {
    expect(runbookPath('loop-guard-freeze')).toBe('docs/runbooks/loop-guard-freeze.md');
  });
});

describe('docs/runbooks', () => {
  const ids = Object.keys(RUNBOOKS) as RunbookId[];

  it.each(ids)('%s.md exists with every section and a title matching the map', (id) => {
    const path = resolve(DIR, `${id}.md`);
    expect(existsSync(path)).toBe(true);
    const text = readFileSync(path, 'utf8');
    expect(text.split('\n')[0]).toBe(`# ${RUNBOOKS[id]}`);
    for (const section of SECTIONS) expect(text).toContain(section);
  });

  it('has no page the map does not know, and the index lists every page', () => {
    const pages = readdirSync(DIR).filter((f) => f.endsWith('.md') && f !== 'README.md').map((f) => f.slice(0, -3)).sort();
    expect(pages).toEqual([...ids].sort());
    const index = readFileSync(resolve(DIR, 'README.md'), 'utf8');
    for (const id of ids) expect(index).toContain(`[${id}](${id}.md)`);
  });
});

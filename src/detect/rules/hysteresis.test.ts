import { describe, expect, it } from 'vitest';
import { INITIAL_RULE_STATE, stepRule } from './hysteresis.js';
import type { HysteresisSettings, RuleState, Step } from './hysteresis.js';
import type { Verdict } from './evaluate.js';

const S: HysteresisSettings = { holdForMs: 0, holdEvaluations: 1, clearEvaluations: 3, consecutiveErrorLimit: 3 };

/** Runs verdicts at 1 s intervals; returns each step's `fire` and the final state. */
function run(verdicts: Verdict[], settings: HysteresisSettings = S): { fires: (Step['fire'] | '-')[]; cleared: number[]; state: RuleState } {
  let state = INITIAL_RULE_STATE;
  const fires: (Step['fire'] | '-')[] = [];
  const cleared: number[] = [];
  verdicts.forEach((v, i) => {
    const step = stepRule(state, v, i * 1000, settings);
    state = step.state;
    fires.push(step.fire ?? '-');
    if (step.cleared) cleared.push(i);
  });
  return { fires, cleared, state };
}

describe('rule hysteresis', () => {
  it('fires once on the first anomalous evaluation by default, and not again while firing', () => {
    expect(run(['ok', 'anomalous', 'anomalous', 'anomalous']).fires).toEqual(['-', 'anomalous', '-', '-']);
  });

  it('needs K consecutive anomalous evaluations (holdEvaluations); ok breaks the hold', () => {
    const s = { ...S, holdEvaluations: 3 };
    expect(run(['anomalous', 'anomalous', 'ok', 'anomalous', 'anomalous', 'anomalous'], s).fires).toEqual(['-', '-', '-', '-', '-', 'anomalous']);
  });

  it('needs the condition to hold for holdFor; inconclusive neither breaks nor extends the streak', () => {
    const s = { ...S, holdForMs: 2000 };
    expect(run(['anomalous', 'inconclusive', 'anomalous', 'anomalous'], s).fires).toEqual(['-', '-', 'anomalous', '-']);
    expect(run(['anomalous', 'ok', 'anomalous', 'anomalous', 'anomalous'], s).fires).toEqual(['-', '-', '-', '-', 'anomalous']);
  });

  it('clears after clearEvaluations consecutive oks and may fire again', () => {
    const r = run(['anomalous', 'ok', 'ok', 'anomalous', 'ok', 'ok', 'ok', 'anomalous']);
    expect(r.fires).toEqual(['anomalous', '-', '-', '-', '-', '-', '-', 'anomalous']);
    expect(r.cleared).toEqual([6]);
  });

  it('escalates errors only after consecutiveErrorLimit in a row, once per run of errors', () => {
    expect(run(['error', 'error', 'ok', 'error', 'error', 'error', 'error', 'error']).fires).toEqual(['-', '-', '-', '-', '-', 'errors', '-', '-']);
    expect(run(['error', 'error', 'inconclusive', 'error', 'error']).fires).toEqual(['-', '-', '-', '-', '-']);
    const again = run(['error', 'error', 'error', 'ok', 'error', 'error', 'error']);
    expect(again.fires).toEqual(['-', '-', 'errors', '-', '-', '-', 'errors']);
  });

  it('keeps state as plain data', () => {
    const { state } = run(['anomalous', 'error']);
    expect(JSON.parse(JSON.stringify(state))).toEqual({ phase: 'firing', holdSince: 0, streak: 1, clearStreak: 0, errors: 1, errorsFired: false });
  });
});

import { describe, expect, it } from 'vitest';
import { runInspector } from '../../../test/helpers/inspector-exchange.js';
import { attackerCheckouts, CHECKOUT_FEATURES, encodeCheckouts, generateCheckouts } from '../../models/demo/index.js';
import { entropy } from '../../shared/math/index.js';
import { entropyDefinition } from './definition.js';
import { createEntropyTextInspector, entropySignals } from './entropy-inspector.js';
import { fingerprintRows, quantiseValue, textFingerprint } from './fingerprint.js';
import { textEntropy } from './text-entropy.js';
import { windowEntropy } from './window-entropy.js';

const WIDTH = CHECKOUT_FEATURES.length;
const rowsOf = (x: Float32Array): number[][] => Array.from({ length: x.length / WIDTH }, (_, i) => Array.from(x.subarray(i * WIDTH, (i + 1) * WIDTH)));
const oipBody = (row: readonly number[]) => ({ inputs: [{ name: 'checkout', datatype: 'FP32', shape: [1, row.length], data: row }] });

/** Window entropy computed directly with shared/math: the distribution of fingerprints in the window. */
function directWindowEntropy(fingerprints: readonly number[]): number {
  const counts = new Map<number, number>();
  for (const f of fingerprints) counts.set(f, (counts.get(f) ?? 0) + 1);
  const h = entropy([...counts.values()]);
  if (!h.ok) throw new Error('empty window');
  return h.entropy;
}

describe('input fingerprint and window entropy on the demo fraud traffic', () => {
  const benign = rowsOf(encodeCheckouts(generateCheckouts({ seed: 21, n: 200 }).rows));
  const attack = rowsOf(encodeCheckouts(attackerCheckouts({ seed: 99, n: 200 })));
  const fingerprintsOf = (rows: number[][]) => rows.map((row) => runInspector(entropyDefinition(), { protocol: 'oip-v2', json: oipBody(row) })['input_fingerprint'] as number);

  it('benign checkouts keep a high window entropy; the attacker\'s replayed templates collapse it', () => {
    const benignH = directWindowEntropy(fingerprintsOf(benign));
    const attackH = directWindowEntropy(fingerprintsOf(attack));
    expect(benignH).toBeGreaterThan(7.3); // log2(200) = 7.64: nearly every checkout has its own fingerprint
    expect(attackH).toBeLessThan(1.6); // three templates: log2(3) = 1.58
    expect(attackH).toBeCloseTo(Math.log2(3), 2);
  });

  it('a burst mixed into ordinary traffic lowers the window entropy in proportion', () => {
    const mixed = [...fingerprintsOf(benign.slice(0, 100)), ...fingerprintsOf(attack.slice(0, 100))];
    const h = directWindowEntropy(mixed);
    expect(h).toBeLessThan(directWindowEntropy(fingerprintsOf(benign)) - 2);
    expect(windowEntropy(mixed)?.entropy).toBeCloseTo(h, 12);
  });

  it('windowEntropy normalises by log2(n)', () => {
    expect(windowEntropy([1, 2, 3, 4])).toEqual({ n: 4, distinct: 4, entropy: 2, normalized: 1 });
    expect(windowEntropy([7, 7, 7, 7])).toEqual({ n: 4, distinct: 1, entropy: 0, normalized: 0 });
    expect(windowEntropy([5])).toEqual({ n: 1, distinct: 1, entropy: 0, normalized: 0 });
    expect(windowEntropy([])).toBeUndefined();
  });
});

describe('fingerprint', () => {
  it('buckets on a fixed log grid, keeping sign and zero', () => {
    expect(quantiseValue(0)).toBe(0);
    expect(quantiseValue(1e-12)).toBe(0);
    expect(quantiseValue(55)).toBe(quantiseValue(56));
    expect(quantiseValue(55)).not.toBe(quantiseValue(100));
    expect(quantiseValue(-55)).toBe(-quantiseValue(55));
    expect(quantiseValue(Number.NaN)).toBe(quantiseValue(Number.POSITIVE_INFINITY));
    expect(quantiseValue(1e300)).toBe(quantiseValue(1e301)); // clamped, no overflow
  });

  it('is an unsigned 32-bit id that depends on widths and row boundaries', () => {
    const f = fingerprintRows([[55.1, 3, 0]]);
    expect(Number.isInteger(f) && f >= 0 && f < 2 ** 32).toBe(true);
    expect(fingerprintRows([[56, 3, 0]])).toBe(f);
    expect(fingerprintRows([[5.1, 3, 0]])).not.toBe(f);
    expect(fingerprintRows([[55.1, 3], [0]])).not.toBe(f);
    expect(fingerprintRows([[55.1, 3, 0, 0]])).not.toBe(f);
  });

  it('text fingerprints ignore case and spacing only', () => {
    expect(textFingerprint('Hello   World\n')).toBe(textFingerprint('hello world'));
    expect(textFingerprint('hello world!')).not.toBe(textFingerprint('hello world'));
  });
});

describe('text entropy', () => {
  it('measures bytes and tokens', () => {
    expect(textEntropy('buy buy buy buy')).toMatchObject({ tokenEntropy: 0, tokens: 4 });
    expect(textEntropy('the cat sat on the mat').tokenEntropy).toBeCloseTo(2.2516291673878226, 12);
    expect(textEntropy('aaaa').byteEntropy).toBe(0);
    expect(textEntropy('')).toEqual({ byteEntropy: 0, tokenEntropy: 0, normalizedTokenEntropy: 0, tokens: 0, bytes: 0 });
    expect(textEntropy('Größe größe').tokens).toBe(2);
    expect(textEntropy('x'.repeat(100), 10).bytes).toBe(10);
  });
});

describe('entropy signals and inspectors', () => {
  it('chat: byte and token entropy of the last user turn, and a text fingerprint', () => {
    const json = { messages: [{ role: 'user', content: 'hi hi hi' }] };
    const s = entropySignals({ protocol: 'openai', json, body: new Uint8Array() });
    expect(s.token_entropy).toBe(0);
    expect(s.byte_entropy).toBeCloseTo(textEntropy('hi hi hi').byteEntropy, 12);
    expect(s.input_fingerprint).toBe(textFingerprint('hi hi hi'));
  });

  it('OIP numeric: body byte entropy and the feature fingerprint, no token entropy', () => {
    const signals = runInspector(entropyDefinition(), { protocol: 'oip-v2', json: oipBody([55, 3, 0]) });
    expect(signals['input_fingerprint']).toBe(fingerprintRows([[55, 3, 0]]));
    expect(signals['byte_entropy']).toBeGreaterThan(2);
    expect(signals['token_entropy']).toBeUndefined();
  });

  it('writes nothing for bodies it cannot read', () => {
    expect(runInspector(entropyDefinition(), { protocol: 'oip-v2', json: { nope: 1 } })).toEqual({});
    expect(runInspector(entropyDefinition(), { protocol: 'openai', json: { messages: [] } })).toEqual({});
  });

  it('as a text inspector it flags degenerate repetition only', () => {
    const inspector = createEntropyTextInspector();
    expect(inspector.inspect('buy now '.repeat(40))).toMatchObject({ flagged: true, reasons: ['low_token_entropy'] });
    expect(inspector.inspect('a'.repeat(200)).flagged).toBe(true);
    expect(inspector.inspect('Can I ignore this warning in my code?')).toEqual({ score: 0, flagged: false, spans: [], reasons: [] });
    const prose = 'Bulwark sits in front of model servers, watches every request and response for security anomalies against a per-version baseline, and rolls traffic back when a guardrail is crossed.';
    const f = inspector.inspect(prose);
    expect(f.flagged).toBe(false);
    expect(f.score).toBeLessThan(0.2);
    expect(inspector.inspect(42 as unknown as string).error).toBe('input is not a string');
  });
});

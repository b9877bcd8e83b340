import { describe, expect, it } from 'vitest';
import { fakeExchange } from '../../../test/helpers/inspector-exchange.js';
import { thrown } from '../../../test/helpers/errors.js';
import type { BaselineProfile } from '../../detect/baseline.js';
import type { Exchange } from '../../gateway/index.js';
import type { ModelSignature } from '../../shared/signature.js';
import { staticResources } from '../resources.js';
import type { Predictor, SqueezeModel } from '../resources.js';
import { buildDatasetBaseline } from '../baseline/build.js';
import { calibrateThreshold } from './calibrate.js';
import { createSqueezeHook } from './definition.js';
import { squeezeLayout } from './layout.js';
import { createSqueezer } from './squeezer.js';
import { bitDepth, l1, median2x2, roundSignificant } from './squeezers.js';

const digits: ModelSignature = { inputs: [{ name: 'pixels', datatype: 'FP32', shape: [-1, 16], range: [0, 1] }], outputs: [{ name: 'logits', datatype: 'FP32', shape: [-1, 2] }] };

/** Logits [s, 1 − s] where s is the mean of the pixels ≥ 0.5 minus those below: sensitive to small shifts near 0.5. */
function thresholdModel(calls: string[] = []): Predictor {
  return {
    async predict(batch, shape) {
      calls.push(`predict ${shape.join('x')}`);
      const n = shape[0] as number;
      const width = batch.length / n;
      const out = new Float32Array(n * 2);
      for (let i = 0; i < n; i++) {
        let s = 0;
        for (let j = 0; j < width; j++) s += (batch[i * width + j] as number) >= 0.5 ? 1 : -1;
        out[i * 2] = s;
        out[i * 2 + 1] = -s;
      }
      return { data: out, shape: [n, 2] };
    },
  };
}

describe('squeezers', () => {
  it('bit depth maps to 2^bits levels of the range', () => {
    expect(Array.from(bitDepth(Float32Array.of(0.1, 0.6, -3, 7), 1, [0, 1]))).toEqual([0, 1, 0, 1]);
    expect(Array.from(bitDepth(Float32Array.of(0.2, 0.4), 2, [0, 1]))).toEqual([Math.fround(1 / 3), Math.fround(1 / 3)]);
    expect(Array.from(bitDepth(Float32Array.of(5), 1, [0, 16]))).toEqual([0]);
  });

  it('2×2 median equals scipy.ndimage.median_filter(size=2, mode="reflect")', () => {
    // scipy: median_filter([[.1,.9,.3],[.5,.2,.8],[.7,.4,.6]], size=2, mode='reflect')
    const x = Float32Array.of(0.1, 0.9, 0.3, 0.5, 0.2, 0.8, 0.7, 0.4, 0.6);
    const expected = [0.1, 0.9, 0.9, 0.5, 0.5, 0.8, 0.7, 0.5, 0.6].map(Math.fround);
    expect(Array.from(median2x2(x, 1, { channels: 1, height: 3, width: 3, channelsLast: false }))).toEqual(expected);
    // The same image twice in a batch, and as NHWC with two identical channels.
    expect(Array.from(median2x2(Float32Array.from([...x, ...x]), 2, { channels: 1, height: 3, width: 3, channelsLast: false }))).toEqual([...expected, ...expected]);
    const hwc = Float32Array.from(Array.from(x).flatMap((v) => [v, v]));
    expect(Array.from(median2x2(hwc, 1, { channels: 2, height: 3, width: 3, channelsLast: true }))).toEqual(expected.flatMap((v) => [v, v]));
  });

  it('rounds tabular values to significant digits and measures L1', () => {
    expect(Array.from(roundSignificant(Float32Array.of(1234.5, 0.04567, 0, -55.55), 2))).toEqual([1200, 0.046, 0, -56].map(Math.fround));
    expect(l1([0.9, 0.1], [0.6, 0.4])).toBeCloseTo(0.6, 12);
  });
});

describe('layout', () => {
  it('reads images and tables from the signature', () => {
    expect(squeezeLayout(digits)).toMatchObject({ kind: 'image', image: { channels: 1, height: 4, width: 4 }, range: [0, 1], rowWidth: 16 });
    const outputs = digits.outputs;
    expect(squeezeLayout({ inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 16] }] })).toEqual({ kind: 'tabular', rowWidth: 16 });
    expect(squeezeLayout({ inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 1, 28, 28] }] })).toMatchObject({ kind: 'image', image: { channels: 1, height: 28, width: 28, channelsLast: false }, rowWidth: 784 });
    expect(squeezeLayout({ inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 32, 32, 3] }] })).toMatchObject({ image: { channels: 3, height: 32, width: 32, channelsLast: true } });
    expect(squeezeLayout({ inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 8, 8] }] })).toMatchObject({ image: { channels: 1, height: 8, width: 8 } });
    expect(thrown(() => squeezeLayout({ inputs: [{ name: 't', datatype: 'BYTES', shape: [-1] }] })).code).toBe('INS_ERR_SQUEEZE_INPUT');
    expect(thrown(() => squeezeLayout({ inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, -1] }] })).code).toBe('INS_ERR_SQUEEZE_INPUT');
    expect(outputs).toHaveLength(1);
  });
});

describe('createSqueezer', () => {
  const model: SqueezeModel = { predictor: thresholdModel(), signature: digits };
  it('scores the max L1 between original and squeezed predictions, in one batch', async () => {
    const calls: string[] = [];
    const squeezer = createSqueezer({ predictor: thresholdModel(calls), signature: digits }, { bits: 1, median: true });
    expect(squeezer.squeezers).toEqual(['bit_depth_1', 'median_2x2']);
    const clean = new Float32Array(16).fill(1);
    const edgy = new Float32Array(16).fill(0.55); // bit depth 1 keeps it at 1: same prediction; stays high
    const flipped = Float32Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 0.45 : 0.55)); // median moves half the pixels across 0.5
    const scores = await squeezer.score(Float32Array.from([...clean, ...edgy, ...flipped]), 3);
    expect(calls).toEqual(['predict 9x16']);
    expect(scores[0]).toBe(0);
    expect(scores[1]).toBe(0);
    expect(scores[2]).toBeGreaterThan(0.5);
    await expect(squeezer.score(new Float32Array(5), 1)).rejects.toMatchObject({ code: 'INS_ERR_SQUEEZE_INPUT' });
  });

  it('smooths by median only images of at least 16×16 unless told', () => {
    expect(createSqueezer(model).squeezers).toEqual(['bit_depth_4']);
    const mnist: ModelSignature = { ...digits, inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 1, 28, 28] }] };
    expect(createSqueezer({ ...model, signature: mnist }).squeezers).toEqual(['bit_depth_4', 'median_2x2']);
    expect(createSqueezer({ ...model, signature: mnist }, { median: false }).squeezers).toEqual(['bit_depth_4']);
    expect(createSqueezer({ ...model, signature: { ...digits, inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 3] }] } }).squeezers).toEqual(['round_2sig']);
  });

  it('checks its options', () => {
    expect(thrown(() => createSqueezer(model, { bits: 0 })).code).toBe('INS_ERR_SQUEEZE_INPUT');
    expect(thrown(() => createSqueezer({ ...model, signature: { ...digits, inputs: [{ name: 'x', datatype: 'FP32', shape: [-1, 3] }] } }, { significantDigits: 99 })).code).toBe('INS_ERR_SQUEEZE_INPUT');
  });

  it('calibrates the threshold at a false-positive rate', () => {
    const scores = Array.from({ length: 101 }, (_, i) => i / 100);
    expect(calibrateThreshold(scores, 0.05)).toBeCloseTo(0.95, 12);
    expect(thrown(() => calibrateThreshold([], 0.05)).code).toBe('INS_ERR_SQUEEZE_INPUT');
    expect(thrown(() => calibrateThreshold([1], 1)).code).toBe('INS_ERR_SQUEEZE_INPUT');
  });
});

describe('squeeze hook (definition + post-response interceptor)', () => {
  const body = (row: readonly number[]) => ({ inputs: [{ name: 'pixels', datatype: 'FP32', shape: [1, row.length], data: row }] });
  const manualTimers = () => {
    const pending: (() => void)[] = [];
    return { pending, timers: { setTimeout: (cb: () => void) => (pending.push(cb), pending.length), clearTimeout: () => undefined } };
  };

  async function run(hook: ReturnType<typeof createSqueezeHook>, ex: Exchange, order: string[], threshold?: number): Promise<void> {
    const inspector = hook.definition.create({ id: 'squeeze', ...(threshold === undefined ? {} : { threshold }) }, { name: 'digits', protocol: 'oip-v2' });
    inspector.inspectRequest?.(ex, ex.signals);
    const handler = hook.interceptor.wrap(async () => void order.push('response sent'));
    await handler(ex);
  }

  it('runs the model after the response and writes squeeze_l1 and adversarial_suspected', async () => {
    const order: string[] = [];
    const calls: string[] = [];
    const profile = buildDatasetBaseline({ names: ['a'], rows: [[1], [2], [3]], extraSignals: { squeeze_l1: [0, 0.1, 0.2] } }, { model: 'digits', version: 'v1', builtAt: 'x', source: { path: 'p', sha256: 's' } });
    const resources = staticResources({ digits: { v1: { model: { predictor: thresholdModel(calls), signature: digits }, baseline: profile } } });
    const { timers } = manualTimers();
    const hook = createSqueezeHook(resources, { timers, bits: 1, median: true });
    expect(hook.interceptor.after).toEqual(['inspect']);
    const ex = fakeExchange({ protocol: 'oip-v2', version: 'v1', json: body(Array.from({ length: 16 }, (_, i) => (i % 2 === 0 ? 0.45 : 0.55))) });
    await run(hook, ex, order);
    order.push(...calls);
    expect(order).toEqual(['response sent', 'predict 3x16']);
    expect(ex.signals['squeeze_l1']).toBeGreaterThan(0.5);
    expect(ex.signals['adversarial_suspected']).toBe(true); // above the baseline's p95 of 0.2
    const calm = fakeExchange({ protocol: 'oip-v2', version: 'v1', json: body(new Array(16).fill(1)) });
    await run(hook, calm, [], 0.5);
    expect(calm.signals).toEqual({ squeeze_l1: 0, adversarial_suspected: false });
  });

  it('marks what it cannot do: no model, wrong width, at capacity, timeout, model failure', async () => {
    const { timers, pending } = manualTimers();
    const errors: Error[] = [];
    const hanging: Predictor = { predict: () => new Promise(() => undefined) };
    const failing: Predictor = { predict: async () => Promise.reject(new Error('session closed')) };
    const resources = staticResources({ digits: { v1: { model: { predictor: hanging, signature: digits } }, v2: { model: { predictor: failing, signature: digits } } } });
    const hook = createSqueezeHook(resources, { timers, onError: (e) => errors.push(e), maxConcurrent: 1 });
    const row = new Array(16).fill(0.5);
    const none = fakeExchange({ protocol: 'oip-v2', version: 'v9', json: body(row) });
    await run(hook, none, []);
    expect(none.signals).toEqual({ squeeze_unavailable: true });
    const narrow = fakeExchange({ protocol: 'oip-v2', version: 'v1', json: body([1, 2]) });
    await run(hook, narrow, []);
    expect(narrow.signals).toEqual({ squeeze_unavailable: true });
    const slow = fakeExchange({ protocol: 'oip-v2', version: 'v1', json: body(row) });
    const slowRun = run(hook, slow, []);
    await new Promise((r) => setImmediate(r));
    const busy = fakeExchange({ protocol: 'oip-v2', version: 'v2', json: body(row) });
    await run(hook, busy, []);
    expect(busy.signals).toEqual({ squeeze_skipped: true });
    pending.forEach((fire) => fire());
    await slowRun;
    expect(slow.signals).toEqual({ squeeze_skipped: true });
    const broken = fakeExchange({ protocol: 'oip-v2', version: 'v2', json: body(row) });
    const hook2 = createSqueezeHook(resources, { timers, onError: (e) => errors.push(e) });
    await run(hook2, broken, []);
    expect(broken.signals).toEqual({ squeeze_error: true });
    expect(errors.map((e) => e.message)).toEqual(['session closed']);
  });
});

describe('squeeze baseline threshold', () => {
  it('is absent without a threshold or a recorded squeeze_l1', async () => {
    const resources = staticResources({ digits: { v1: { model: { predictor: thresholdModel(), signature: digits }, baseline: { signals: {} } as unknown as BaselineProfile } } });
    const hook = createSqueezeHook(resources, { timers: { setTimeout: () => 0, clearTimeout: () => undefined } });
    const ex = fakeExchange({ protocol: 'oip-v2', version: 'v1', json: { inputs: [{ name: 'pixels', datatype: 'FP32', shape: [1, 16], data: new Array(16).fill(1) }] } });
    hook.definition.create({ id: 'squeeze' }, { name: 'digits', protocol: 'oip-v2' }).inspectRequest?.(ex, ex.signals);
    await hook.interceptor.wrap(async () => undefined)(ex);
    expect(ex.signals).toEqual({ squeeze_l1: 0 });
  });
});

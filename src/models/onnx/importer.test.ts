import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { OnnxRuntimeModel } from '../runtime/onnx-runtime-model.js';
import { ensureTfBackend } from '../tf-backend.js';
import { TfjsImportedModel } from '../tfjs/imported-model.js';
import { OnnxGraphBuilder } from './builder.js';
import { decodeOnnx } from './codec.js';
import { cnnFixture, mlpFixture } from './fixtures.contract.js';
import { checkDirectional, checkGradient, largestEntries } from './gradcheck.contract.js';
import { importOnnx } from './importer.js';
import { PARITY_TOLERANCE, randomArray, runParity, seededRandom } from './parity.contract.js';

const rand = seededRandom(23);

beforeAll(async () => {
  expect(await ensureTfBackend()).toBe('wasm');
});

describe('whole models match onnxruntime', () => {
  it('MLP (Gemm, Relu, Gemm, Softmax), raw_data weights', async () => {
    const r = await runParity(mlpFixture(), randomArray(rand, 32 * 4, 2), [32, 4]);
    console.info(`[parity] MLP max abs diff ${r.maxAbsDiff.toExponential(2)}`);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });

  it('MLP with typed (float_data) weights, opset 17', async () => {
    const bytes = mlpFixture(4, 17).toBytes({ tensorEncoding: 'typed' });
    const r = await runParity(bytes, randomArray(rand, 8 * 4, 2), [8, 4]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });

  it.each([13, 15, 17])('CNN (Conv, BN, MaxPool, AveragePool, GAP, Concat, Clip, Transpose, Reshape, …) at opset %d', async (opset) => {
    // At opset 17 the weights are written as typed fields (float_data, int64_data).
    const bytes = cnnFixture(2, opset).toBytes({ tensorEncoding: opset === 17 ? 'typed' : 'raw' });
    const r = await runParity(bytes, randomArray(rand, 4 * 3 * 256, 1), [4, 3, 16, 16]);
    console.info(`[parity] CNN opset ${opset} max abs diff ${r.maxAbsDiff.toExponential(2)}`);
    expect(r.importedShape).toEqual([4, 10]);
    expect(r.maxAbsDiff).toBeLessThanOrEqual(PARITY_TOLERANCE);
  });
});

describe('unsupported graphs fail at import with MDL_ERR_UNSUPPORTED_OP', () => {
  it('an LSTM node: names the op and the node, lists supported ops', async () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [5, 1, 3]);
    const w = b.initializer('W', randomArray(rand, 24), [1, 8, 3]);
    const r = b.initializer('R', randomArray(rand, 16), [1, 8, 2]);
    const y = b.node('LSTM', [x, w, r], { hidden_size: 2 }, { name: 'encoder_lstm' });
    b.output(b.node('Relu', [y]), [5, 1, 1, 2]);
    // onnxruntime runs it: the model is valid, only the importer lacks the op.
    const ort = await OnnxRuntimeModel.create(b.toBytes());
    expect((await ort.predict(randomArray(rand, 15), [5, 1, 3])).shape).toEqual([5, 1, 1, 2]);
    ort.dispose();
    await ensureTfBackend();
    const before = tf.memory().numTensors;
    let err: unknown;
    try {
      importOnnx(b.toBytes());
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: 'MDL_ERR_UNSUPPORTED_OP', kind: 'user', details: { node: 'encoder_lstm', opType: 'LSTM' } });
    expect((err as Error).message).toMatch(/node "encoder_lstm": op LSTM is not supported.*supported ops: Add, AveragePool, BatchNormalization/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('an op from another domain is named with its domain', () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [2]);
    b.output(b.node('Gelu', [x], {}, { domain: 'com.microsoft', name: 'act' }), [2]);
    expect(() => importOnnx(b.toBytes())).toThrow(/node "act": op com\.microsoft::Gelu is not supported/);
  });

  it('a 3-D Conv (5-D weights) and a pool with ceil_mode=1', () => {
    const conv3d = new OnnxGraphBuilder();
    const x = conv3d.input('x', [1, 1, 4, 4, 4]);
    const w = conv3d.initializer('w', randomArray(rand, 8), [1, 1, 2, 2, 2]);
    conv3d.output(conv3d.node('Conv', [x, w], {}, { name: 'conv3d' }), [1, 1, 3, 3, 3]);
    expect(() => importOnnx(conv3d.toBytes())).toThrow(expect.objectContaining({
      code: 'MDL_ERR_UNSUPPORTED_OP',
      message: expect.stringMatching(/node "conv3d" \(Conv\): only 2-D convolutions/),
    }));
    const ceil = new OnnxGraphBuilder();
    const y = ceil.input('x', [1, 1, 5, 5]);
    ceil.output(ceil.node('MaxPool', [y], { kernel_shape: [2, 2], ceil_mode: 1 }, { name: 'pool' }), [1, 1, 3, 3]);
    expect(() => importOnnx(ceil.toBytes())).toThrow(/node "pool" \(MaxPool\): ceil_mode=1 is not supported/);
  });

  it('Reshape with a shape computed at run time', () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [2, 6]);
    const s = b.input('s', [2], 'int64');
    b.output(b.node('Reshape', [x, s], {}, { name: 'dyn_reshape' }), [-1, -1]);
    expect(() => importOnnx(b.toBytes())).toThrow(/node "dyn_reshape" \(Reshape\): the shape input must be a constant/);
  });
});

describe('importer behaviour', () => {
  it('sorts nodes stored out of order, and prunes to the requested fetches', async () => {
    const model = mlpFixture().build();
    const shuffled = { ...model, graph: { ...model.graph, nodes: [...model.graph.nodes].reverse() } };
    const graph = importOnnx(shuffled);
    const x = tf.tensor2d(randomArray(rand, 8), [2, 4]);
    const [probs, logits] = tf.tidy(() => {
      const out = graph.run({ x }, ['probs', 'logits']);
      return [out['probs'] as tf.Tensor, out['logits'] as tf.Tensor];
    });
    expect(probs.sum(1).arraySync()).toEqual([expect.closeTo(1, 5), expect.closeTo(1, 5)]);
    expect(tf.softmax(logits).arraySync()).toEqual((probs.arraySync() as number[][]).map((row) => row.map((v) => expect.closeTo(v, 5))));
    expect(graph.output).toEqual({ kind: 'probabilities', logits: 'logits' });
    tf.dispose([x, probs, logits]);
    graph.dispose();
    graph.dispose(); // idempotent
  });

  it('a model that is not ONNX fails with MDL_ERR_ONNX_DECODE', () => {
    expect(() => decodeOnnx(new TextEncoder().encode('version https://git-lfs.github.com/spec/v1'))).toThrow(expect.objectContaining({ code: 'MDL_ERR_ONNX_DECODE' }));
  });

  it('a wrong input shape is MDL_ERR_SHAPE_MISMATCH naming the input', async () => {
    const model = await TfjsImportedModel.fromBytes(mlpFixture().toBytes());
    await expect(model.predict(new Float32Array(10), [2, 5])).rejects.toMatchObject({ code: 'MDL_ERR_SHAPE_MISMATCH', details: { input: 'x' } });
    await expect(model.predict(new Float32Array(7), [2, 4])).rejects.toMatchObject({ code: 'MDL_ERR_SHAPE_MISMATCH' });
    model.dispose();
  });

  it('import, predict, lossGradient and dispose leave no tensor behind', async () => {
    await ensureTfBackend();
    const before = tf.memory().numTensors;
    const model = await TfjsImportedModel.fromBytes(cnnFixture().toBytes());
    const x = randomArray(rand, 2 * 768);
    await model.predict(x, [2, 3, 16, 16]);
    await model.lossGradient(x, [2, 3, 16, 16], Int32Array.of(1, 8));
    model.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('gradients of imported models match finite differences', () => {
  it('MLP: cross-entropy from the logits under its final Softmax, per coordinate', async () => {
    const r = seededRandom(101);
    const x = randomArray(r, 3 * 4, 2);
    const labels = Int32Array.of(0, 2, 1);
    const model = await TfjsImportedModel.fromBytes(mlpFixture().toBytes());
    const { loss, grad } = await model.lossGradient(x, [3, 4], labels);
    // Same loss as −log p computed from onnxruntime's probabilities.
    const ref = await runParity(mlpFixture(), x, [3, 4]);
    labels.forEach((y, i) => expect(loss[i]).toBeCloseTo(-Math.log(ref.reference[i * 3 + y] ?? 0), 4));
    const lossAt = async (v: Float32Array) => (await model.lossGradient(v, [3, 4], labels)).loss.reduce((a, b) => a + b, 0);
    const checks = await checkGradient(lossAt, x, grad, largestEntries(grad, 6), 1e-2);
    model.dispose();
    for (const c of checks) expect(c.relError, JSON.stringify(c)).toBeLessThan(1e-2);
  });

  it('CNN: log-probabilities output, every op on the gradient path (directional derivatives)', async () => {
    const r = seededRandom(103);
    const model = await TfjsImportedModel.fromBytes(cnnFixture().toBytes());
    const x = randomArray(r, 2 * 768);
    const labels = Int32Array.of(4, 9);
    const { grad } = await model.lossGradient(x, [2, 3, 16, 16], labels);
    const lossAt = async (v: Float32Array) => (await model.lossGradient(v, [2, 3, 16, 16], labels)).loss.reduce((a, b) => a + b, 0);
    const along = await checkDirectional(lossAt, x, grad, 1e-2);
    const random = await checkDirectional(lossAt, x, grad, 5e-2, randomArray(r, x.length));
    model.dispose();
    console.info(`[gradient] CNN directional derivative: relative error along the gradient ${along.relError.toExponential(2)}, error/‖g‖ in a random direction ${random.normError.toExponential(2)}`);
    expect(along.relError, JSON.stringify(along)).toBeLessThan(1e-2);
    expect(random.normError, JSON.stringify(random)).toBeLessThan(5e-3);
  });
});

import type * as tf from '@tensorflow/tfjs';
import { describe, expect, expectTypeOf, it } from 'vitest';
import type { ModelSignature } from '../shared/signature.js';
import * as models from './index.js';
import type { HostTensor, LossGradient, Model, OutputKind } from './index.js';

describe('models public surface', () => {
  it('exports the runtime entry points and the importer', () => {
    for (const name of ['loadModel', 'requireGradients', 'importOnnx', 'decodeOnnx', 'encodeOnnx', 'OnnxGraphBuilder', 'OnnxRuntimeModel', 'TfjsImportedModel', 'loadTfjsModel', 'modelErrors', 'supportedOps', 'MODEL_DEFAULTS'] as const) {
      expect(models[name], name).toBeDefined();
    }
    expect(models.supportedOps()).toEqual(expect.arrayContaining(['Conv', 'Gemm', 'BatchNormalization', 'Softmax', 'Reshape']));
  });

  it('types: Model, loadModel, lossGradient', () => {
    expectTypeOf(models.loadModel).returns.resolves.toEqualTypeOf<Model>();
    expectTypeOf<Model['signature']>().toEqualTypeOf<ModelSignature>();
    expectTypeOf<Model['predict']>().returns.resolves.toEqualTypeOf<HostTensor>();
    expectTypeOf<NonNullable<Model['lossGradient']>>().parameters.toEqualTypeOf<[Float32Array, number[], Int32Array]>();
    expectTypeOf<NonNullable<Model['lossGradient']>>().returns.resolves.toEqualTypeOf<LossGradient>();
    expectTypeOf<NonNullable<Model['tfFunction']>>().toEqualTypeOf<(x: tf.Tensor) => tf.Tensor>();
    expectTypeOf<OutputKind>().toEqualTypeOf<'logits' | 'probabilities' | 'log-probabilities'>();
    expectTypeOf(models.requireGradients).returns.toEqualTypeOf<NonNullable<Model['lossGradient']>>();
    expectTypeOf<models.TfjsImportedModel>().toMatchTypeOf<Model>();
    expectTypeOf<models.OnnxRuntimeModel>().toMatchTypeOf<Model>();
  });
});

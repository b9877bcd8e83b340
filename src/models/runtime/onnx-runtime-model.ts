/**
 * @module models/runtime/onnx-runtime-model
 * Adapter over the native onnxruntime-node driver: runs any ONNX model for predictions
 * (no gradients: `differentiable` is false). The driver is imported lazily, on the first
 * model created, so that importing `models/` does not load the native binding.
 */
import { readFile } from 'node:fs/promises';
import type { InferenceSession, Tensor as OrtTensor } from 'onnxruntime-node';
import type { ModelSignature, TensorDatatype, TensorSpec } from '../../shared/signature.js';
import { checkInput } from '../check-input.js';
import { modelErrors } from '../errors.js';
import type { HostTensor, Model, OutputKind, OutputKindOption } from '../model.js';
import { decodeOnnx } from '../onnx/codec.js';
import { detectOutputKind } from '../onnx/output-kind.js';

type Ort = typeof import('onnxruntime-node');

/** Options of {@link OnnxRuntimeModel.create}. */
export interface OnnxRuntimeOptions extends OutputKindOption {
  /** Threads inside one operator (onnxruntime's default: one per core). */
  readonly intraOpNumThreads?: number;
}

const DATATYPES: Readonly<Record<string, TensorDatatype | undefined>> = {
  float32: 'FP32', float64: 'FP64', int32: 'INT32', int64: 'INT64', uint8: 'UINT8', bool: 'BOOL', string: 'BYTES',
};

function spec(meta: InferenceSession.ValueMetadata): TensorSpec {
  if (!meta.isTensor) return { name: meta.name, datatype: 'BYTES', shape: [] };
  return {
    name: meta.name,
    datatype: DATATYPES[meta.type] ?? 'FP32',
    shape: meta.shape.map((d) => (typeof d === 'number' && d >= 0 ? d : -1)),
  };
}

/** Float32 host data → the typed array the input's datatype needs. */
function feedData(datatype: TensorDatatype, data: Float32Array): OrtTensor.DataType {
  switch (datatype) {
    case 'FP64': return Float64Array.from(data);
    case 'INT64': return BigInt64Array.from(data, (v) => BigInt(Math.round(v)));
    case 'INT32': return Int32Array.from(data);
    case 'UINT8': return Uint8Array.from(data);
    default: return data;
  }
}

function detectKind(bytes: Uint8Array): OutputKind {
  try {
    return detectOutputKind(decodeOnnx(bytes)).kind;
  } catch {
    return 'logits'; // onnxruntime may accept what our decoder does not: predictions still work.
  }
}

/**
 * An ONNX model served by onnxruntime-node.
 *
 * @example
 * const model = await OnnxRuntimeModel.create('mlp.onnx');
 * const { data, shape } = await model.predict(x, [2, 4]);
 * model.dispose();
 */
export class OnnxRuntimeModel implements Model {
  readonly signature: ModelSignature;
  readonly outputKind: OutputKind;
  readonly differentiable = false;
  readonly #ort: Ort;
  readonly #session: InferenceSession;
  #disposed = false;

  private constructor(ort: Ort, session: InferenceSession, outputKind: OutputKind) {
    this.#ort = ort;
    this.#session = session;
    this.outputKind = outputKind;
    this.signature = { inputs: session.inputMetadata.map(spec), outputs: session.outputMetadata.map(spec) };
  }

  /**
   * Creates a session from a file path (external-data files then resolve next to it) or
   * from `.onnx` bytes; MDL_ERR_LOAD_FAILED when onnxruntime refuses it. Without
   * `outputKind` the graph is decoded once more to detect it.
   */
  static async create(source: Uint8Array | string, options: OnnxRuntimeOptions = {}): Promise<OnnxRuntimeModel> {
    const path = typeof source === 'string' ? source : '<bytes>';
    try {
      const ort = await import('onnxruntime-node');
      const sessionOptions: InferenceSession.SessionOptions = options.intraOpNumThreads === undefined ? {} : { intraOpNumThreads: options.intraOpNumThreads };
      // Two calls because TypeScript resolves create()'s overloads per argument type.
      const session = typeof source === 'string'
        ? await ort.InferenceSession.create(source, sessionOptions)
        : await ort.InferenceSession.create(source, sessionOptions);
      const kind = options.outputKind ?? detectKind(typeof source === 'string' ? await readFile(source) : source);
      return new OnnxRuntimeModel(ort, session, kind);
    } catch (cause) {
      throw modelErrors.error('MDL_ERR_LOAD_FAILED', `onnxruntime cannot load ${path}: ${(cause as Error).message}`, { path }, cause);
    }
  }

  async predict(batch: Float32Array, shape: number[]): Promise<HostTensor> {
    if (this.#disposed) throw modelErrors.error('MDL_ERR_LOAD_FAILED', 'the model was disposed');
    const input = this.signature.inputs[0] as TensorSpec;
    const output = this.signature.outputs[0] as TensorSpec;
    checkInput(input, batch.length, shape);
    const feed = new this.#ort.Tensor(feedData(input.datatype, batch) as Float32Array, shape);
    const result = await this.#session.run({ [input.name]: feed }, [output.name]);
    const y = result[output.name] as OrtTensor;
    try {
      const data = y.data;
      const out = data instanceof Float32Array ? data.slice() : Float32Array.from(data as ArrayLike<number | bigint>, Number);
      return { data: out, shape: [...y.dims] };
    } finally {
      y.dispose();
      feed.dispose();
    }
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    void this.#session.release();
  }
}

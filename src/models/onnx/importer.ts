/**
 * @module models/onnx/importer
 * ONNX → TF.js: turns a decoded ONNX graph into a differentiable TF.js function. At import
 * every node is checked against the op table (an unsupported op fails here, naming the op
 * and the node and listing the supported ops), initializers and Constant values become
 * kept tensors (float64 → float32, int64 → int32), and each handler pre-computes what
 * depends only on constants. At run time nodes execute in topological order on named
 * inputs, pruned to what the requested outputs need. Call `ensureTfBackend()` first.
 */
import * as tf from '@tensorflow/tfjs';
import type { ModelSignature } from '../../shared/signature.js';
import { isBulwarkError } from '../../shared/errors.js';
import { modelErrors } from '../errors.js';
import { decodeOnnx } from './codec.js';
import { hostConstant } from './host-constant.js';
import { constantValue } from './ops/constant.js';
import type { HostConstant, NodeContext, OpKernel, OpTable } from './ops/op-context.js';
import { ONNX_OPS, supportedOps } from './ops/registry.js';
import { detectOutputKind } from './output-kind.js';
import type { OutputKindInfo } from './output-kind.js';
import { graphInputs, onnxSignature } from './signature.js';
import { sortNodes } from './topo-sort.js';
import type { OnnxModel, OnnxNode } from './types.js';

/** A compiled graph: named inputs in, named outputs out, all on TF.js tensors. */
export interface ImportedGraph {
  readonly signature: ModelSignature;
  /** Version of the default-domain opset the model imports. */
  readonly opset: number;
  /** What the first output holds, and the logits tensor under a final (Log)Softmax. */
  readonly output: OutputKindInfo;
  /**
   * Runs the graph. `feeds` maps input names to tensors; `fetches` (default: the graph
   * outputs) may name any intermediate tensor. Intermediates are not disposed: call it
   * inside `tf.tidy` or `tf.grad`.
   */
  run(feeds: Readonly<Record<string, tf.Tensor>>, fetches?: readonly string[]): Record<string, tf.Tensor>;
  /** Disposes the weights. Idempotent. */
  dispose(): void;
}

/** Options of {@link importOnnx}. */
export interface ImportOptions {
  /** The op table (default: every supported op). */
  readonly ops?: OpTable;
}

interface Step {
  readonly node: OnnxNode;
  readonly kernel: OpKernel;
}

const DEFAULT_DOMAINS = new Set(['', 'ai.onnx']);

function opsetOf(model: OnnxModel): number {
  const v = model.opsetImport.find((o) => DEFAULT_DOMAINS.has(o.domain))?.version;
  if (v === undefined) throw modelErrors.error('MDL_ERR_ONNX_DECODE', 'the model imports no default-domain (ai.onnx) opset', { opsetImport: model.opsetImport });
  return v;
}

function checkSupported(nodes: readonly OnnxNode[], table: OpTable): void {
  const bad = nodes.filter((n) => !DEFAULT_DOMAINS.has(n.domain) || !table.has(n.opType));
  const first = bad[0];
  if (first === undefined) return;
  const op = DEFAULT_DOMAINS.has(first.domain) ? first.opType : `${first.domain}::${first.opType}`;
  const others = [...new Set(bad.slice(1).map((n) => n.opType))].filter((t) => t !== first.opType);
  const also = others.length > 0 ? ` (also unsupported: ${others.join(', ')})` : '';
  throw modelErrors.error(
    'MDL_ERR_UNSUPPORTED_OP',
    `node "${first.name}": op ${op} is not supported by the ONNX→TF.js importer${also}; supported ops: ${supportedOps(table).join(', ')}`,
    { node: first.name, opType: op, unsupported: [...new Set(bad.map((n) => n.opType))], supported: supportedOps(table) },
  );
}

/**
 * Imports an ONNX model (bytes or decoded) as a TF.js graph.
 *
 * @example
 * await ensureTfBackend();
 * const graph = importOnnx(await readFile('mlp.onnx'));
 * const y = tf.tidy(() => graph.run({ x: tf.ones([2, 4]) })['y']!.arraySync());
 * graph.dispose();
 */
export function importOnnx(source: Uint8Array | OnnxModel, options: ImportOptions = {}): ImportedGraph {
  const model = source instanceof Uint8Array ? decodeOnnx(source) : source;
  const table = options.ops ?? ONNX_OPS;
  const opset = opsetOf(model);
  const signature = onnxSignature(model.graph);
  const inputs = graphInputs(model.graph).map((v) => v.name);
  const nodes = sortNodes(model.graph.nodes, [...inputs, ...model.graph.initializers.map((t) => t.name)]);
  checkSupported(nodes, table);
  const kept = new Set<tf.Tensor>();
  const keep = <T extends tf.Tensor>(t: T): T => {
    kept.add(tf.keep(t));
    return t;
  };
  // A scope, like tf.tidy, so temporaries of the handlers go; kept tensors survive it.
  tf.engine().startScope();
  try {
    const { constants, steps } = compile(model, nodes, table, opset, keep);
    return new CompiledGraph({ signature, opset, output: detectOutputKind(model), inputs, constants, steps, kept });
  } catch (err) {
    for (const t of kept) t.dispose();
    throw err;
  } finally {
    tf.engine().endScope();
  }
}

function compile(model: OnnxModel, nodes: readonly OnnxNode[], table: OpTable, opset: number, keep: NodeContext['keep']) {
  const host = new Map<string, HostConstant>();
  const constants = new Map<string, tf.Tensor>();
  const addConstant = (name: string, c: HostConstant): void => {
    host.set(name, c);
    constants.set(name, keep(tf.tensor(c.values, [...c.shape], c.dtype)));
  };
  for (const t of model.graph.initializers) addConstant(t.name, hostConstant(t));
  const steps: Step[] = [];
  for (const node of nodes) {
    if (node.opType === 'Constant') {
      addConstant(node.outputs[0] ?? '', constantValue(node));
      continue;
    }
    const handler = table.get(node.opType);
    if (handler === undefined) throw new Error(`unreachable: ${node.opType} passed checkSupported`);
    const ctx: NodeContext = {
      node,
      opset,
      keep,
      constantInput: (i) => host.get(node.inputs[i] ?? ''),
    };
    steps.push({ node, kernel: handler(ctx) });
  }
  return { constants, steps };
}

interface CompiledParts {
  readonly signature: ModelSignature;
  readonly opset: number;
  readonly output: OutputKindInfo;
  readonly inputs: readonly string[];
  readonly constants: ReadonlyMap<string, tf.Tensor>;
  readonly steps: readonly Step[];
  readonly kept: Set<tf.Tensor>;
}

class CompiledGraph implements ImportedGraph {
  readonly signature: ModelSignature;
  readonly opset: number;
  readonly output: OutputKindInfo;
  readonly #p: CompiledParts;
  readonly #plans = new Map<string, readonly Step[]>();
  #disposed = false;

  constructor(parts: CompiledParts) {
    this.signature = parts.signature;
    this.opset = parts.opset;
    this.output = parts.output;
    this.#p = parts;
  }

  run(feeds: Readonly<Record<string, tf.Tensor>>, fetches: readonly string[] = this.signature.outputs.map((o) => o.name)): Record<string, tf.Tensor> {
    if (this.#disposed) throw modelErrors.error('MDL_ERR_LOAD_FAILED', 'the imported graph was disposed');
    const env = new Map<string, tf.Tensor>(this.#p.constants);
    for (const name of this.#p.inputs) {
      const t = feeds[name];
      if (t !== undefined) env.set(name, t);
    }
    for (const step of this.#plan(fetches)) execute(step, env);
    const out: Record<string, tf.Tensor> = {};
    for (const name of fetches) {
      const t = env.get(name);
      if (t === undefined) throw modelErrors.error('MDL_ERR_SHAPE_MISMATCH', `tensor "${name}" was not computed (missing input?)`, { tensor: name, fed: Object.keys(feeds) });
      // Never hand out a weight: the caller disposes what it gets.
      out[name] = this.#p.kept.has(t) ? t.clone() : t;
    }
    return out;
  }

  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    for (const t of this.#p.kept) t.dispose();
    this.#p.kept.clear();
  }

  /** The steps needed for `fetches`, in order (memoised per fetch list). */
  #plan(fetches: readonly string[]): readonly Step[] {
    const key = fetches.join('\u0000');
    let plan = this.#plans.get(key);
    if (plan === undefined) {
      const needed = new Set(fetches);
      const keep: Step[] = [];
      for (const step of [...this.#p.steps].reverse()) {
        if (!step.node.outputs.some((o) => needed.has(o))) continue;
        keep.push(step);
        for (const i of step.node.inputs) if (i !== '') needed.add(i);
      }
      plan = keep.reverse();
      this.#plans.set(key, plan);
    }
    return plan;
  }
}

function execute({ node, kernel }: Step, env: Map<string, tf.Tensor>): void {
  const ins = node.inputs.map((name) => {
    if (name === '') return undefined;
    const t = env.get(name);
    if (t === undefined) throw modelErrors.error('MDL_ERR_SHAPE_MISMATCH', `node "${node.name}" (${node.opType}): input "${name}" was not fed`, { node: node.name, input: name });
    return t;
  });
  let result: tf.Tensor | tf.Tensor[];
  try {
    result = kernel(ins);
  } catch (err) {
    if (isBulwarkError(err)) throw err;
    const shapes = ins.map((t) => (t === undefined ? null : t.shape));
    throw modelErrors.error('MDL_ERR_SHAPE_MISMATCH', `node "${node.name}" (${node.opType}) failed on input shapes ${JSON.stringify(shapes)}: ${(err as Error).message}`, { node: node.name, opType: node.opType, inputShapes: shapes }, err);
  }
  const outs = Array.isArray(result) ? result : [result];
  node.outputs.forEach((name, i) => {
    const t = outs[i];
    if (name !== '' && t !== undefined) env.set(name, t);
  });
}

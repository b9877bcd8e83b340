/**
 * @module models/onnx/output-kind
 * Decides what an ONNX classifier's first output holds (logits, probabilities or
 * log-probabilities) from the node that produces it, looking through Identity/Dropout: a
 * final Softmax or LogSoftmax over the class axis means (log-)probabilities, and its input
 * is the logits tensor, which the loss then uses for numerical stability.
 */
import type { OutputKind } from '../model.js';
import type { OnnxAttribute, OnnxModel, OnnxNode } from './types.js';

/** The detected kind and, under a final (Log)Softmax, the name of the logits tensor. */
export interface OutputKindInfo {
  readonly kind: OutputKind;
  readonly logits?: string;
}

function opsetOf(model: OnnxModel): number {
  return model.opsetImport.find((o) => o.domain === '' || o.domain === 'ai.onnx')?.version ?? 1;
}

function intAttr(a: OnnxAttribute | undefined, fallback: number): number {
  return a?.kind === 'int' ? a.value : fallback;
}

/** True when the (Log)Softmax normalises over the last axis of a tensor of rank `rank`. */
function overClassAxis(node: OnnxNode, opset: number, rank: number | undefined): boolean {
  const legacy = opset < 13;
  const axis = intAttr(node.attributes['axis'], legacy ? 1 : -1);
  if (rank === undefined) return legacy ? axis === 1 || axis === -1 : axis === -1;
  const a = axis < 0 ? axis + rank : axis;
  return legacy ? rank === 2 && a === 1 : a === rank - 1;
}

/**
 * What the first graph output holds.
 *
 * @example
 * detectOutputKind(decodeOnnx(bytes)); // { kind: 'probabilities', logits: 'Gemm_2_out' }
 */
export function detectOutputKind(model: OnnxModel): OutputKindInfo {
  const { graph } = model;
  const first = graph.outputs[0];
  if (first === undefined) return { kind: 'logits' };
  const producer = new Map<string, OnnxNode>();
  for (const node of graph.nodes) for (const out of node.outputs) producer.set(out, node);
  let node = producer.get(first.name);
  while (node !== undefined && (node.opType === 'Identity' || node.opType === 'Dropout')) {
    node = producer.get(node.inputs[0] ?? '');
  }
  if (node === undefined || (node.opType !== 'Softmax' && node.opType !== 'LogSoftmax')) return { kind: 'logits' };
  if (!overClassAxis(node, opsetOf(model), first.shape?.length)) return { kind: 'logits' };
  const logits = node.inputs[0] ?? '';
  return { kind: node.opType === 'Softmax' ? 'probabilities' : 'log-probabilities', logits };
}

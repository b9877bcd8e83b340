/**
 * @module models/onnx/topo-sort
 * Orders graph nodes so that every node runs after the producers of its inputs. The ONNX
 * spec requires nodes to be stored in that order already; exporters occasionally get it
 * wrong, so the importer sorts (stable: a well-ordered graph keeps its order).
 */
import { modelErrors } from '../errors.js';
import type { OnnxNode } from './types.js';

/**
 * Nodes in dependency order; MDL_ERR_ONNX_DECODE on a cycle or an input nobody produces.
 *
 * @example
 * sortNodes(graph.nodes, ['x', 'w']);
 */
export function sortNodes(nodes: readonly OnnxNode[], available: readonly string[]): OnnxNode[] {
  const ready = new Set(available);
  const pending = [...nodes];
  const sorted: OnnxNode[] = [];
  while (pending.length > 0) {
    const index = pending.findIndex((n) => n.inputs.every((i) => i === '' || ready.has(i)));
    if (index < 0) {
      const stuck = pending[0] as OnnxNode;
      const missing = stuck.inputs.filter((i) => i !== '' && !ready.has(i));
      throw modelErrors.error('MDL_ERR_ONNX_DECODE', `node "${stuck.name}" (${stuck.opType}) reads ${missing.map((m) => `"${m}"`).join(', ')}, which no node, input or initializer produces (or the graph has a cycle)`, { node: stuck.name, missing });
    }
    const [node] = pending.splice(index, 1) as [OnnxNode];
    sorted.push(node);
    for (const o of node.outputs) if (o !== '') ready.add(o);
  }
  return sorted;
}

/**
 * @module models/onnx/ops/registry
 * The op table of the importer: one entry per supported ONNX op type (default domain),
 * assembled from one file per op family. Adding an op means adding it to its family's
 * record; a type registered twice is a programming error caught at module load.
 */
import { activationOps } from './activation.js';
import { constantOps } from './constant.js';
import { convOps } from './conv.js';
import { elementwiseOps } from './elementwise.js';
import { linearOps } from './linear.js';
import { normalizationOps } from './normalization.js';
import type { OpHandler, OpTable } from './op-context.js';
import { poolOps } from './pool.js';
import { shapeOps } from './shape.js';

const FAMILIES: ReadonlyArray<Readonly<Record<string, OpHandler>>> = [
  elementwiseOps, linearOps, activationOps, convOps, poolOps, shapeOps, normalizationOps, constantOps,
];

function buildTable(): OpTable {
  const table = new Map<string, OpHandler>();
  for (const family of FAMILIES) {
    for (const [opType, handler] of Object.entries(family)) {
      if (table.has(opType)) throw new Error(`ONNX op ${opType} registered twice`);
      table.set(opType, handler);
    }
  }
  return table;
}

/**
 * Every op the importer supports, by type.
 *
 * @example
 * ONNX_OPS.has('Conv'); // true
 */
export const ONNX_OPS: OpTable = buildTable();

/**
 * The supported op types, sorted (for error messages and docs).
 *
 * @example
 * supportedOps(); // ['Add', 'AveragePool', 'BatchNormalization', …]
 */
export function supportedOps(table: OpTable = ONNX_OPS): string[] {
  return [...table.keys()].sort();
}

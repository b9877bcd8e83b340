import { describe, expect, it } from 'vitest';
import { runInspector } from '../../../test/helpers/inspector-exchange.js';
import type { ModelSignature } from '../../shared/signature.js';
import { decodeOipInputs } from '../oip/tensors.js';
import { staticResources } from '../resources.js';
import { checkSchema, SCHEMA_REASONS } from './check-schema.js';
import { schemaDefinition } from './definition.js';

const signature: ModelSignature = {
  inputs: [
    { name: 'pixels', datatype: 'FP32', shape: [-1, 4], range: [0, 1] },
    { name: 'count', datatype: 'INT32', shape: [-1] },
  ],
  outputs: [{ name: 'p', datatype: 'FP32', shape: [-1, 2] }],
};

type Input = { name?: unknown; datatype?: unknown; shape?: unknown; data?: unknown };
const good = (): Input[] => [
  { name: 'pixels', datatype: 'FP32', shape: [2, 4], data: [[0, 0.5, 1, 0.25], [1, 1, 1, 1]] },
  { name: 'count', datatype: 'INT32', shape: [2], data: [3, 4] },
];
const check = (inputs: unknown) => checkSchema(decodeOipInputs({ inputs }, 1024), signature);
const reasonOf = (inputs: unknown) => {
  const r = check(inputs);
  return r.violation ? r.reason : 'ok';
};
const withInput = (i: number, patch: Input): Input[] => good().map((t, k) => (k === i ? { ...t, ...patch } : t));

describe('checkSchema', () => {
  it('accepts a request that matches the signature (dynamic batch, declared range)', () => {
    expect(check(good())).toEqual({ violation: false });
  });

  it('names each problem, in order', () => {
    expect(checkSchema(decodeOipInputs({ nope: 1 }, 10), signature)).toMatchObject({ violation: true, reason: 'not_oip' });
    expect(reasonOf([...good(), { name: 'extra', datatype: 'FP32', shape: [1], data: [1] }])).toBe('unknown_input');
    expect(reasonOf(withInput(0, { name: undefined }))).toBe('unknown_input');
    expect(reasonOf(good().slice(0, 1))).toBe('missing_input');
    expect(reasonOf(withInput(0, { datatype: 'FP64' }))).toBe('datatype');
    expect(reasonOf(withInput(0, { shape: [2, 3] }))).toBe('shape');
    expect(reasonOf(withInput(0, { shape: [8] }))).toBe('shape');
    expect(reasonOf(withInput(0, { shape: [-2, 4] }))).toBe('shape');
    expect(reasonOf(withInput(0, { shape: 'x' }))).toBe('shape');
    expect(reasonOf(withInput(0, { shape: [3, 4] }))).toBe('data_length');
    expect(reasonOf(withInput(0, { data: [[0, 0.5, 1, null], [1, 1, 1, 1]] }))).toBe('value_type');
    expect(reasonOf(withInput(0, { data: [[0, 0.5, 1, '1'], [1, 1, 1, 1]] }))).toBe('value_type');
    expect(reasonOf(withInput(1, { data: [3, 4.5] }))).toBe('value_type');
    expect(reasonOf(withInput(1, { data: [3, 2 ** 31] }))).toBe('value_type');
    expect(reasonOf(withInput(0, { data: [[0, 0.5, 1.5, 0], [1, 1, 1, 1]] }))).toBe('out_of_range');
    expect(reasonOf(withInput(0, { data: [[0, -0.1, 1, 0], [1, 1, 1, 1]] }))).toBe('out_of_range');
    expect(SCHEMA_REASONS).toHaveLength(8);
  });

  it('checks BYTES and BOOL inputs', () => {
    const text: ModelSignature = { inputs: [{ name: 't', datatype: 'BYTES', shape: [-1] }, { name: 'b', datatype: 'BOOL', shape: [-1] }], outputs: signature.outputs };
    const run = (t: unknown[], b: unknown[]) => checkSchema(decodeOipInputs({ inputs: [{ name: 't', datatype: 'BYTES', shape: [t.length], data: t }, { name: 'b', datatype: 'BOOL', shape: [b.length], data: b }] }, 100), text);
    expect(run(['a'], [true])).toEqual({ violation: false });
    expect(run([1], [true])).toMatchObject({ reason: 'value_type' });
    expect(run(['a'], [2])).toMatchObject({ reason: 'value_type' });
  });

  it('reports a detail that names the input and never echoes long hostile names', () => {
    const r = check([...good(), { name: 'x'.repeat(10_000), datatype: 'FP32', shape: [1], data: [1] }]);
    expect(r.violation && r.detail.length).toBeLessThan(200);
  });
});

describe('schema inspector in the gateway', () => {
  const resources = staticResources({ m: { v1: { signature } } });
  it('writes schema_violation and the reason flag', () => {
    expect(runInspector(schemaDefinition(resources), { protocol: 'oip-v2', json: { inputs: good() } })).toEqual({ schema_violation: false });
    expect(runInspector(schemaDefinition(resources), { protocol: 'oip-v2', json: { inputs: withInput(0, { datatype: 'INT64' }) } })).toEqual({ schema_violation: true, schema_violation_datatype: true });
  });

  it('says when the version has no declared signature, and ignores chat', () => {
    expect(runInspector(schemaDefinition(resources), { protocol: 'oip-v2', json: { inputs: good() }, version: 'v9' })).toEqual({ schema_unavailable: true });
    expect(runInspector(schemaDefinition(resources), { protocol: 'openai', json: { messages: [] } })).toEqual({});
  });
});

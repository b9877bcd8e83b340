import { describe, expect, it } from 'vitest';
import { attr, OnnxGraphBuilder } from './builder.js';

describe('OnnxGraphBuilder', () => {
  it('types attributes from the op schema: Gemm alpha 1 is a FLOAT, transB an INT', () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [1, 2]);
    const w = b.initializer('w', new Float32Array(4), [2, 2]);
    b.output(b.node('Gemm', [x, w], { alpha: 1, transB: 1 }), [1, 2]);
    expect(b.build().graph.nodes[0]?.attributes).toEqual({ alpha: { kind: 'float', value: 1 }, transB: { kind: 'int', value: 1 } });
  });

  it('infers unknown attributes from the JS value, and takes explicit ones as given', () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [1]);
    b.output(b.node('Mystery', [x], { n: 2, r: 0.5, v: [1, 2], w: [0.5], s: 'k', e: attr.float(3) }), [1]);
    expect(b.build().graph.nodes[0]?.attributes).toEqual({
      n: { kind: 'int', value: 2 }, r: { kind: 'float', value: 0.5 }, v: { kind: 'ints', value: [1, 2] },
      w: { kind: 'floats', value: [0.5] }, s: { kind: 'string', value: 'k' }, e: { kind: 'float', value: 3 },
    });
  });

  it('writes IR version 8 and the requested opset; rejects opsets outside 13–17', () => {
    const b = new OnnxGraphBuilder({ opset: 17 });
    b.output(b.input('x', [1]), [1]);
    expect(b.build()).toMatchObject({ irVersion: 8, opsetImport: [{ domain: '', version: 17 }] });
    expect(() => new OnnxGraphBuilder({ opset: 12 })).toThrow(/opset must be 13–17/);
    expect(() => new OnnxGraphBuilder({ opset: 18 })).toThrow(/opset must be 13–17/);
  });

  it('catches typos early: unknown inputs, duplicate names, undefined outputs, wrong value counts', () => {
    const b = new OnnxGraphBuilder();
    const x = b.input('x', [2]);
    expect(() => b.node('Relu', ['y'])).toThrow(/unknown input "y"/);
    expect(() => b.input('x', [2])).toThrow(/already defined/);
    expect(() => b.output('nope', [2])).toThrow(/not defined/);
    expect(() => b.initializer('w', new Float32Array(3), [2, 2])).toThrow(/3 values for dims \[2, 2\]/);
    expect(b.node('Relu', [x], {}, { name: 'r' })).toBe('r_out');
    expect(() => new OnnxGraphBuilder().build()).toThrow(/at least one input/);
  });
});

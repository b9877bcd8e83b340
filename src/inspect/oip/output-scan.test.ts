import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsonNumberValue } from './json-bytes.js';
import { NOT_SCANNED, scanOutputProbabilities } from './output-scan.js';
import { classifierSignals, oipOutputSignals, writeOipOutputSignals } from '../output/output-signals.js';
import { outputProbabilities } from './outputs.js';

/** What the output inspector did before the byte scan: decode, parse, read. */
function reference(bytes: Uint8Array): number[] | undefined {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.length).toString('utf8'));
  } catch {
    return undefined;
  }
  return outputProbabilities(json);
}

function same(a: number[] | undefined, b: number[] | undefined): boolean {
  if (a === undefined || b === undefined) return a === b;
  return a.length === b.length && a.every((v, i) => Object.is(v, b[i]));
}

/** The output inspector's signals agree with the reference's, field by field (Object.is), on every body. */
function checkSignals(bytes: Uint8Array): void {
  const probs = reference(bytes);
  const want = probs === undefined ? undefined : classifierSignals(probs);
  const got = oipOutputSignals(bytes);
  const written: Record<string, number | boolean> = {};
  writeOipOutputSignals(bytes, written);
  const ok = want === undefined ? got === undefined && Object.keys(written).length === 0 : got !== undefined && (['confidence', 'margin', 'predicted_class'] as const).every((k) => Object.is(got[k], want[k]) && Object.is(written[k], want[k]));
  if (!ok) throw new Error(`${Buffer.from(bytes).toString('latin1')}: ${JSON.stringify(got)} / ${JSON.stringify(written)}, want ${JSON.stringify(want)}`);
  if (want !== undefined) expect(Object.keys(written)).toEqual(['confidence', 'margin', 'predicted_class']);
}

let scanned = 0;
let found = 0;
/** The scan agrees with the reference whenever it answers; counts its answers. */
function check(bytes: Uint8Array): void {
  const got = scanOutputProbabilities(bytes);
  if (got === NOT_SCANNED) return;
  scanned++;
  if (got !== undefined) found++;
  const want = reference(bytes);
  if (!same(got, want)) throw new Error(`${Buffer.from(bytes).toString('latin1')}: scan ${JSON.stringify(got)}, parse ${JSON.stringify(want)}`);
}
const checkText = (text: string): void => {
  const bytes = Buffer.from(text, 'utf8');
  check(bytes);
  if (bytes.length > 0) checkSignals(bytes);
};

// A JSON document with duplicate keys allowed: objects are lists of [key, value].
type Doc = null | boolean | { n: string } | { s: string } | { a: Doc[] } | { o: [string, Doc][] };

const numberText = fc.oneof(
  fc.double({ noNaN: true, noDefaultInfinity: true }).map(String),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).chain((x) => fc.integer({ min: 0, max: 20 }).map((d) => x.toExponential(d))),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 }).chain((x) => fc.integer({ min: 0, max: 20 }).map((d) => x.toFixed(d))),
  fc.double({ noNaN: true, noDefaultInfinity: true, min: 0, max: 1 }).chain((x) => fc.integer({ min: 1, max: 21 }).map((p) => x.toPrecision(p))),
  fc.stringMatching(/^-?(0|[1-9]\d{0,24})(\.\d{1,24})?([eE][+-]?\d{1,5})?$/),
  fc.constantFrom('0', '-0', '-0.0', '1', '0.25', '0.75', '1e400', '-1e400', '1e-400', '4.9e-324', '1.7976931348623157e308', '9007199254740993', '0.1e1', '1E2', '1e+2', '2.5E-1'),
);
const keyText = fc.oneof(fc.constantFrom('outputs', 'name', 'datatype', 'shape', 'data', 'model_name', 'id', '__proto__'), fc.string({ maxLength: 6 }));
const stringText = fc.oneof(fc.constantFrom('FP32', 'BYTES', 'INT64', 'p', ''), fc.string({ maxLength: 6 }), fc.string({ unit: 'binary', maxLength: 4 }));

const doc: fc.Arbitrary<Doc> = fc.letrec<{ doc: Doc }>((tie) => ({
  doc: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom<Doc>(null, true, false),
    numberText.map((n) => ({ n })),
    stringText.map((s) => ({ s })),
    fc.array(tie('doc'), { maxLength: 5 }).map((a) => ({ a })),
    fc.array(fc.tuple(keyText, tie('doc')), { maxLength: 5 }).map((o) => ({ o })),
  ),
})).doc;

const numbers = (min: number, max: number) => fc.array(numberText.map((n) => ({ n }) as Doc), { minLength: min, maxLength: max }).map((a) => ({ a }) as Doc);
/** Outputs shaped like a classifier's, with the odd field here and there. */
const oipOutput: fc.Arbitrary<Doc> = fc
  .record({
    name: fc.option(stringText.map((s) => ({ s }) as Doc)),
    datatype: fc.option(fc.oneof({ weight: 5, arbitrary: fc.constantFrom('FP32', 'FP64', 'BYTES', 'INT64').map((s) => ({ s }) as Doc) }, { weight: 1, arbitrary: doc })),
    shape: fc.option(
      fc.oneof(
        { weight: 5, arbitrary: fc.array(fc.integer({ min: -2, max: 5 }).map((n) => ({ n: String(n) }) as Doc), { maxLength: 3 }).map((a) => ({ a }) as Doc) },
        { weight: 1, arbitrary: numbers(0, 3) },
        { weight: 1, arbitrary: doc },
      ),
    ),
    data: fc.option(
      fc.oneof(
        { weight: 6, arbitrary: numbers(0, 8) },
        { weight: 2, arbitrary: fc.array(numbers(0, 4), { maxLength: 3 }).map((a) => ({ a }) as Doc) },
        { weight: 1, arbitrary: doc },
      ),
      { freq: 8 },
    ),
    extra: fc.option(fc.tuple(keyText, doc)),
  })
  .map(({ name, datatype, shape, data, extra }) => {
    const o: [string, Doc][] = [];
    if (name !== null) o.push(['name', name]);
    if (datatype !== null) o.push(['datatype', datatype]);
    if (shape !== null) o.push(['shape', shape]);
    if (data !== null) o.push(['data', data]);
    if (extra !== null) o.push(extra);
    return { o };
  });
const oipDoc: fc.Arbitrary<Doc> = fc
  .tuple(fc.array(fc.oneof({ weight: 9, arbitrary: oipOutput }, { weight: 1, arbitrary: doc }), { maxLength: 4 }), fc.array(fc.tuple(keyText, doc), { maxLength: 3 }), fc.boolean())
  .map(([outputs, others, first]) => {
    const o: [string, Doc][] = [['model_name', { s: 'm' }], ...others];
    if (first) o.unshift(['outputs', { a: outputs }]);
    else o.push(['outputs', { a: outputs }]);
    return { o };
  });

/** Serialises with random whitespace and \\u escapes (the `style` stream picks). */
function serialise(d: Doc, style: () => number): string {
  const space = (): string => [' ', '', '\n', '\t', '\r', '', ''][style() % 7] as string;
  const str = (s: string): string => {
    const plain = JSON.stringify(s);
    if (style() % 12 !== 0 || s.length === 0) return plain;
    return `"\\u${(s.charCodeAt(0) as number).toString(16).padStart(4, '0')}${plain.slice(1 + JSON.stringify(s[0]).length - 2)}`;
  };
  if (d === null || typeof d === 'boolean') return String(d);
  if ('n' in d) return d.n;
  if ('s' in d) return str(d.s);
  if ('a' in d) return `[${space()}${d.a.map((x) => serialise(x, style)).join(`${space()},${space()}`)}${space()}]`;
  return `{${space()}${d.o.map(([k, v]) => `${str(k)}${space()}:${space()}${serialise(v, style)}`).join(`,${space()}`)}${space()}}`;
}

const styled = (arb: fc.Arbitrary<Doc>) => fc.tuple(arb, fc.array(fc.nat(), { minLength: 1, maxLength: 64 })).map(([d, picks]) => {
  let k = 0;
  return serialise(d, () => picks[k++ % picks.length] as number);
});

describe('scanOutputProbabilities', () => {
  it('answers like JSON.parse + outputProbabilities on classifier answers', () => {
    const samples = [
      '{"model_name":"bench","model_version":"v1","id":"bench","outputs":[{"name":"probabilities","datatype":"FP32","shape":[1,2],"data":[0.25,0.75]}]}',
      '{"outputs":[{"name":"p","datatype":"FP32","shape":[2,2],"data":[0.3,0.7,0.6,0.4]}]}',
      '{"outputs":[{"name":"p","datatype":"FP32","shape":[1,2],"data":[[0.2,0.8]]}]}',
      '{"outputs":[{"name":"p","datatype":"FP32","shape":[1,1],"data":[0.03]}]}',
      '{"outputs":[{"name":"p","datatype":"FP32","shape":[1,3],"data":[3,1,0]}]}',
      '{"outputs":[{"name":"label","datatype":"BYTES","shape":[1],"data":["cat"]},{"name":"p","datatype":"FP32","shape":[1,2],"data":[0.1,0.9]}]}',
      '{"outputs":[{"name":"p","datatype":"FP32","shape":[1,2],"data":[0.1,0.9]}],"outputs":[]}',
      '{"outputs":[],"outputs":[{"name":"p","datatype":"FP32","shape":[1,2],"data":[0.1,0.9]}]}',
      ' \r\n\t{ "outputs" : [ { "data" : [ -0.0 , 1e0 ] , "shape" : [ 1 , 2 ] } ] } \n',
      '{"outputs":[{"data":[0.5,0.5],"shape":[1,0]}]}',
      '{"outputs":[{"data":[0.5,0.5],"shape":[1,-1]}]}',
      '{"outputs":[{"data":[0.5,0.5],"shape":[1,2.5]}]}',
      '{"outputs":[{"data":[0.5,0.5],"shape":[1e400,2]}]}',
      '{"outputs":[{"data":[0.5,0.5],"shape":[1,1.0000000000000001]}]}',
      '{"outputs":[{"data":[0.5,0.5],"shape":[]}]}',
      '{"outputs":[{"data":[],"shape":[1,2]},{"data":[[],[]]},{"data":[0.9]}]}',
      '{"outputs":[{"data":[0.5,0.5]},7]}',
      '{"outputs":{"data":[0.5,0.5]}}',
      '{"outputs":[{"data":[0.5,0.5]}]}x',
      '{"outputs":[{"data":[0.5,0.5]}],}',
      '{"outputs":[{"data":[01]}]}',
      '\ufeff{"outputs":[{"data":[0.5,0.5]}]}',
      '{"outputs":[{"name":"\u00e9\u0001","data":[0.5,0.5]}]}',
      '{"outputs":[{"name":"é","data":[0.5,0.5]}]}',
      '[{"outputs":[]}]',
      '"outputs"',
      '{}',
      '{"outputs":[{"data":[0.1,0.2,0.7],"shape":[1,3]}],"extra":{"deep":[[[[{"x":null}]]]],"t":true,"f":false}}',
    ];
    for (const text of samples) checkText(text);
    check(Buffer.from([0x7b, 0x22, 0x6f, 0xff, 0x22, 0x3a, 0x31, 0x7d])); // invalid UTF-8 inside a key
    check(Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xc3, 0x22, 0x7d])); // truncated sequence before the closing quote
    check(Buffer.from([0x7b, 0xc2, 0xa0, 0x7d])); // no-break space is not JSON whitespace
    expect(scanOutputProbabilities(Buffer.from(samples[0] as string))).toEqual([0.25, 0.75]);
  });

  it('reads a view into a larger buffer only within its bounds', () => {
    const whole = Buffer.from('{"outputs":[{"data":[0.25,0.75]}]}xyz');
    expect(scanOutputProbabilities(whole.subarray(0, whole.length - 3))).toEqual([0.25, 0.75]);
    expect(scanOutputProbabilities(whole.subarray(0, 20))).toBeUndefined();
  });

  it('leaves escaped keys and datatypes, odd data and deep nesting to the parser', () => {
    expect(scanOutputProbabilities(Buffer.from('{"outp\\u0075ts":[{"data":[0.5,0.5]}]}'))).toBe(NOT_SCANNED);
    expect(scanOutputProbabilities(Buffer.from('{"outputs":[{"datatype":"BYT\\u0045S","data":[0.5,0.5]}]}'))).toBe(NOT_SCANNED);
    expect(scanOutputProbabilities(Buffer.from('{"outputs":[{"data":[true,0.5]}]}'))).toBe(NOT_SCANNED);
    expect(scanOutputProbabilities(Buffer.from(`{"a":${'['.repeat(100)}${']'.repeat(100)},"outputs":[]}`))).toBe(NOT_SCANNED);
  });

  it('agrees with the parser on generated documents, answers and mutations', () => {
    scanned = 0;
    found = 0;
    fc.assert(fc.property(styled(oipDoc), (text) => checkText(text)), { numRuns: 3000 });
    // Most generated answers are settled by the scan, and many have probabilities.
    expect(scanned).toBeGreaterThan(1200);
    expect(found).toBeGreaterThan(400);
    fc.assert(fc.property(styled(doc), (text) => checkText(text)), { numRuns: 2000 });
    const mutation = fc.tuple(styled(oipDoc), fc.nat(), fc.constantFrom('', ' ', '"', ',', ':', '[', ']', '{', '}', '-', '0', '.', 'e', '\\', '\u0001', 'é', 'x'), fc.boolean());
    fc.assert(
      fc.property(mutation, ([text, at, insert, replace]) => {
        const i = at % (text.length + 1);
        checkText(text.slice(0, i) + insert + text.slice(replace ? i + 1 : i));
      }),
      { numRuns: 5000 },
    );
    fc.assert(fc.property(styled(oipDoc), fc.nat(), (text, cut) => checkText(text.slice(0, cut % (text.length + 1)))), { numRuns: 1000 });
  });

  it('reads numbers as JSON.parse does', () => {
    fc.assert(
      fc.property(numberText, (n) => {
        expect(Object.is(jsonNumberValue(n), JSON.parse(n))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
    for (const n of ['0', '-0', '-0.0', '0e5', '-0e-5', '123456789012345', '1234567890123456', '0.000000000000000000001', '1e22', '1e23', '9007199254740993', '1.7976931348623157e308', '1e308', '1e309', '5e-324', '2e-324']) {
      expect(Object.is(jsonNumberValue(n), JSON.parse(n))).toBe(true);
    }
    expect(jsonNumberValue('01')).toBeNaN();
  });
});

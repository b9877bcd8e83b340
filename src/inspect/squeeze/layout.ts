/**
 * @module inspect/squeeze/layout
 * How to squeeze a model's input, read from its signature's first input:
 *
 * - rank 4 `[-1, C, H, W]` with C ∈ {1, 3, 4} (NCHW), else `[-1, H, W, C]` (NHWC): an image;
 * - rank 3 `[-1, H, W]`: a one-channel image;
 * - rank 2 `[-1, F]` with a declared `range` and F = k² (k ≥ 4): a flattened k×k
 *   one-channel image (the optdigits MLP: `[-1, 64]`, range [0, 1] → 8×8);
 * - any other rank 2 `[-1, F]`: tabular.
 *
 * Images need a range for bit-depth reduction: the declared one, else [0, 1].
 */
import type { ModelSignature } from '../../shared/signature.js';
import { inspectErrors } from '../errors.js';
import type { ImageLayout } from './squeezers.js';

/** The squeezing layout of a model input. */
export type SqueezeLayout =
  | { readonly kind: 'image'; readonly image: ImageLayout; readonly range: readonly [number, number]; readonly rowWidth: number; readonly shape: readonly number[] }
  | { readonly kind: 'tabular'; readonly rowWidth: number };

function image(layout: ImageLayout, range: readonly [number, number] | undefined, shape: readonly number[]): SqueezeLayout {
  return { kind: 'image', image: layout, range: range ?? [0, 1], rowWidth: layout.channels * layout.height * layout.width, shape };
}

/**
 * The layout of the signature's first input. Throws `INS_ERR_SQUEEZE_INPUT` for a non-numeric
 * input or a dynamic non-batch dimension.
 *
 * @example
 * squeezeLayout({ inputs: [{ name: 'pixels', datatype: 'FP32', shape: [-1, 64], range: [0, 1] }], outputs: [...] }).kind; // 'image' (8×8)
 */
export function squeezeLayout(signature: Pick<ModelSignature, 'inputs'>): SqueezeLayout {
  const input = signature.inputs[0];
  if (input === undefined || input.datatype === 'BYTES' || input.datatype === 'BOOL') {
    throw inspectErrors.error('INS_ERR_SQUEEZE_INPUT', `feature squeezing needs a numeric first input, got ${input === undefined ? 'none' : input.datatype}`, {});
  }
  const dims = input.shape.slice(1);
  if (dims.length === 0 || dims.some((d) => d < 1)) {
    throw inspectErrors.error('INS_ERR_SQUEEZE_INPUT', `input "${input.name}" must have fixed non-batch dimensions, got [${input.shape.join(', ')}]`, { input: input.name });
  }
  const range = input.range;
  const [a, b, c] = dims as [number, number?, number?];
  if (dims.length === 3) {
    const nchw = a === 1 || a === 3 || a === 4;
    return image(nchw ? { channels: a, height: b as number, width: c as number, channelsLast: false } : { channels: c as number, height: a, width: b as number, channelsLast: true }, range, dims);
  }
  if (dims.length === 2) return image({ channels: 1, height: a, width: b as number, channelsLast: false }, range, dims);
  const k = Math.round(Math.sqrt(a));
  if (dims.length === 1 && range !== undefined && k >= 4 && k * k === a) return image({ channels: 1, height: k, width: k, channelsLast: false }, range, dims);
  if (dims.length === 1) return { kind: 'tabular', rowWidth: a };
  throw inspectErrors.error('INS_ERR_SQUEEZE_INPUT', `input "${input.name}" has rank ${input.shape.length}; expected 2 (tabular) to 4 (images)`, { input: input.name });
}

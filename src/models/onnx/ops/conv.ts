/**
 * @module models/onnx/ops/conv
 * 2-D Conv (NCHW input, weights [M, C/group, kH, kW], optional bias [M]) with pads
 * (asymmetric too), strides, dilations, group (depthwise included) and auto_pad
 * NOTSET/VALID/SAME_UPPER/SAME_LOWER.
 *
 * Everything is lowered to what TF.js can differentiate on every backend: padding is an
 * explicit `tf.pad` followed by a VALID convolution, dilation is applied to the filter
 * (zeros inserted between taps; TF.js rejects gradients of dilated convolutions), and
 * grouped convolutions run one `conv2d` per group (the wasm backend has no gradient kernel
 * for depthwise convolution). Constant weights are transformed once, at import.
 */
import * as tf from '@tensorflow/tfjs';
import type { HostConstant, NodeContext, OpHandler } from './op-context.js';
import { attrs, required, unsupported } from './op-context.js';
import { hasPadding, nhwcPadding, readWindow, toNchw, toNhwc } from './spatial.js';

/** ONNX [M, Cg, kH, kW] → dilated HWIO [(kH-1)·dH+1, (kW-1)·dW+1, Cg, M], on the host. */
function hostFilter(w: HostConstant, [dh, dw]: readonly [number, number]): tf.Tensor4D {
  const [m = 0, cg = 0, kh = 0, kw = 0] = w.shape;
  const eh = (kh - 1) * dh + 1;
  const ew = (kw - 1) * dw + 1;
  const out = new Float32Array(eh * ew * cg * m);
  for (let o = 0; o < m; o++) {
    for (let c = 0; c < cg; c++) {
      for (let i = 0; i < kh; i++) {
        for (let j = 0; j < kw; j++) {
          out[((i * dh * ew + j * dw) * cg + c) * m + o] = w.values[((o * cg + c) * kh + i) * kw + j] ?? 0;
        }
      }
    }
  }
  return tf.tensor4d(out, [eh, ew, cg, m]);
}

/** The same transformation on a tensor (weights computed inside the graph). */
function graphFilter(w: tf.Tensor, [dh, dw]: readonly [number, number]): tf.Tensor4D {
  let f = tf.transpose(w, [2, 3, 1, 0]) as tf.Tensor4D;
  if (dh === 1 && dw === 1) return f;
  const [kh = 0, kw = 0, cg = 0, m = 0] = f.shape;
  // Insert zeros by padding a unit axis after each tap, then drop the trailing zeros.
  const q = cg * m;
  let t = f.reshape([kh, 1, kw, 1, q]);
  t = tf.pad(t, [[0, 0], [0, dh - 1], [0, 0], [0, dw - 1], [0, 0]]);
  f = t.reshape([kh * dh, kw * dw, cg, m]);
  return f.slice([0, 0, 0, 0], [(kh - 1) * dh + 1, (kw - 1) * dw + 1, cg, m]);
}

function checkConst(ctx: NodeContext, group: number): HostConstant | undefined {
  const w = ctx.constantInput(1);
  if (w !== undefined && w.shape.length !== 4) {
    throw unsupported(ctx.node, `only 2-D convolutions are supported (weight rank ${w.shape.length})`, { weightShape: w.shape });
  }
  if (w !== undefined && (w.shape[0] ?? 0) % group !== 0) {
    throw unsupported(ctx.node, `output channels ${w.shape[0]} not divisible by group ${group}`, { group });
  }
  return w;
}

const conv: OpHandler = (ctx) => {
  const { node } = ctx;
  const win = readWindow(node);
  const group = attrs(node).int('group', 1);
  const hostW = checkConst(ctx, group);
  const fixed = hostW === undefined ? undefined : ctx.keep(hostFilter(hostW, win.dilations));
  const fixedParts = fixed !== undefined && group > 1 ? tf.split(fixed, group, 3).map((t) => ctx.keep(t)) : undefined;
  return (inputs) => {
    const x = required(node, inputs, 0);
    if (x.rank !== 4) throw unsupported(node, `only 2-D convolutions on NCHW input are supported (input rank ${x.rank})`, { inputShape: x.shape });
    const filter = fixed ?? graphFilter(required(node, inputs, 1), win.dilations);
    const [eh = 1, ew = 1] = filter.shape;
    let h = toNhwc(x);
    const padding = nhwcPadding(win, [h.shape[1], h.shape[2]], [eh, ew]);
    if (hasPadding(padding)) h = tf.pad(h, padding);
    const parts = group === 1 ? [filter] : (fixedParts ?? tf.split(filter, group, 3));
    const xs = group === 1 ? [h] : tf.split(h, group, 3);
    const ys = parts.map((f, i) => tf.conv2d(xs[i] as tf.Tensor4D, f as tf.Tensor4D, win.strides as [number, number], 'valid'));
    let y = ys.length === 1 ? (ys[0] as tf.Tensor4D) : tf.concat(ys, 3);
    const bias = inputs[2];
    if (bias !== undefined) y = tf.add(y, bias);
    return toNchw(y);
  };
};

/**
 * Handlers of this family, by op type.
 *
 * @example
 * convOps['Conv']; // the Conv handler
 */
export const convOps: Readonly<Record<string, OpHandler>> = { Conv: conv };

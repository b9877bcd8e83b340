/**
 * @module models/train/adam
 * The Adam optimiser (Kingma & Ba 2015) over a fixed list of Float64 parameter arrays,
 * updated in place. Pure apart from that mutation; deterministic.
 */

/** Adam hyper-parameters. */
export interface AdamOptions {
  readonly learningRate: number;
  readonly beta1: number;
  readonly beta2: number;
  readonly epsilon: number;
}

/** Applies one Adam step per call; `grads[i]` pairs with `params[i]`. */
export type AdamStep = (grads: readonly Float64Array[]) => void;

/**
 * An Adam optimiser bound to `params` (its moment estimates start at zero).
 *
 * @example
 * const step = createAdam([mlp.w1, mlp.b1], { learningRate: 1e-3, beta1: 0.9, beta2: 0.999, epsilon: 1e-8 });
 * step([gradW1, gradB1]);
 */
export function createAdam(params: readonly Float64Array[], options: AdamOptions): AdamStep {
  const { learningRate, beta1, beta2, epsilon } = options;
  const m = params.map((p) => new Float64Array(p.length));
  const v = params.map((p) => new Float64Array(p.length));
  let t = 0;
  return (grads) => {
    t++;
    const correction1 = 1 - beta1 ** t;
    const correction2 = 1 - beta2 ** t;
    params.forEach((p, i) => {
      const g = grads[i] as Float64Array;
      const mi = m[i] as Float64Array;
      const vi = v[i] as Float64Array;
      for (let k = 0; k < p.length; k++) {
        const gk = g[k] as number;
        const mk = beta1 * (mi[k] as number) + (1 - beta1) * gk;
        const vk = beta2 * (vi[k] as number) + (1 - beta2) * gk * gk;
        mi[k] = mk;
        vi[k] = vk;
        p[k] = (p[k] as number) - (learningRate * (mk / correction1)) / (Math.sqrt(vk / correction2) + epsilon);
      }
    });
  };
}

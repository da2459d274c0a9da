// LARS as solo-learn's solo/utils/lars.py (from Lightning Bolts), with exclude_bias_n_norm:
//   weights, if ||p|| != 0 and ||g|| != 0:
//     trust = eta * ||p|| / (||g|| + wd * ||p|| + eps)
//     scale = clip ? min(trust / lr, 1) : trust
//     d = (g + wd * p) * scale
//   otherwise (biases, norm params, or a zero norm): d = g (neither decay nor scaling)
// then momentum as SGD. The lr in the clip is the group's scheduled lr, so a clipped weight
// moves by lr * min(trust / lr, 1) * (...) = min(trust, lr) * (...).
// solo-learn excludes by `p.ndim == 1`; here by role, which the model sets for the same tensors.
// The classifier group gets LARS too (its weight has ndim 2), with wd 0 and its own lr in the
// clip, exactly as solo-learn's param group {"lr": classifier_lr, "weight_decay": 0} does.
// Here all weights' trust ratios are computed at once as [W] vectors on the device and spread
// over the flat update by two gathers (flat.ts), instead of ~25 kernels per weight.
import * as tf from '@tensorflow/tfjs-core';
import { MomentumOptimizer, type FlatStep, type MomentumOptions } from './momentum';

export interface LarsOptions extends MomentumOptions {
  eta: number; // trust coefficient (0.02 in the paper's configs)
  clip: boolean; // clip_lars_lr
  eps?: number; // 1e-8 in solo-learn
}

export class LarsOptimizer extends MomentumOptimizer {
  readonly kind = 'lars' as const;
  private readonly eta: number;
  private readonly clip: boolean;
  private readonly eps: number;

  constructor(options: LarsOptions) {
    super(options);
    this.eta = options.eta;
    this.clip = options.clip;
    this.eps = options.eps ?? 1e-8;
  }

  /** Per weight d = scale · g + (wd · scale) · p; every other tensor d = g. */
  protected direction({ layout, params, grads, lr, weightDecay }: FlatStep): tf.Tensor1D {
    const weights = layout.weights;
    if (weights.length === 0) return layout.flatten(grads);
    const groups = weights.map((i) => layout.segments[i].param.group);
    // The norm test stays on the device: solo-learn's Python `if` would be a GPU sync per
    // parameter per step. Both branches are computed for every weight and selected with where.
    const sumSquares = (ts: tf.Tensor[]) => tf.stack(ts.map((t) => tf.sum(tf.square(t)))); // [W]
    const pNorm = tf.sqrt(sumSquares(weights.map((i) => params[i]))); // [W]
    const gNorm = tf.sqrt(sumSquares(weights.map((i) => grads[i]))); // [W]
    const nonZero = tf.logicalAnd(tf.greater(pNorm, 0), tf.greater(gNorm, 0)); // [W]
    const decay = tf.tensor1d(groups.map((g) => weightDecay(g))); // [W]
    const trust = tf.div(tf.mul(pNorm, this.eta), tf.add(tf.add(gNorm, tf.mul(pNorm, decay)), this.eps)); // [W]
    let scale: tf.Tensor = trust;
    if (this.clip) {
      // min(trust / lr, 1); lr = 0 (a warm-up starting at 0): torch computes min(trust / 0, 1) =
      // min(inf, 1) = 1, so such weights get a floor of 1 (and a safe divisor).
      const rates = groups.map((g) => lr(g));
      scale = tf.minimum(tf.div(trust, tf.tensor1d(rates.map((r) => (r === 0 ? 1 : r)))), 1);
      if (rates.some((r) => r === 0)) scale = tf.maximum(scale, tf.tensor1d(rates.map((r) => (r === 0 ? 1 : 0))));
    }
    scale = tf.where(nonZero, scale, tf.ones([weights.length])); // [W]
    // Decay applies only together with scaling: zero on the excluded branch.
    const decayScale = tf.where(nonZero, tf.mul(decay, scale), tf.zeros([weights.length])); // [W]
    const scales = tf.unstack(scale);
    const decays = tf.unstack(decayScale);
    const position = new Map(weights.map((s, k) => [s, k] as const));
    const d = grads.map((g, i) => {
      const k = position.get(i);
      return k === undefined ? g : tf.add(tf.mul(g, scales[k]), tf.mul(params[i], decays[k]));
    });
    return layout.flatten(d);
  }
}

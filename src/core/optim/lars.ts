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
// Here every tensor's norms and trust ratio are computed at once as [S] vectors on the device
// (flat.ts: row sums and one matMul) and reach the elements as per-row scales, instead of ~25
// kernels per weight.
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
  protected direction({ layout, p, grads, lr, weightDecay }: FlatStep): tf.Tensor2D {
    const g = layout.rows(grads); // [R, L]
    if (layout.weights.length === 0) return g;
    const segments = layout.segments.map((s) => s.param);
    const isWeight = segments.map((q) => q.role === 'weight');
    // ||p|| and ||g|| of every tensor: row sums of squares, then per segment. [2, S]
    // (In a tidy: the squares are full-size copies, freed at once.)
    const norms = tf.tidy(() => tf.sqrt(layout.segmentSums(tf.stack([tf.sum(tf.square(p), 1), tf.sum(tf.square(g), 1)]) as tf.Tensor2D)));
    const [pNorm, gNorm] = tf.unstack(norms); // [S] each
    // The norm test stays on the device: solo-learn's Python `if` would be a GPU sync per
    // parameter per step. Both branches are computed for every tensor and selected with where;
    // biases and norm parameters take the excluded branch (d = g).
    const adapt = tf.logicalAnd(tf.logicalAnd(tf.greater(pNorm, 0), tf.greater(gNorm, 0)), tf.tensor1d(isWeight, 'bool')); // [S]
    const decay = tf.tensor1d(segments.map((q) => weightDecay(q.group))); // [S]
    const trust = tf.div(tf.mul(pNorm, this.eta), tf.add(tf.add(gNorm, tf.mul(pNorm, decay)), this.eps)); // [S]
    let scale: tf.Tensor = trust;
    if (this.clip) {
      // min(trust / lr, 1); lr = 0 (a warm-up starting at 0): torch computes min(trust / 0, 1) =
      // min(inf, 1) = 1, so such tensors get a floor of 1 (and a safe divisor).
      const rates = segments.map((q) => lr(q.group));
      scale = tf.minimum(tf.div(trust, tf.tensor1d(rates.map((r) => (r === 0 ? 1 : r)))), 1);
      if (rates.some((r) => r === 0)) scale = tf.maximum(scale, tf.tensor1d(rates.map((r) => (r === 0 ? 1 : 0))));
    }
    scale = tf.where(adapt, scale, tf.ones([segments.length])); // [S]
    // Decay applies only together with scaling: zero on the excluded branch.
    const decayScale = tf.where(adapt, tf.mul(decay, scale), tf.zeros([segments.length])); // [S]
    const [a, b] = tf.split(layout.perRow(tf.stack([scale, decayScale], 1) as tf.Tensor2D), 2, 1); // [R, 1] each
    const scaled = tf.mul(g, a);
    g.dispose(); // a full-size copy: freed before the next two are made
    return tf.add(scaled, tf.mul(p, b)) as tf.Tensor2D;
  }
}

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
import * as tf from '@tensorflow/tfjs-core';
import type { Param } from '../nn/params';
import { MomentumOptimizer, type GroupStep, type MomentumOptions } from './momentum';

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

  protected direction(p: tf.Tensor, g: tf.Tensor, param: Param, group: GroupStep): tf.Tensor {
    if (param.role !== 'weight') return g;
    // The norm test stays on the device: solo-learn's Python `if` would be a GPU sync per
    // parameter per step. Both branches reduce to scalars, selected with tf.where.
    const pNorm = tf.norm(p); // []
    const gNorm = tf.norm(g); // []
    const nonZero = tf.logicalAnd(tf.greater(pNorm, 0), tf.greater(gNorm, 0));
    const denominator = tf.add(tf.add(gNorm, tf.mul(pNorm, group.weightDecayScalar)), this.eps);
    const trust = tf.div(tf.mul(pNorm, this.eta), denominator);
    let scale: tf.Tensor;
    if (!this.clip) scale = trust;
    // lr = 0 (a warm-up starting at 0): torch computes min(trust / 0, 1) = min(inf, 1) = 1.
    else if (group.lr === 0) scale = tf.onesLike(trust);
    else scale = tf.minimum(tf.div(trust, group.lrScalar), 1);
    const one = tf.onesLike(scale);
    scale = tf.where(nonZero, scale, one);
    if (group.weightDecay === 0) return tf.mul(g, scale);
    // Decay applies only together with scaling: zero it on the excluded branch.
    const decay = tf.where(nonZero, group.weightDecayScalar, tf.zerosLike(group.weightDecayScalar));
    return tf.mul(tf.add(g, tf.mul(p, decay)), scale);
  }
}

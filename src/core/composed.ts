// The composed forms of the fused ops: the same functions written from primitive ops and
// differentiated by TF.js's autodiff, as the lab computed them before the fused ops
// (batchnorm.ts, ntxent.ts, cross-entropy.ts). They are not used for training: the tests hold
// the fused ops to them, values and gradients, on cpu and wasm, and the engine's self-test
// does so on whatever backend a browser runs (WebGPU included).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { rowNormalize } from './entropy';
import { BN_EPS } from './nn/batchnorm';

/**
 * Training-mode BatchNorm (+ ReLU) of x [N, ..., C] with `groups` stacked views, each view
 * normalised over its own rows by tf.moments (biased variance) and the folded scale/shift.
 */
export function batchNormComposed<T extends tf.Tensor>(x: T, gamma: tf.Tensor1D, beta: tf.Tensor1D, groups: number, relu: boolean): T {
  return tf.tidy(() => {
    const axes = Array.from({ length: x.rank - 1 }, (_, i) => i);
    const parts = groups === 1 ? [x] : tf.split(x, groups, 0);
    const outs = parts.map((part) => {
      const { mean, variance } = tf.moments(part, axes);
      const scale = tf.mul(gamma, tf.rsqrt(tf.add(variance, BN_EPS))); // [C]
      const shift = tf.sub(beta, tf.mul(mean, scale)); // [C]
      const y = tf.add(tf.mul(part, scale), shift);
      return relu ? tf.relu(y) : y;
    });
    return (outs.length === 1 ? outs[0] : tf.concat(outs, 0)) as T;
  });
}

/** NT-Xent of two views ([B, d] each) by autodiff, as ntxent.ts documents it. */
export function ntXentLossComposed(za: tf.Tensor2D, zb: tf.Tensor2D, temperature: number): tf.Scalar {
  return tf.tidy(() => {
    const n = 2 * za.shape[0];
    const z = rowNormalize(tf.concat([za, zb], 0)); // [2B, d]
    const logits = tf.div(tf.matMul(z, z, false, true), temperature); // [2B, 2B]
    const self = tf.cast(tf.eye(n), 'bool'); // [2B, 2B]
    const masked = tf.where(self, tf.fill([n, n], -1e30), logits); // [2B, 2B]
    const logDenominator = tf.logSumExp(masked, 1); // [2B]
    const [a, b] = tf.split(z, 2, 0); // [B, d] each
    const positive = tf.div(tf.sum(tf.mul(a, b), 1), temperature); // [B]
    return tf.sub(tf.mean(logDenominator), tf.mean(positive)) as tf.Scalar;
  });
}

/** Mean softmax cross-entropy of logits [N, C] against int32 labels [N], by tf.losses. */
export function crossEntropyComposed(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  return tf.tidy(() => {
    const targets = tf.cast(tf.oneHot(labels, logits.shape[1]), 'float32');
    return tf.losses.softmaxCrossEntropy(targets, logits) as tf.Scalar;
  });
}

// Barlow Twins' loss, exactly solo-learn's `barlow_loss_func` (method.md, "Losses").
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients (the union package @tensorflow/tfjs does): without this
// side-effect import tf.grad fails with 'gradient function not found'. Evaluated once per page.
import '@tensorflow/tfjs-core/dist/register_all_gradients';

/** BatchNorm1d's default eps, added to the biased batch variance inside the square root. */
const BN_EPS = 1e-5;

/**
 * What BatchNorm1d(affine=False) does in training mode: per feature, subtract the batch mean and
 * divide by sqrt(biased batch variance + 1e-5). Built from plain ops: tf.batchNorm without
 * scale/offset breaks in gradients (testing.md).
 * @param z [N, D]
 * @returns [N, D]
 */
function standardise(z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const { mean, variance } = tf.moments(z, 0, true); // [1, D] each; variance is biased (÷N)
    return tf.div(tf.sub(z, mean), tf.sqrt(tf.add(variance, BN_EPS))) as tf.Tensor2D; // [N, D]
  });
}

/**
 * Barlow Twins: standardise each view per feature over its own batch, C = Aᵀ B / N (the D×D
 * cross-correlation), loss = scale · [Σ_i (C_ii − 1)² + λ · Σ_{i≠j} C_ij²].
 * No L2 row normalisation. Cost: one [D, N]×[N, D] product (N·D²) and D² elementwise work, so a
 * 2048-wide projector means a 4M-entry matrix per step.
 * Defaults are the paper's CIFAR settings (solo-learn's function defaults are 5e-3 and 0.025).
 * @param za [N, D] first view; row i is the same image as row i of zb
 * @param zb [N, D] second view
 * @param offDiagonalWeight λ, weight of the off-diagonal (redundancy) terms
 * @param scale overall factor (solo-learn's scale_loss)
 * @returns scalar, differentiable w.r.t. both views
 */
export function barlowTwinsLoss(za: tf.Tensor2D, zb: tf.Tensor2D, offDiagonalWeight = 0.0051, scale = 0.1): tf.Scalar {
  if (za.rank !== 2 || zb.rank !== 2 || za.shape[0] !== zb.shape[0] || za.shape[1] !== zb.shape[1]) {
    throw new Error(`barlowTwinsLoss: the two views must be 2-D with the same shape [N, D], got [${za.shape.join(', ')}] and [${zb.shape.join(', ')}]`);
  }
  // BatchNorm1d refuses a batch of one in training mode; the variance would be 0 and C all zero.
  if (za.shape[0] < 2 || za.shape[1] < 1) throw new Error(`barlowTwinsLoss: need at least 2 rows and 1 feature, got [${za.shape.join(', ')}]`);
  if (!(Number.isFinite(offDiagonalWeight) && offDiagonalWeight >= 0)) {
    throw new Error(`barlowTwinsLoss: offDiagonalWeight must be a finite number >= 0, got ${offDiagonalWeight}`);
  }
  if (!(Number.isFinite(scale) && scale >= 0)) throw new Error(`barlowTwinsLoss: scale must be a finite number >= 0, got ${scale}`);
  return tf.tidy(() => {
    const [n, d] = za.shape;
    const a = standardise(za); // [N, D]
    const b = standardise(zb); // [N, D]
    // Explicit transpose: matMul(transposeA) was ~10x slower on wasm (testing.md).
    const c = tf.div(tf.matMul(tf.transpose(a), b), n); // [D, D]
    const eye = tf.eye(d); // [D, D]
    const weights = tf.add(tf.mul(eye, 1 - offDiagonalWeight), offDiagonalWeight); // [D, D]: 1 on, λ off the diagonal
    return tf.mul(tf.sum(tf.mul(tf.square(tf.sub(c, eye)), weights)), scale) as tf.Scalar;
  });
}

// SimCLR's NT-Xent loss, exactly solo-learn's `simclr_loss_func` for two views
// (method.md, "Losses"), written with a log-sum-exp so that small temperatures cannot overflow.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients (the union package @tensorflow/tfjs does): without this
// side-effect import tf.grad fails with 'gradient function not found'. Evaluated once per page.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { rowNormalize } from '../entropy';

/**
 * Stands in for −∞ on the masked diagonal: exp(MASKED − max) is exactly 0 in float32, while a
 * true −∞ would risk ∞·0 = NaN in the backward pass. Logits are bounded by 1/T, so this is safe
 * for any temperature above ~1e-29.
 */
const MASKED_LOGIT = -1e30;

/**
 * NT-Xent on the stacked views z = [za; zb] (2B rows), with solo-learn's indexes [0..B−1, 0..B−1]:
 * rows L2-normalised, logits l_ij = ẑ_i·ẑ_j / T; for row i the positive is the other view of the
 * same image and the negatives are the 2B−2 rows of other images (i itself is in neither), so
 * loss = mean_i [ logsumexp_{j≠i} l_ij − l_i,pos(i) ] = −mean_i log(pos_i / (pos_i + neg_i)).
 * The log-sum-exp never forms exp(l) (exp(1/T) overflows float32 for T < 0.0113).
 * Cost: one [2B, 2B] product (4B²·d) plus O(B²) elementwise work.
 * @param za [B, d] first view; row i is the same image as row i of zb
 * @param zb [B, d] second view
 * @param temperature T > 0 (0.2 on CIFAR)
 * @returns scalar, differentiable w.r.t. both views
 */
export function ntXentLoss(za: tf.Tensor2D, zb: tf.Tensor2D, temperature: number): tf.Scalar {
  if (!(Number.isFinite(temperature) && temperature > 0)) {
    throw new Error(`ntXentLoss: temperature must be a finite number > 0, got ${temperature}`);
  }
  if (za.rank !== 2 || zb.rank !== 2 || za.shape[0] !== zb.shape[0] || za.shape[1] !== zb.shape[1]) {
    throw new Error(`ntXentLoss: the two views must be 2-D with the same shape [B, d], got [${za.shape.join(', ')}] and [${zb.shape.join(', ')}]`);
  }
  if (za.shape[0] < 1 || za.shape[1] < 1) throw new Error(`ntXentLoss: empty views [${za.shape.join(', ')}]`);
  return tf.tidy(() => {
    const n = 2 * za.shape[0];
    const z = rowNormalize(tf.concat([za, zb], 0)); // [2B, d]
    const logits = tf.div(tf.matMul(z, z, false, true), temperature); // [2B, 2B]
    const self = tf.cast(tf.eye(n), 'bool'); // [2B, 2B]
    const masked = tf.where(self, tf.fill([n, n], MASKED_LOGIT), logits); // [2B, 2B]
    const logDenominator = tf.logSumExp(masked, 1); // [2B], log(pos_i + neg_i)
    // Row i of view a and row i of view b share the positive logit ẑa_i·ẑb_i / T, so its mean over
    // the 2B rows equals its mean over the B pairs.
    const [a, b] = tf.split(z, 2, 0); // [B, d] each
    const positive = tf.div(tf.sum(tf.mul(a, b), 1), temperature); // [B]
    return tf.sub(tf.mean(logDenominator), tf.mean(positive)) as tf.Scalar;
  });
}

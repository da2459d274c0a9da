// SimCLR's NT-Xent loss, exactly solo-learn's `simclr_loss_func` for two views
// (method.md, "Losses"), written with a log-sum-exp so that small temperatures cannot overflow.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients (the union package @tensorflow/tfjs does): without this
// side-effect import tf.grad fails with 'gradient function not found'. Evaluated once per page.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { NORM_EPS } from '../entropy';

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
 * Cost: one [2B, 2B] product (4B²·d) plus O(B²) elementwise work; the gradient two more products.
 * @param za [B, d] first view; row i is the same image as row i of zb
 * @param zb [B, d] second view
 * @param temperature T > 0 (0.2 on CIFAR)
 * @returns scalar, differentiable w.r.t. both views
 */
export function ntXentLoss(za: tf.Tensor2D, zb: tf.Tensor2D, temperature: number): tf.Scalar {
  checkViews(za, zb, temperature);
  return tf.tidy(() => ntXentLossStacked(tf.concat([za, zb], 0), temperature));
}

function checkViews(za: tf.Tensor2D, zb: tf.Tensor2D, temperature: number): void {
  if (!(Number.isFinite(temperature) && temperature > 0)) {
    throw new Error(`ntXentLoss: temperature must be a finite number > 0, got ${temperature}`);
  }
  if (za.rank !== 2 || zb.rank !== 2 || za.shape[0] !== zb.shape[0] || za.shape[1] !== zb.shape[1]) {
    throw new Error(`ntXentLoss: the two views must be 2-D with the same shape [B, d], got [${za.shape.join(', ')}] and [${zb.shape.join(', ')}]`);
  }
  if (za.shape[0] < 1 || za.shape[1] < 1) throw new Error(`ntXentLoss: empty views [${za.shape.join(', ')}]`);
}

/** [n, n] constants: MASKED_LOGIT on the diagonal (else 0), and the positive pairs' indicator. */
function pairConstants(n: number): { diagonal: tf.Tensor2D; positives: tf.Tensor2D } {
  const diagonal = new Float32Array(n * n);
  const positives = new Float32Array(n * n);
  for (let i = 0; i < n; i++) {
    diagonal[i * n + i] = MASKED_LOGIT;
    positives[i * n + ((i + n / 2) % n)] = 1;
  }
  return { diagonal: tf.tensor2d(diagonal, [n, n]), positives: tf.tensor2d(positives, [n, n]) };
}

/**
 * ntXentLoss of the views stacked as z = [za; zb] ([2B, d]), as one op with its analytic
 * gradient (the same function; autodiff through it launched ~60 kernels and saved ~30 copies).
 * With ẑ the unit rows, S the row softmax of the masked logits and P the positive-pair indicator:
 *   dL/dlogits = (S − P) / 2B,  dL/dẑ = (G + Gᵀ) ẑ / T for G = dL/dlogits,
 *   dL/dz_i = (dL/dẑ_i − ẑ_i (ẑ_i · dL/dẑ_i)) / ||z_i||  (0 for a row at the origin, as rowNormalize)
 */
export function ntXentLossStacked(z: tf.Tensor2D, temperature: number): tf.Scalar {
  const n = z.shape[0];
  if (n % 2 !== 0 || n < 2) throw new Error(`ntXentLossStacked: expected 2B stacked rows, got ${n}`);
  const invT = 1 / temperature;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const { diagonal, positives } = pairConstants(n);
    const sq = tf.sum(tf.square(x), 1, true); // [2B, 1]
    // 1/||z|| away from the origin, 0 at it: rowNormalize's values and its zero-row gradient.
    const inverseNorm = tf.div(tf.step(tf.sub(sq, NORM_EPS * NORM_EPS)), tf.sqrt(tf.maximum(sq, NORM_EPS * NORM_EPS))); // [2B, 1]
    const unit = tf.mul(x, inverseNorm); // [2B, d]
    const logits = tf.mul(tf.matMul(unit, unit, false, true), invT); // [2B, 2B]
    const masked = tf.add(logits, diagonal); // the diagonal drops out of every sum
    const logDenominator = tf.logSumExp(masked, 1, true); // [2B, 1], log(pos_i + neg_i)
    save([unit, inverseNorm, masked, logDenominator, positives]); // the softmax is formed in the backward only
    // mean_i logsumexp_i − mean_i l_i,pos(i)
    const value = tf.sub(tf.mean(logDenominator), tf.div(tf.sum(tf.mul(logits, positives)), n)) as tf.Scalar;
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [u, inv, m, lse, p] = saved;
          const s = tf.exp(tf.sub(m, lse)); // [2B, 2B] row softmax of the masked logits
          const g = tf.mul(tf.sub(s, p), tf.div(dy, n)); // [2B, 2B] dL/dlogits
          const dUnit = tf.matMul(tf.add(g, tf.transpose(g)), tf.mul(u, invT)); // [2B, d]
          const radial = tf.sum(tf.mul(u, dUnit), 1, true); // [2B, 1]
          return tf.mul(tf.sub(dUnit, tf.mul(u, radial)), inv); // [2B, d]
        }),
    };
  });
  return op(z) as tf.Scalar;
}

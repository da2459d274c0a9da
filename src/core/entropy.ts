// Matrix-based Renyi entropy and mutual information (method.md, "Matrix (Renyi-alpha) entropy").
// Used twice per training step: as the I(Z1;Z2) regulariser (its gradient reaches encoder and
// projector) and for the logged MI proxies, so every function here is differentiable.
import * as tf from '@tensorflow/tfjs-core';
// tfjs-core alone registers no gradients (the union package @tensorflow/tfjs does): without this
// side-effect import tf.grad fails with 'gradient function not found'. Evaluated once per page.
import '@tensorflow/tfjs-core/dist/register_all_gradients';

/** F.normalize's eps: rows with a smaller norm are divided by this instead (no division by 0). */
export const NORM_EPS = 1e-12;

/**
 * Orders this module computes. α = 1 (von Neumann) and any non-integer α need an
 * eigendecomposition, which TF.js 4.22 lacks; the official code's SVD route for α = 1 also gives
 * NaN (log of zero singular values) on rank-deficient Grams, which every batch with n > d has.
 */
function checkAlpha(alpha: number, fn: string): void {
  if (!Number.isInteger(alpha) || alpha < 2) {
    throw new Error(
      `${fn}: alpha must be 2 or an integer >= 3, got ${alpha}. alpha = 1 (von Neumann) and ` +
        'non-integer alpha need an eigendecomposition, which TF.js 4.22 lacks (and the official ' +
        'SVD version gives NaN on rank-deficient Grams); alpha <= 0 is not a Renyi order used here.',
    );
  }
}

function checkMatrix(z: tf.Tensor2D, fn: string, name: string): void {
  if (z.rank !== 2) throw new Error(`${fn}: ${name} must be a 2-D [n, d] tensor, got shape [${z.shape.join(', ')}]`);
  if (z.shape[0] < 1 || z.shape[1] < 1) throw new Error(`${fn}: ${name} must have at least one row and one column, got [${z.shape.join(', ')}]`);
}

/**
 * L2-normalises each row like PyTorch's `F.normalize(z, dim=-1)`: z / max(||z_i||, 1e-12), same
 * values. One deliberate difference in the gradient: a row at the origin (a discrete projector
 * rounds whole rows to 0) gets gradient 0, where F.normalize gives w / 1e-12. That 1e12 factor
 * reached BatchNorm's gamma and beta (which LARS does not rescale) and blew a discrete run up
 * within a few steps; a row at the origin has no direction to move along anyway.
 * @param z [n, d]
 * @returns [n, d], unit rows (zero rows stay zero)
 */
export function rowNormalize(z: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => {
    const sq = tf.sum(tf.square(z), 1, true); // [n, 1]
    const norm = tf.sqrt(tf.maximum(sq, NORM_EPS * NORM_EPS)); // [n, 1]
    const away = tf.step(tf.sub(sq, NORM_EPS * NORM_EPS)); // [n, 1] 0 at the origin; step's gradient is 0
    return tf.mul(tf.div(z, norm), away) as tf.Tensor2D; // [n, d]
  });
}

/**
 * A small extra coordinate appended to every row before normalising. Rows at the origin (a
 * discrete projector maps whole rows to 0; a collapsed encoder too) then become one shared
 * unit direction: similar to each other, orthogonal to the rest, so K keeps its unit diagonal
 * and total collapse gives H = 0 and I = 0 instead of 0/0 = NaN. For a row of norm r the
 * cosines move by O((c/r)²): 1e-8 at r = 1, far below float32 noise in these sums.
 */
export const ORIGIN_COORDINATE = 1e-4;

/**
 * K = Ẑ Ẑᵀ of the row-normalised lifted z ([z, c] / ||[z, c]||): unit diagonal, trace n.
 * Costs n²·d multiply-adds. The lifted row is never at the origin (its norm is at least c),
 * so Ẑ = [z · r, c · r] with r = 1/sqrt(||z||² + c²): 8 kernels, where concatenating the
 * coordinate and normalising with rowNormalize's origin guard took 11.
 */
function normalisedGram(z: tf.Tensor2D): tf.Tensor2D {
  const inverseNorm = tf.rsqrt(tf.add(tf.sum(tf.square(z), 1, true), ORIGIN_COORDINATE * ORIGIN_COORDINATE)); // [n, 1]
  const zHat = tf.concat([tf.mul(z, inverseNorm), tf.mul(inverseNorm, ORIGIN_COORDINATE)], 1) as tf.Tensor2D; // [n, d + 1]
  return tf.matMul(zHat, zHat, false, true); // [n, n]
}
/**
 * log tr((K/n)^α) for a symmetric PSD K [n, n] with unit diagonal.
 * α = 2: the Frobenius identity tr((K/n)²) = ||K||_F² / n²: n² work, no matrix product.
 * α ≥ 3: α−2 products of n×n matrices (n³ each) plus tr(A^(α−1)·A) = Σ(A^(α−1) ∘ A) (A symmetric).
 * Each power is rescaled by its trace (logged separately) because tr((K/n)^α) can be as small as
 * n^(1−α), which underflows float32 (≈1e-38) at e.g. n = 512, α = 15; the rescaling costs n² per step.
 */
function logTracePower(k: tf.Tensor2D, alpha: number): tf.Scalar {
  return tf.tidy(() => {
    const n = k.shape[0];
    const logN = Math.log(n);
    if (alpha === 2) {
      return tf.sub(tf.log(tf.sum(tf.square(k))), 2 * logN) as tf.Scalar;
    }
    const a = tf.div(k, n) as tf.Tensor2D; // [n, n], trace 1
    const eye = tf.eye(n); // [n, n]
    let power: tf.Tensor2D = a; // A^p / scale, starts at p = 1
    let logScale: tf.Scalar = tf.scalar(0);
    for (let p = 2; p < alpha; p++) {
      const next = tf.matMul(power, a); // [n, n]
      const tr = tf.sum(tf.mul(next, eye)); // scalar, > 0 for PSD non-zero A
      power = tf.div(next, tr) as tf.Tensor2D;
      logScale = tf.add(logScale, tf.log(tr));
    }
    return tf.add(logScale, tf.log(tf.sum(tf.mul(power, a)))) as tf.Scalar;
  });
}

/** H_α(K) = log tr((K/n)^α) / (1 − α), natural log. */
function entropyOfGram(k: tf.Tensor2D, alpha: number): tf.Scalar {
  return tf.tidy(() => tf.div(logTracePower(k, alpha), 1 - alpha) as tf.Scalar);
}

/**
 * Matrix-based Renyi-α entropy of a batch of representations:
 * H_α = 1/(1−α) · log tr((K/n)^α), K = Ẑ Ẑᵀ of the L2-row-normalised z, natural log.
 * Lies in [0, log n]: 0 when all rows point the same way, log n for orthonormal rows, so always
 * report n with it. A zero row gives a zero diagonal entry (K/n is then no longer trace 1).
 * @param z [n, d]
 * @param alpha 2 (Frobenius identity, n²·d work) or an integer >= 3 (α−2 extra n³ products)
 * @returns scalar, differentiable w.r.t. z
 */
export function matrixEntropy(z: tf.Tensor2D, alpha = 2): tf.Scalar {
  checkAlpha(alpha, 'matrixEntropy');
  checkMatrix(z, 'matrixEntropy', 'z');
  return tf.tidy(() => entropyOfGram(normalisedGram(z), alpha));
}

/**
 * The three log-traces that H(Z1), H(Z2) and I(Z1;Z2) are made of, from one pair of Grams:
 * [log tr((K1/n)^α), log tr((K2/n)^α), log tr((K1∘K2/n)^α)], so H_α(Zi) = t_i / (1 − α) and
 * I_α(Z1;Z2) = (t_0 + t_1 − t_2) / (1 − α). For α = 2 all three Frobenius norms come from one
 * stacked square-and-sum (a handful of kernels for the lot).
 * @param z1 [n, d1]
 * @param z2 [n, d2], row i the same sample as row i of z1
 * @returns [3], differentiable w.r.t. both inputs
 */
export function gramLogTraces(z1: tf.Tensor2D, z2: tf.Tensor2D, alpha = 2): tf.Tensor1D {
  checkAlpha(alpha, 'matrixMutualInformation');
  checkMatrix(z1, 'matrixMutualInformation', 'z1');
  checkMatrix(z2, 'matrixMutualInformation', 'z2');
  if (z1.shape[0] !== z2.shape[0]) {
    throw new Error(`matrixMutualInformation: z1 and z2 must have the same number of rows (samples), got ${z1.shape[0]} and ${z2.shape[0]}`);
  }
  return tf.tidy(() => {
    const n = z1.shape[0];
    const k1 = normalisedGram(z1); // [n, n]
    const k2 = normalisedGram(z2); // [n, n]
    const joint = tf.mul(k1, k2) as tf.Tensor2D; // [n, n]
    if (alpha === 2) {
      const squares = tf.sum(tf.reshape(tf.square(tf.stack([k1, k2, joint])), [3, n * n]), 1); // [3] ||K||_F²
      return tf.sub(tf.log(squares), 2 * Math.log(n)) as tf.Tensor1D;
    }
    return tf.stack([logTracePower(k1, alpha), logTracePower(k2, alpha), logTracePower(joint, alpha)]) as tf.Tensor1D;
  });
}

/** The [3] combination of gramLogTraces that is I_α(Z1;Z2): (t_0 + t_1 − t_2) / (1 − α). */
export function mutualInformationOfTraces(traces: tf.Tensor1D, alpha: number): tf.Scalar {
  const c = 1 / (1 - alpha);
  return tf.tidy(() => tf.sum(tf.mul(traces, tf.tensor1d([c, c, -c]))) as tf.Scalar);
}

/**
 * Matrix-based mutual information I_α(Z1;Z2) = H_α(K1) + H_α(K2) − H_α(K1 ∘ K2), where K1∘K2 is
 * the Hadamard product (the joint Gram; unit diagonal again, so also divided by n).
 * For α = 2 this is log(n² ||K1∘K2||_F² / (||K1||_F² ||K2||_F²)): no matrix power.
 * Row i of z1 and row i of z2 must describe the same sample; the widths may differ.
 * @param z1 [n, d1]
 * @param z2 [n, d2]
 * @returns scalar, differentiable w.r.t. both inputs
 */
export function matrixMutualInformation(z1: tf.Tensor2D, z2: tf.Tensor2D, alpha = 2): tf.Scalar {
  return tf.tidy(() => mutualInformationOfTraces(gramLogTraces(z1, z2, alpha), alpha));
}

// Gradient checking: analytic TF.js gradients (float32, CPU backend) against central finite
// differences of an independent float64 reference. Framework-free (throws Error), so any test
// runner can use it. Typical use:
//   const [ga, gb] = analyticGradients((a, b) => myLoss(a, b), [xa, xb]);
//   expectGradientsClose(ga, finiteDifferenceGradient((x) => ref.myLoss(x, xb), xa), {}, 'd/da');
import * as tf from '@tensorflow/tfjs-core';
import type { Matrix } from './reference';

/**
 * Central differences (f(x + h e_ij) − f(x − h e_ij)) / 2h for every entry: 2·rows·cols calls of f.
 * In float64 with h = 1e-6 the error is ~h²·f''' + 1e-16·|f|/h, far below float32 noise.
 * @param f float64 function of a matrix (it must not keep or mutate x)
 * @param x the point, [rows, cols]
 * @returns ∂f/∂x, [rows, cols]
 */
export function finiteDifferenceGradient(f: (x: Matrix) => number, x: Matrix, h = 1e-6): Matrix {
  const work = x.map((row) => [...row]);
  return x.map((row, i) =>
    row.map((v, j) => {
      work[i][j] = v + h;
      const up = f(work);
      work[i][j] = v - h;
      const down = f(work);
      work[i][j] = v;
      return (up - down) / (2 * h);
    }),
  );
}

/**
 * Gradients of a scalar TF.js function w.r.t. each input (tf.grads on whatever backend is set),
 * read back as plain arrays. Every tensor it makes is disposed.
 * @param f scalar function of the inputs
 * @param inputs one matrix per argument of f
 * @returns one gradient matrix per input, same shapes
 */
export function analyticGradients(f: (...xs: tf.Tensor2D[]) => tf.Scalar, inputs: Matrix[]): Matrix[] {
  return tf.tidy(() => {
    const xs = inputs.map((m) => tf.tensor2d(m));
    const grads = tf.grads((...args: tf.Tensor[]) => f(...(args as tf.Tensor2D[])))(xs);
    return grads.map((g) => g.arraySync() as Matrix);
  });
}

/** analyticGradients for a function of one matrix. */
export function analyticGradient(f: (x: tf.Tensor2D) => tf.Scalar, x: Matrix): Matrix {
  return analyticGradients((a) => f(a), [x])[0];
}

export interface Tolerance {
  /** Relative part: allowed |actual − expected| grows with rtol·|expected| (default 1e-4). */
  rtol?: number;
  /** Absolute part, added to the relative part (default 0). */
  atol?: number;
}

/** Largest |a|; 0 for an empty matrix. */
export function maxAbs(m: Matrix): number {
  let s = 0;
  for (const row of m) for (const v of row) s = Math.max(s, Math.abs(v));
  return s;
}

/** True when |actual − expected| <= atol + rtol·|expected| (numpy's isclose; NaN is never close). */
export function isClose(actual: number, expected: number, { rtol = 1e-4, atol = 0 }: Tolerance = {}): boolean {
  return Math.abs(actual - expected) <= atol + rtol * Math.abs(expected);
}

/** Throws unless isClose(actual, expected, tolerance); the message shows both and the error. */
export function expectClose(actual: number, expected: number, tolerance: Tolerance = {}, label = 'value'): void {
  if (!isClose(actual, expected, tolerance)) {
    const err = Math.abs(actual - expected);
    throw new Error(
      `${label}: got ${actual}, expected ${expected} (abs error ${err.toExponential(3)}, rel ${(err / Math.abs(expected)).toExponential(3)}; rtol ${tolerance.rtol ?? 1e-4}, atol ${tolerance.atol ?? 0})`,
    );
  }
}

/**
 * Elementwise isClose over two same-shape matrices; throws with the worst entries on failure.
 * @returns the largest absolute error, for printing
 */
export function expectAllClose(actual: Matrix, expected: Matrix, tolerance: Tolerance = {}, label = 'matrix'): number {
  if (actual.length !== expected.length || actual.some((row, i) => row.length !== expected[i].length)) {
    throw new Error(`${label}: shapes differ (${actual.length}×${actual[0]?.length} vs ${expected.length}×${expected[0]?.length})`);
  }
  const failures: string[] = [];
  let worst = 0;
  actual.forEach((row, i) =>
    row.forEach((a, j) => {
      const e = expected[i][j];
      worst = Math.max(worst, Number.isNaN(a) ? Infinity : Math.abs(a - e));
      if (!isClose(a, e, tolerance)) failures.push(`[${i}][${j}] got ${a}, expected ${e}`);
    }),
  );
  if (failures.length > 0) {
    throw new Error(
      `${label}: ${failures.length} entries outside rtol ${tolerance.rtol ?? 1e-4}, atol ${tolerance.atol ?? 0}: ${failures.slice(0, 5).join('; ')}`,
    );
  }
  return worst;
}

/**
 * Float32 analytic vs float64 numeric gradient. Default tolerance: rtol 1e-3 and an atol of 1e-4 of
 * the largest numeric entry, because float32 rounding in sums is relative to the largest terms,
 * not to each (possibly tiny) entry. A wrong derivative (a missing term, a wrong factor) is off
 * by far more. Also refuses an all-zero numeric gradient unless `allowZero`: a check against zero
 * would pass for an analytic gradient that is merely tiny.
 * @returns the largest absolute error
 */
export function expectGradientsClose(analytic: Matrix, numeric: Matrix, tolerance: Tolerance & { allowZero?: boolean } = {}, label = 'gradient'): number {
  const scale = maxAbs(numeric);
  if (scale === 0 && !tolerance.allowZero) throw new Error(`${label}: the numeric gradient is all zero; pass allowZero if that is intended`);
  const rtol = tolerance.rtol ?? 1e-3;
  const atol = tolerance.atol ?? Math.max(1e-4 * scale, 1e-9);
  return expectAllClose(analytic, numeric, { rtol, atol }, label);
}

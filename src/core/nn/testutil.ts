// Float64 helpers for the nn tests (imported by tests only): deterministic data, plain-JS
// reference layers and central finite differences, independent of TF.js.
import { expect } from 'vitest';

/** mulberry32: a tiny seeded PRNG, values uniform in [lo, hi). */
export function seededArray(n: number, seed: number, lo = -1, hi = 1): Float64Array {
  let a = seed >>> 0;
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = lo + (hi - lo) * (((t ^ (t >>> 14)) >>> 0) / 4294967296);
  }
  return out;
}

export function expectClose(actual: ArrayLike<number>, expected: ArrayLike<number>, tol: number, what = 'value'): void {
  expect(actual.length, `${what}: length`).toBe(expected.length);
  let worst = 0;
  let at = -1;
  for (let i = 0; i < expected.length; i++) {
    const d = Math.abs(actual[i] - expected[i]) / Math.max(1, Math.abs(expected[i]));
    if (!(d <= worst)) {
      worst = d;
      at = i;
    }
  }
  expect(worst, `${what}: worst relative error at ${at} (${actual[at]} vs ${expected[at]})`).toBeLessThanOrEqual(tol);
}

/** x [N, I] · W [I, O] + b [O] */
export function linear64(x: ArrayLike<number>, n: number, w: ArrayLike<number>, inDim: number, outDim: number, b?: ArrayLike<number>): Float64Array {
  const y = new Float64Array(n * outDim);
  for (let r = 0; r < n; r++) {
    for (let o = 0; o < outDim; o++) {
      let s = b ? b[o] : 0;
      for (let i = 0; i < inDim; i++) s += x[r * inDim + i] * w[i * outDim + o];
      y[r * outDim + o] = s;
    }
  }
  return y;
}

/** NHWC input, HWIO kernel, symmetric zero padding; returns data and [N, Ho, Wo, O]. */
export function conv2d64(
  x: ArrayLike<number>,
  [n, h, w, c]: number[],
  k: ArrayLike<number>,
  [kh, kw, , o]: number[],
  stride: number,
  pad: number,
): { data: Float64Array; shape: number[] } {
  const ho = Math.floor((h + 2 * pad - kh) / stride) + 1;
  const wo = Math.floor((w + 2 * pad - kw) / stride) + 1;
  const y = new Float64Array(n * ho * wo * o);
  for (let b = 0; b < n; b++)
    for (let i = 0; i < ho; i++)
      for (let j = 0; j < wo; j++)
        for (let q = 0; q < o; q++) {
          let s = 0;
          for (let di = 0; di < kh; di++)
            for (let dj = 0; dj < kw; dj++) {
              const yi = i * stride + di - pad;
              const xj = j * stride + dj - pad;
              if (yi < 0 || yi >= h || xj < 0 || xj >= w) continue;
              for (let p = 0; p < c; p++) s += x[((b * h + yi) * w + xj) * c + p] * k[((di * kw + dj) * c + p) * o + q];
            }
          y[((b * ho + i) * wo + j) * o + q] = s;
        }
  return { data: y, shape: [n, ho, wo, o] };
}

/** Training BatchNorm over rows of x [M, C] (M = N·H·W): batch mean, biased variance. */
export function batchNorm64(
  x: ArrayLike<number>,
  c: number,
  gamma: ArrayLike<number>,
  beta: ArrayLike<number>,
  stats?: { mean: ArrayLike<number>; variance: ArrayLike<number> },
  eps = 1e-5,
): { y: Float64Array; mean: Float64Array; biasedVar: Float64Array; unbiasedVar: Float64Array } {
  const m = x.length / c;
  const mean = new Float64Array(c);
  const biasedVar = new Float64Array(c);
  for (let r = 0; r < m; r++) for (let q = 0; q < c; q++) mean[q] += x[r * c + q] / m;
  for (let r = 0; r < m; r++) for (let q = 0; q < c; q++) biasedVar[q] += (x[r * c + q] - mean[q]) ** 2 / m;
  const unbiasedVar = biasedVar.map((v) => (v * m) / (m - 1));
  const mu = stats ? stats.mean : mean;
  const va = stats ? stats.variance : biasedVar;
  const y = new Float64Array(x.length);
  for (let r = 0; r < m; r++) for (let q = 0; q < c; q++) y[r * c + q] = ((x[r * c + q] - mu[q]) / Math.sqrt(va[q] + eps)) * gamma[q] + beta[q];
  return { y, mean, biasedVar, unbiasedVar };
}

/** Central finite differences of a float64 scalar function. */
export function finiteDiff(f: (x: Float64Array) => number, x: Float64Array, h = 1e-6): Float64Array {
  const g = new Float64Array(x.length);
  const xp = Float64Array.from(x);
  for (let i = 0; i < x.length; i++) {
    xp[i] = x[i] + h;
    const up = f(xp);
    xp[i] = x[i] - h;
    const down = f(xp);
    xp[i] = x[i];
    g[i] = (up - down) / (2 * h);
  }
  return g;
}

export const dot64 = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

import { describe, expect, it } from 'vitest';
import * as ref from '../test/reference';
import { jacobiEigen, pca2d, toPairs } from './embedding';

/**
 * n points in d dimensions: coordinates with standard deviations `stds` along the columns of a
 * random orthonormal basis, plus a mean offset. Returns the data and the basis (axes[k] = k-th axis).
 */
function stretched(n: number, d: number, stds: number[], seed: number): { x: Float64Array; axes: number[][] } {
  // Orthonormal basis from Gram–Schmidt on a random matrix.
  const raw = ref.randomMatrix(d, d, seed, { float32: false });
  const axes: number[][] = [];
  for (const v of raw) {
    const u = [...v];
    for (const a of axes) {
      const dot = a.reduce((s, ai, i) => s + ai * u[i], 0);
      for (let i = 0; i < d; i++) u[i] -= dot * a[i];
    }
    const norm = Math.hypot(...u);
    axes.push(u.map((ui) => ui / norm));
  }
  const next = ref.gaussian(seed + 1);
  const x = new Float64Array(n * d);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < d; k++) {
      const c = next() * (stds[k] ?? 0);
      for (let i = 0; i < d; i++) x[r * d + i] += c * axes[k][i];
    }
    for (let i = 0; i < d; i++) x[r * d + i] += 3 + i; // an offset PCA must remove
  }
  return { x, axes };
}

const dot = (a: ArrayLike<number>, b: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i] * b[i];
  return s;
};

describe('pca2d', () => {
  it('finds the two stretched axes, in order, as orthonormal components with uncorrelated coordinates', () => {
    const n = 400;
    const d = 10;
    const { x, axes } = stretched(n, d, [5, 2, 0.3, 0.3, 0.3, 0.2, 0.2, 0.1, 0.1, 0.1], 3);
    const pca = pca2d(x, n, d);
    const c0 = pca.components.subarray(0, d);
    const c1 = pca.components.subarray(d, 2 * d);
    expect(Math.abs(dot(c0, axes[0]))).toBeGreaterThan(0.999);
    expect(Math.abs(dot(c1, axes[1]))).toBeGreaterThan(0.995);
    expect(dot(c0, c0)).toBeCloseTo(1, 12);
    expect(dot(c1, c1)).toBeCloseTo(1, 12);
    expect(Math.abs(dot(c0, c1))).toBeLessThan(1e-10);
    // Sample variances near 25 and 4; coordinates centred and uncorrelated.
    expect(pca.variances[0]).toBeGreaterThan(20);
    expect(pca.variances[0]).toBeLessThan(30);
    expect(pca.variances[1]).toBeGreaterThan(3.2);
    expect(pca.variances[1]).toBeLessThan(4.8);
    const col = (k: number): number[] => Array.from({ length: n }, (_, r) => pca.coords[r * 2 + k]);
    expect(Math.abs(col(0).reduce((a, b) => a + b, 0))).toBeLessThan(1e-8);
    expect(Math.abs(dot(col(0), col(1)))).toBeLessThan(1e-7 * n);
    expect(dot(col(0), col(0)) / (n - 1)).toBeCloseTo(pca.variances[0], 8);
  });

  it('matches a full Jacobi eigendecomposition of the covariance (eigenvalues and axes)', () => {
    const n = 60;
    const d = 7;
    const x = Float64Array.from(
      ref
        .randomMatrix(n, d, 8)
        .flat()
        .map((v, i) => v * (1 + (i % d))),
    );
    const mean = Array.from({ length: d }, (_, j) => Array.from({ length: n }, (_, r) => x[r * d + j]).reduce((a, b) => a + b, 0) / n);
    const cov = new Float64Array(d * d);
    for (let i = 0; i < d; i++)
      for (let j = 0; j < d; j++) for (let r = 0; r < n; r++) cov[i * d + j] += ((x[r * d + i] - mean[i]) * (x[r * d + j] - mean[j])) / (n - 1);
    const full = jacobiEigen(cov, d);
    const order = Array.from({ length: d }, (_, i) => i).sort((a, b) => full.values[b] - full.values[a]);
    const pca = pca2d(x, n, d);
    for (let k = 0; k < 2; k++) {
      expect(pca.variances[k]).toBeCloseTo(full.values[order[k]], 8);
      const axis = Array.from({ length: d }, (_, i) => full.vectors[i * d + order[k]]);
      expect(Math.abs(dot(axis, pca.components.subarray(k * d, (k + 1) * d)))).toBeCloseTo(1, 8);
    }
  });

  it('gives the same result through the covariance [D, D] and the Gram [n, n] paths', () => {
    const n = 30;
    const d = 50; // auto picks the Gram here
    const { x } = stretched(n, d, [4, 2, 1, 0.5, 0.2], 5);
    const gram = pca2d(x, n, d);
    const cov = pca2d(x, n, d, { path: 'covariance' });
    for (let i = 0; i < gram.coords.length; i++) expect(gram.coords[i]).toBeCloseTo(cov.coords[i], 8);
    for (let i = 0; i < gram.components.length; i++) expect(gram.components[i]).toBeCloseTo(cov.components[i], 8);
    expect(gram.variances[0]).toBeCloseTo(cov.variances[0], 8);
    expect(gram.variances[1]).toBeCloseTo(cov.variances[1], 8);
  });

  it('has a deterministic sign: the largest-magnitude entry of each axis is positive', () => {
    const n = 100;
    const d = 6;
    const { x } = stretched(n, d, [3, 1, 0.2, 0.2, 0.1, 0.1], 9);
    const negated = x.map((v) => -v);
    const a = pca2d(x, n, d);
    const b = pca2d(negated, n, d);
    for (let k = 0; k < 2; k++) {
      const axis = Array.from(a.components.subarray(k * d, (k + 1) * d));
      const big = axis.reduce((best, v, i) => (Math.abs(v) > Math.abs(axis[best]) ? i : best), 0);
      expect(axis[big]).toBeGreaterThan(0);
    }
    // Mirrored data: same axes, mirrored coordinates.
    for (let i = 0; i < a.components.length; i++) expect(b.components[i]).toBeCloseTo(a.components[i], 9);
    for (let i = 0; i < a.coords.length; i++) expect(b.coords[i]).toBeCloseTo(-a.coords[i], 9);
    expect(pca2d(x, n, d)).toEqual(a); // same input, same bits
  });

  it('handles degenerate inputs without NaN: constant data, one point, one feature, float32 input', () => {
    const constant = new Float32Array(20 * 4).fill(0.1);
    const p = pca2d(constant, 20, 4);
    expect(p.coords.every((v) => Number.isFinite(v) && Math.abs(v) < 1e-6)).toBe(true);
    expect(p.variances[0]).toBeLessThan(1e-12);
    expect(pca2d(new Float32Array([1, 2, 3]), 1, 3).coords.every((v) => v === 0)).toBe(true);
    const line = pca2d(new Float32Array([1, 2, 4, 8]), 4, 1);
    expect(Array.from(line.components)).toEqual([1, 0]);
    expect(line.coords[6]).toBeCloseTo(8 - 3.75, 12);
    expect(toPairs(line.coords)).toHaveLength(4);
    expect(() => pca2d(new Float32Array(5), 2, 3)).toThrow(/need 2 x 3/);
  });
});

// 2-D PCA of a feature sample, in float64 on the CPU (TF.js has no eigendecomposition, and a few
// hundred points do not need a GPU). The symmetric matrix whose top eigenvectors we need is the
// smaller of the covariance XᵀX/(n−1) [D, D] and the Gram XXᵀ/(n−1) [n, n] of the centred data
// (they share their non-zero eigenvalues): 500 points of a 2048-d Barlow Z2 cost an n×n Gram,
// ~0.26 G multiply-adds, instead of a 2048² covariance. Its top two eigenpairs come from
// subspace iteration on a block of 6 vectors with Rayleigh–Ritz (a 6×6 Jacobi) each sweep: the
// two leading Ritz pairs converge at the rate λ7/λ2 per iteration, with no deflation error.
// Sign convention (deterministic, as sklearn's svd_flip on components): each principal axis is
// flipped so that its largest-magnitude coordinate (first such, on ties) is positive.
import { Rng } from '../core/random';

export interface Pca2D {
  coords: Float64Array; // [n, 2] row-major: the centred points on the two principal axes
  components: Float64Array; // [2, D] row-major: unit principal axes in feature space
  variances: [number, number]; // eigenvalues of the covariance (n − 1 denominator), descending
  mean: Float64Array; // [D]
}

export interface PcaOptions {
  maxIterations?: number; // subspace iterations (default 1000; each costs m² · 6 for m = min(n, D))
  tolerance?: number; // residual ||M u − θ u|| relative to θ1 (default 1e-10)
  path?: 'auto' | 'covariance' | 'gram'; // which matrix to diagonalise (tests force both)
}

const BLOCK = 6;

/** Cyclic Jacobi on a small symmetric matrix a [p, p] (copied): eigenvalues and column eigenvectors. */
export function jacobiEigen(a: Float64Array, p: number): { values: Float64Array; vectors: Float64Array } {
  const m = Float64Array.from(a);
  const v = new Float64Array(p * p);
  for (let i = 0; i < p; i++) v[i * p + i] = 1;
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    let total = 0;
    for (let i = 0; i < p; i++) {
      for (let j = 0; j < p; j++) {
        if (i === j) total += m[i * p + j] ** 2;
        else off += m[i * p + j] ** 2;
      }
    }
    if (off <= 1e-30 * (total + off) || off === 0) break;
    for (let i = 0; i < p - 1; i++) {
      for (let j = i + 1; j < p; j++) {
        const aij = m[i * p + j];
        if (aij === 0) continue;
        const theta = (m[j * p + j] - m[i * p + i]) / (2 * aij);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let r = 0; r < p; r++) {
          // columns i, j of m, then rows i, j: m ← Jᵀ m J
          const mri = m[r * p + i];
          const mrj = m[r * p + j];
          m[r * p + i] = c * mri - s * mrj;
          m[r * p + j] = s * mri + c * mrj;
        }
        for (let r = 0; r < p; r++) {
          const mir = m[i * p + r];
          const mjr = m[j * p + r];
          m[i * p + r] = c * mir - s * mjr;
          m[j * p + r] = s * mir + c * mjr;
          const vri = v[r * p + i];
          const vrj = v[r * p + j];
          v[r * p + i] = c * vri - s * vrj;
          v[r * p + j] = s * vri + c * vrj;
        }
      }
    }
  }
  const values = new Float64Array(p);
  for (let i = 0; i < p; i++) values[i] = m[i * p + i];
  return { values, vectors: v };
}

/** Modified Gram–Schmidt on the columns of q [m, p] in place; a collapsed column is redrawn. */
function orthonormalize(q: Float64Array, m: number, p: number, rng: Rng): void {
  for (let j = 0; j < p; j++) {
    for (let attempt = 0; ; attempt++) {
      for (let i = 0; i < j; i++) {
        let dot = 0;
        for (let r = 0; r < m; r++) dot += q[r * p + i] * q[r * p + j];
        for (let r = 0; r < m; r++) q[r * p + j] -= dot * q[r * p + i];
      }
      let norm = 0;
      for (let r = 0; r < m; r++) norm += q[r * p + j] ** 2;
      norm = Math.sqrt(norm);
      if (norm > 1e-150 || attempt > 3) {
        for (let r = 0; r < m; r++) q[r * p + j] = norm > 0 ? q[r * p + j] / norm : 0;
        break;
      }
      for (let r = 0; r < m; r++) q[r * p + j] = rng.normal(); // rank-deficient M: fill the basis
    }
  }
}

/** y [m, p] = s [m, m] · q [m, p]. */
function multiply(s: Float64Array, q: Float64Array, m: number, p: number): Float64Array {
  const y = new Float64Array(m * p);
  for (let r = 0; r < m; r++) {
    for (let c = 0; c < m; c++) {
      const src = s[r * m + c];
      if (src === 0) continue;
      for (let j = 0; j < p; j++) y[r * p + j] += src * q[c * p + j];
    }
  }
  return y;
}

/** Top two eigenpairs of a symmetric PSD s [m, m]: values descending, vectors [2][m]. */
export function topTwoEigen(
  s: Float64Array,
  m: number,
  maxIterations = 1000,
  tolerance = 1e-10,
): { values: [number, number]; vectors: [Float64Array, Float64Array] } {
  const p = Math.min(BLOCK, m);
  const rng = new Rng(0x9ca);
  let q = Float64Array.from({ length: m * p }, () => rng.normal());
  orthonormalize(q, m, p, rng);
  let ritz = { values: [0, 0] as [number, number], vectors: [new Float64Array(m), new Float64Array(m)] as [Float64Array, Float64Array] };
  for (let iter = 0; iter < maxIterations; iter++) {
    const sq = multiply(s, q, m, p); // [m, p]
    const t = new Float64Array(p * p); // Qᵀ S Q
    for (let i = 0; i < p; i++) for (let j = 0; j < p; j++) for (let r = 0; r < m; r++) t[i * p + j] += q[r * p + i] * sq[r * p + j];
    const { values, vectors } = jacobiEigen(t, p);
    const order = Array.from({ length: p }, (_, i) => i).sort((a, b) => values[b] - values[a] || a - b);
    // Ritz vectors U = Q V and S U = (S Q) V, for the residuals.
    const u = new Float64Array(m * p);
    const su = new Float64Array(m * p);
    for (let r = 0; r < m; r++) {
      for (let jj = 0; jj < p; jj++) {
        const j = order[jj];
        let a = 0;
        let b = 0;
        for (let i = 0; i < p; i++) {
          a += q[r * p + i] * vectors[i * p + j];
          b += sq[r * p + i] * vectors[i * p + j];
        }
        u[r * p + jj] = a;
        su[r * p + jj] = b;
      }
    }
    const top = [values[order[0]], p > 1 ? values[order[1]] : 0];
    let worst = 0;
    for (let jj = 0; jj < Math.min(2, p); jj++) {
      let res = 0;
      for (let r = 0; r < m; r++) res += (su[r * p + jj] - top[jj] * u[r * p + jj]) ** 2;
      worst = Math.max(worst, Math.sqrt(res));
    }
    const column = (jj: number): Float64Array => (jj < p ? Float64Array.from({ length: m }, (_, r) => u[r * p + jj]) : new Float64Array(m));
    ritz = { values: [Math.max(top[0], 0), Math.max(top[1], 0)], vectors: [column(0), column(1)] };
    if (worst <= tolerance * Math.max(top[0], 1e-300) || top[0] <= 0) break;
    q = su; // next block: S · (Ritz vectors), re-orthonormalised
    orthonormalize(q, m, p, rng);
  }
  return ritz;
}

/** Makes the largest-magnitude entry (the first, on ties) positive; returns the sign applied. */
function flipSign(v: Float64Array): number {
  let at = 0;
  for (let i = 1; i < v.length; i++) if (Math.abs(v[i]) > Math.abs(v[at])) at = i;
  const sign = v[at] < 0 ? -1 : 1;
  if (sign < 0) for (let i = 0; i < v.length; i++) v[i] = -v[i];
  return sign;
}

/** PCA to two dimensions of `n` rows of `d` features (row-major, float32 or float64). */
export function pca2d(x: ArrayLike<number>, n: number, d: number, options: PcaOptions = {}): Pca2D {
  if (!Number.isInteger(n) || n < 1 || !Number.isInteger(d) || d < 1 || x.length < n * d) throw new Error(`pca2d: need ${n} x ${d} values, got ${x.length}`);
  const mean = new Float64Array(d);
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) mean[c] += x[r * d + c];
  for (let c = 0; c < d; c++) mean[c] /= n;
  const xc = new Float64Array(n * d); // centred, [n, d]
  for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) xc[r * d + c] = x[r * d + c] - mean[c];
  const denom = Math.max(n - 1, 1);
  const path = options.path === 'covariance' || options.path === 'gram' ? options.path : d <= n ? 'covariance' : 'gram';
  const m = path === 'covariance' ? d : n;
  const s = new Float64Array(m * m);
  if (path === 'covariance') {
    for (let r = 0; r < n; r++) {
      for (let i = 0; i < d; i++) {
        const a = xc[r * d + i];
        if (a === 0) continue;
        for (let j = i; j < d; j++) s[i * d + j] += a * xc[r * d + j];
      }
    }
  } else {
    for (let i = 0; i < n; i++)
      for (let j = i; j < n; j++) {
        let dot = 0;
        for (let c = 0; c < d; c++) dot += xc[i * d + c] * xc[j * d + c];
        s[i * n + j] = dot;
      }
  }
  for (let i = 0; i < m; i++) for (let j = i; j < m; j++) s[j * m + i] = s[i * m + j] /= denom;

  const eig = topTwoEigen(s, m, options.maxIterations, options.tolerance);
  const components = new Float64Array(2 * d);
  for (let k = 0; k < 2; k++) {
    const axis = components.subarray(k * d, (k + 1) * d);
    if (path === 'covariance') axis.set(eig.vectors[k]);
    else {
      // v = Xcᵀ u / ||Xcᵀ u||: the feature-space axis of the Gram eigenvector u.
      const u = eig.vectors[k];
      for (let r = 0; r < n; r++) for (let c = 0; c < d; c++) axis[c] += xc[r * d + c] * u[r];
      let norm = 0;
      for (let c = 0; c < d; c++) norm += axis[c] ** 2;
      norm = Math.sqrt(norm);
      for (let c = 0; c < d; c++) axis[c] = norm > 0 ? axis[c] / norm : 0; // zero only for constant data
    }
    flipSign(axis);
  }
  const coords = new Float64Array(n * 2);
  for (let r = 0; r < n; r++) {
    for (let k = 0; k < 2; k++) {
      let dot = 0;
      for (let c = 0; c < d; c++) dot += xc[r * d + c] * components[k * d + c];
      coords[r * 2 + k] = dot;
    }
  }
  return { coords, components, variances: eig.values, mean };
}

/** coords as pairs, the shape the embedding view takes. */
export function toPairs(coords: Float64Array): [number, number][] {
  return Array.from({ length: coords.length / 2 }, (_, i) => [coords[2 * i], coords[2 * i + 1]]);
}

// Float64 reference implementations for tests, in plain JS arrays. Written from the formulas
// of docs/method.md (and solo-learn's literal loss code), deliberately naively: literal matrix
// powers, literal exp sums, no tricks shared with the TF.js code they check. Slow (O(n³) loops):
// keep test shapes in the hundreds. Import as `import * as ref from '../test/reference'`.

/** A dense row-major matrix: m[i][j] is row i, column j. */
export type Matrix = number[][];

// ---------------------------------------------------------------- random inputs

/** mulberry32: a tiny seeded PRNG, uniform in [0, 1). Same seed, same stream, every platform. */
export function mulberry32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Standard normal samples by Box-Muller on a mulberry32 stream. */
export function gaussian(seed: number): () => number {
  const uniform = mulberry32(seed);
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const s = spare;
      spare = null;
      return s;
    }
    const u1 = 1 - uniform(); // (0, 1]: log is finite
    const u2 = uniform();
    const r = Math.sqrt(-2 * Math.log(u1));
    spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  };
}

export interface RandomMatrixOptions {
  /** Multiplies every entry (default 1). */
  scale?: number;
  /** Added to every entry after scaling (default 0). */
  mean?: number;
  /**
   * Round entries to float32 (default true), so a float32 tensor built from the matrix holds
   * exactly the values the float64 reference sees: differences then come from the computation only.
   */
  float32?: boolean;
}

/** A rows×cols matrix of N(mean, scale²) entries from a seed. */
export function randomMatrix(rows: number, cols: number, seed: number, options: RandomMatrixOptions = {}): Matrix {
  const { scale = 1, mean = 0, float32 = true } = options;
  const next = gaussian(seed);
  return Array.from({ length: rows }, () =>
    Array.from({ length: cols }, () => {
      const v = mean + scale * next();
      return float32 ? Math.fround(v) : v;
    }),
  );
}

/** Every entry rounded to float32 (what a float32 tensor built from m holds). */
export function toFloat32(m: Matrix): Matrix {
  return m.map((row) => row.map((v) => Math.fround(v)));
}

// ---------------------------------------------------------------- linear algebra

export function zeros(rows: number, cols: number): Matrix {
  return Array.from({ length: rows }, () => new Array<number>(cols).fill(0));
}

export function identity(n: number): Matrix {
  return Array.from({ length: n }, (_, i) => Array.from({ length: n }, (_, j) => (i === j ? 1 : 0)));
}

export function transpose(a: Matrix): Matrix {
  const cols = a[0]?.length ?? 0;
  return Array.from({ length: cols }, (_, j) => a.map((row) => row[j]));
}

/** a [n, k] · b [k, m] → [n, m], triple loop. */
export function matMul(a: Matrix, b: Matrix): Matrix {
  const n = a.length;
  const k = b.length;
  const m = b[0]?.length ?? 0;
  if ((a[0]?.length ?? 0) !== k) throw new Error(`matMul: inner sizes differ (${a[0]?.length} vs ${k})`);
  const out = zeros(n, m);
  for (let i = 0; i < n; i++) {
    for (let p = 0; p < k; p++) {
      const aip = a[i][p];
      for (let j = 0; j < m; j++) out[i][j] += aip * b[p][j];
    }
  }
  return out;
}

/** Elementwise product of same-shape matrices. */
export function hadamard(a: Matrix, b: Matrix): Matrix {
  return a.map((row, i) => row.map((v, j) => v * b[i][j]));
}

export function trace(a: Matrix): number {
  let t = 0;
  for (let i = 0; i < a.length; i++) t += a[i][i];
  return t;
}

/** a^p for integer p >= 1 by p − 1 literal products. */
export function matrixPower(a: Matrix, p: number): Matrix {
  if (!Number.isInteger(p) || p < 1) throw new Error(`matrixPower: p must be an integer >= 1, got ${p}`);
  let out = a;
  for (let i = 1; i < p; i++) out = matMul(out, a);
  return out;
}

/** Sum of squares of all entries (||a||_F²). */
export function frobeniusSq(a: Matrix): number {
  let s = 0;
  for (const row of a) for (const v of row) s += v * v;
  return s;
}

/** Rows stacked: [a; b]. */
export function concatRows(a: Matrix, b: Matrix): Matrix {
  return [...a.map((r) => [...r]), ...b.map((r) => [...r])];
}

// ---------------------------------------------------------------- matrix entropy and MI

/** z_i / max(||z_i||, eps), like F.normalize(z, dim=-1). */
export function rowNormalize(z: Matrix, eps = 1e-12): Matrix {
  return z.map((row) => {
    const norm = Math.sqrt(row.reduce((s, v) => s + v * v, 0));
    const d = Math.max(norm, eps);
    return row.map((v) => v / d);
  });
}

/** z zᵀ, [n, n]. */
export function gram(z: Matrix): Matrix {
  return matMul(z, transpose(z));
}

/** K = Ẑ Ẑᵀ of the row-normalised z (method.md). */
export function normalisedGram(z: Matrix): Matrix {
  return gram(rowNormalize(z));
}

/**
 * H_α(K) = 1/(1−α) · log tr((K/n)^α), natural log, with the matrix power taken literally
 * (α = 2: the trace of the squared matrix). Integer α >= 2 only.
 */
export function entropyOfGram(k: Matrix, alpha = 2): number {
  if (!Number.isInteger(alpha) || alpha < 2) throw new Error(`reference entropyOfGram: integer alpha >= 2 only, got ${alpha}`);
  const n = k.length;
  const scaled = k.map((row) => row.map((v) => v / n));
  return Math.log(trace(matrixPower(scaled, alpha))) / (1 - alpha);
}

/** H_α of z's normalised Gram. */
export function matrixEntropy(z: Matrix, alpha = 2): number {
  return entropyOfGram(normalisedGram(z), alpha);
}

/** I_α(Z1;Z2) = H(K1) + H(K2) − H(K1 ∘ K2). */
export function matrixMutualInformation(z1: Matrix, z2: Matrix, alpha = 2): number {
  const k1 = normalisedGram(z1);
  const k2 = normalisedGram(z2);
  return entropyOfGram(k1, alpha) + entropyOfGram(k2, alpha) - entropyOfGram(hadamard(k1, k2), alpha);
}

// ---------------------------------------------------------------- losses

/**
 * solo-learn's simclr_loss_func, literally: rows normalised, s_ij = exp(ẑ_i·ẑ_j / T),
 * pos_i = Σ_{j≠i, idx_j = idx_i} s_ij, neg_i = Σ_{idx_j ≠ idx_i} s_ij,
 * loss = −mean_i log(pos_i / (pos_i + neg_i)). `indexes[i]` names the image of row i (any number of
 * views per image; supervised SimCLR would pass labels). Overflows for T below ~0.0014 (exp > 1e308).
 */
export function simclrLoss(z: Matrix, indexes: number[], temperature: number): number {
  if (indexes.length !== z.length) throw new Error('reference simclrLoss: one index per row');
  const zHat = rowNormalize(z);
  const s = gram(zHat).map((row) => row.map((v) => Math.exp(v / temperature)));
  let total = 0;
  for (let i = 0; i < z.length; i++) {
    let pos = 0;
    let neg = 0;
    for (let j = 0; j < z.length; j++) {
      if (indexes[j] !== indexes[i]) neg += s[i][j];
      else if (j !== i) pos += s[i][j];
    }
    total += Math.log(pos / (pos + neg));
  }
  return -total / z.length;
}

/** NT-Xent of two row-aligned views: simclrLoss on [za; zb] with indexes [0..B−1, 0..B−1]. */
export function ntXentLoss(za: Matrix, zb: Matrix, temperature: number): number {
  const b = za.length;
  const indexes = [...Array.from({ length: b }, (_, i) => i), ...Array.from({ length: b }, (_, i) => i)];
  return simclrLoss(concatRows(za, zb), indexes, temperature);
}

/** Per column: (x − batch mean) / sqrt(biased batch variance + eps), BatchNorm1d(affine=False) training mode. */
export function batchStandardise(z: Matrix, eps = 1e-5): Matrix {
  const n = z.length;
  const d = z[0].length;
  const out = zeros(n, d);
  for (let j = 0; j < d; j++) {
    let mean = 0;
    for (let i = 0; i < n; i++) mean += z[i][j];
    mean /= n;
    let variance = 0;
    for (let i = 0; i < n; i++) variance += (z[i][j] - mean) ** 2;
    variance /= n;
    const sd = Math.sqrt(variance + eps);
    for (let i = 0; i < n; i++) out[i][j] = (z[i][j] - mean) / sd;
  }
  return out;
}

/** solo-learn's barlow_loss_func: C = AᵀB/N, scale · [Σ_i (C_ii − 1)² + λ Σ_{i≠j} C_ij²]. */
export function barlowTwinsLoss(za: Matrix, zb: Matrix, offDiagonalWeight = 0.0051, scale = 0.1): number {
  const n = za.length;
  const c = matMul(transpose(batchStandardise(za)), batchStandardise(zb)).map((row) => row.map((v) => v / n));
  let onDiag = 0;
  let offDiag = 0;
  for (let i = 0; i < c.length; i++) {
    for (let j = 0; j < c.length; j++) {
      if (i === j) onDiag += (c[i][j] - 1) ** 2;
      else offDiag += c[i][j] ** 2;
    }
  }
  return scale * (onDiag + offDiagonalWeight * offDiag);
}

// ---------------------------------------------------------------- discrete projector

/** torch.round / tf.round semantics: halves go to the even neighbour (Math.round sends them up). */
export function roundHalfToEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x - Math.trunc(x)) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/**
 * The official quantize for L levels (method.md, structural regulariser 1), one value:
 * half = (L−1)(1−1e-3)/2, offset = 0.5 (L even) or 0, shift = tan(offset/half),
 * q = round(tanh(z + shift)·half − offset), out = q / floor(L/2).
 */
export function discretizeValue(z: number, levels: number): number {
  const half = ((levels - 1) * (1 - 1e-3)) / 2;
  const offset = levels % 2 === 0 ? 0.5 : 0;
  const shift = Math.tan(offset / half);
  return roundHalfToEven(Math.tanh(z + shift) * half - offset) / Math.floor(levels / 2);
}

/** d/dz of the quantizer with a straight-through round: (1 − tanh²(z + shift)) · half / floor(L/2). */
export function discretizeGradient(z: number, levels: number): number {
  const half = ((levels - 1) * (1 - 1e-3)) / 2;
  const offset = levels % 2 === 0 ? 0.5 : 0;
  const t = Math.tanh(z + Math.tan(offset / half));
  return ((1 - t * t) * half) / Math.floor(levels / 2);
}

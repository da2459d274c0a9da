import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { matrixEntropy, matrixMutualInformation, rowNormalize } from './entropy';
import * as ref from '../test/reference';
import { analyticGradient, analyticGradients, expectAllClose, expectClose, expectGradientsClose, finiteDifferenceGradient, isClose } from '../test/gradcheck';

type Matrix = ref.Matrix;

/** Runs f on float32 tensors of the given matrices and reads the scalar back; frees everything. */
function run(f: (...xs: tf.Tensor2D[]) => tf.Scalar, ...ms: Matrix[]): number {
  return tf.tidy(() => f(...ms.map((m) => tf.tensor2d(m))).arraySync());
}

/** z2 = tanh(z1 W) + noise: correlated with z1 but not a function of its Gram alone. */
function correlated(z1: Matrix, d2: number, seed: number): Matrix {
  const w = ref.randomMatrix(z1[0].length, d2, seed, { float32: false });
  const noise = ref.randomMatrix(z1.length, d2, seed + 1, { scale: 0.3, float32: false });
  return ref.toFloat32(ref.matMul(z1, w).map((row, i) => row.map((v, j) => Math.tanh(v) + noise[i][j])));
}

const ROWS = [4, 16, 64, 130];
const COLS = [3, 8, 32, 257];
const TOL = { rtol: 1e-4, atol: 1e-6 };

describe('matrixEntropy and matrixMutualInformation vs the float64 reference', () => {
  for (const n of ROWS) {
    for (const d of COLS) {
      it(`H_2 and I_2 agree at n = ${n}, d = ${d} (${n < d ? 'n < d' : 'n > d'})`, () => {
        const z1 = ref.randomMatrix(n, d, 1000 * n + d);
        const z2 = correlated(z1, 1 + ((d * 7) % 40), n + d);
        expectClose(
          run((a) => matrixEntropy(a), z1),
          ref.matrixEntropy(z1),
          TOL,
          'H_2(z1)',
        );
        expectClose(
          run((a) => matrixEntropy(a), z2),
          ref.matrixEntropy(z2),
          TOL,
          'H_2(z2)',
        );
        expectClose(
          run((a, b) => matrixMutualInformation(a, b), z1, z2),
          ref.matrixMutualInformation(z1, z2),
          TOL,
          'I_2',
        );
      });
    }
  }

  for (const [n, d] of [
    [4, 3],
    [16, 32],
    [64, 8],
    [130, 257],
  ]) {
    it(`alpha = 3 and 4 agree with literal repeated products at n = ${n}, d = ${d}`, () => {
      const z1 = ref.randomMatrix(n, d, 7 * n + d);
      const z2 = correlated(z1, 5, n);
      for (const alpha of [3, 4]) {
        expectClose(
          run((a) => matrixEntropy(a, alpha), z1),
          ref.matrixEntropy(z1, alpha),
          TOL,
          `H_${alpha}`,
        );
        expectClose(
          run((a, b) => matrixMutualInformation(a, b, alpha), z1, z2),
          ref.matrixMutualInformation(z1, z2, alpha),
          TOL,
          `I_${alpha}`,
        );
      }
    });
  }

  it('a high order (alpha = 30, n = 64) stays exact where tr((K/n)^alpha) underflows float32', () => {
    // Largest eigenvalue of K ≈ (1 + sqrt(64/257))² ≈ 2.25, so tr((K/n)^30) ≈ (2.25/64)^30 ≈ 1e-44:
    // below float32's smallest normal (1.2e-38). Only the per-product rescaling keeps it exact.
    const z = ref.randomMatrix(64, 257, 5);
    const h = run((a) => matrixEntropy(a, 30), z);
    expect(Number.isFinite(h)).toBe(true);
    expectClose(h, ref.matrixEntropy(z, 30), TOL, 'H_30');
  });

  it('the comparison can fail: a Gram without row normalisation, or log2, would be caught', () => {
    const z = ref.randomMatrix(16, 8, 3, { scale: 3 });
    const h = run((a) => matrixEntropy(a), z);
    const k = ref.gram(z); // mutant: not row-normalised (its diagonal is not 1)
    const unnormalised = -Math.log(
      ref.trace(
        ref.matrixPower(
          k.map((r) => r.map((v) => v / ref.trace(k))),
          2,
        ),
      ),
    );
    expect(isClose(h, unnormalised, TOL)).toBe(false);
    expect(isClose(h, ref.matrixEntropy(z) / Math.LN2, TOL)).toBe(false);
  });
});

describe('hand-checkable cases', () => {
  const n = 6;
  const identical = Array.from({ length: n }, () => [0.3, -1.2, 2]);
  const orthonormal = ref
    .identity(8)
    .slice(0, n)
    .map((row) => row.map((v) => 5 * v)); // scaled: normalisation removes it
  // Two clusters of identical rows, e1 e1 e2 e2 and a crossing e1 e2 e1 e2.
  const clusters = [
    [1, 0],
    [1, 0],
    [0, 1],
    [0, 1],
  ];
  const crossing = [
    [1, 0],
    [0, 1],
    [1, 0],
    [0, 1],
  ];

  it('identical rows: H = 0 for alpha = 2, 3, 4', () => {
    for (const alpha of [2, 3, 4]) expect(run((a) => matrixEntropy(a, alpha), identical)).toBeCloseTo(0, 6);
  });

  it('orthonormal rows (n <= d): H = log n for alpha = 2, 3, 4', () => {
    for (const alpha of [2, 3, 4])
      expectClose(
        run((a) => matrixEntropy(a, alpha), orthonormal),
        Math.log(n),
        { rtol: 1e-6 },
        `H_${alpha}`,
      );
  });

  it('two orthogonal clusters: H = log 2; MI with itself = log 2; MI with the crossing clusters = 0', () => {
    expectClose(
      run((a) => matrixEntropy(a), clusters),
      Math.log(2),
      { rtol: 1e-6 },
    );
    expectClose(
      run((a, b) => matrixMutualInformation(a, b), clusters, clusters),
      Math.log(2),
      { rtol: 1e-6 },
    );
    // K1 ∘ K2 = I: the joint entropy is log 4 = H1 + H2, independent partitions.
    expect(run((a, b) => matrixMutualInformation(a, b), clusters, crossing)).toBeCloseTo(0, 6);
  });

  it('MI of z with itself equals H(z) when K has 0/1 entries, and is strictly below H(z) otherwise', () => {
    // I(z;z) = 2H(K) − H(K∘K) = H(K) iff Σ K_ij⁴ = Σ K_ij², i.e. every |K_ij| ∈ {0, 1}.
    for (const z of [orthonormal, identical]) {
      expect(run((a, b) => matrixMutualInformation(a, b), z, z)).toBeCloseTo(
        run((a) => matrixEntropy(a), z),
        6,
      );
    }
    const z = ref.randomMatrix(16, 8, 11);
    const mi = run((a, b) => matrixMutualInformation(a, b), z, z);
    const h = run((a) => matrixEntropy(a), z);
    expectClose(mi, ref.matrixMutualInformation(z, z), TOL);
    expect(mi).toBeLessThan(h - 0.05);
  });

  it('MI with a constant-direction z2 is 0 (K2 is all ones, so K1∘K2 = K1)', () => {
    const z1 = ref.randomMatrix(16, 8, 12);
    const constant = Array.from({ length: 16 }, (_, i) => [1 + i, 2 + 2 * i, -(1 + i)]); // same direction, varying norm
    expect(run((a, b) => matrixMutualInformation(a, b), z1, constant)).toBeCloseTo(0, 5);
    expect(run((a, b) => matrixMutualInformation(a, b), constant, z1)).toBeCloseTo(0, 5);
  });

  it('rowNormalize matches F.normalize, including an all-zero row (stays zero, zero gradient)', () => {
    const z = [
      [3, 4],
      [0, 0],
      [-1e-3, 0],
    ];
    expectAllClose(
      tf.tidy(() => rowNormalize(tf.tensor2d(z)).arraySync()),
      ref.rowNormalize(z),
      { rtol: 1e-6, atol: 1e-7 },
    );
    const w = [
      [1, 2],
      [3, 4],
      [5, 6],
    ];
    const g = analyticGradient((a) => tf.sum(tf.mul(rowNormalize(a), tf.tensor2d(w))), z);
    // PyTorch gives w / 1e-12 here; ours is 0 (see rowNormalize: that factor blew discrete runs up).
    expectAllClose([g[1]], [[0, 0]], { rtol: 0, atol: 0 }, 'zero row');
    const wKept = [w[0], w[2]];
    const numeric = finiteDifferenceGradient(
      (x) =>
        ref
          .rowNormalize(x)
          .flat()
          .reduce((s, v, k) => s + v * wKept[Math.floor(k / 2)][k % 2], 0),
      [z[0], z[2]],
      1e-7,
    );
    expectGradientsClose([g[0], g[2]], numeric, {}, 'non-zero rows');
  });
});

describe('argument checks', () => {
  const z = ref.randomMatrix(4, 3, 1);
  for (const alpha of [1, 2.5, 0, -1, NaN, Infinity]) {
    it(`alpha = ${alpha} is rejected with the reason`, () => {
      const msg = /alpha must be 2 or an integer >= 3.*eigendecomposition/;
      expect(() => run((a) => matrixEntropy(a, alpha), z)).toThrow(msg);
      expect(() => run((a, b) => matrixMutualInformation(a, b, alpha), z, z)).toThrow(msg);
    });
  }
  it('different row counts are rejected', () => {
    expect(() => run((a, b) => matrixMutualInformation(a, b), z, ref.randomMatrix(5, 3, 2))).toThrow(/same number of rows.*4 and 5/);
  });
});

describe('gradients vs central finite differences of the float64 reference', () => {
  const z1 = ref.randomMatrix(12, 5, 21);
  const z2 = correlated(z1, 7, 22);
  for (const alpha of [2, 3]) {
    it(`d H_${alpha} / dz`, () => {
      const analytic = analyticGradient((a) => matrixEntropy(a, alpha), z1);
      expectGradientsClose(
        analytic,
        finiteDifferenceGradient((x) => ref.matrixEntropy(x, alpha), z1),
        {},
        'dH/dz',
      );
    });
    it(`d I_${alpha} / dz1 and d I_${alpha} / dz2`, () => {
      const [g1, g2] = analyticGradients((a, b) => matrixMutualInformation(a, b, alpha), [z1, z2]);
      expectGradientsClose(
        g1,
        finiteDifferenceGradient((x) => ref.matrixMutualInformation(x, z2, alpha), z1),
        {},
        'dI/dz1',
      );
      expectGradientsClose(
        g2,
        finiteDifferenceGradient((x) => ref.matrixMutualInformation(z1, x, alpha), z2),
        {},
        'dI/dz2',
      );
    });
  }
});

describe('cost: alpha = 2 takes no matrix power', () => {
  /** Number of matrix-product kernels f runs (the Gram products and any powers). */
  async function matMuls(f: () => tf.Tensor): Promise<number> {
    const info = await tf.profile(() => tf.tidy(f));
    return info.kernels.filter((k) => k.name === 'BatchMatMul').length;
  }
  const a = ref.randomMatrix(8, 3, 1);
  const b = ref.randomMatrix(8, 5, 2);

  it('one product per Gram for alpha = 2; alpha − 2 more per entropy for alpha >= 3', async () => {
    expect(await matMuls(() => matrixEntropy(tf.tensor2d(a)))).toBe(1);
    expect(await matMuls(() => matrixMutualInformation(tf.tensor2d(a), tf.tensor2d(b)))).toBe(2);
    expect(await matMuls(() => matrixEntropy(tf.tensor2d(a), 4))).toBe(1 + 2);
    expect(await matMuls(() => matrixMutualInformation(tf.tensor2d(a), tf.tensor2d(b), 3))).toBe(2 + 3);
  });
});

describe('training behaviour and memory', () => {
  it('I(Z1;Z2) falls under 30 plain gradient steps on both inputs', () => {
    const z1 = tf.tidy(() => tf.variable(tf.tensor2d(ref.randomMatrix(16, 8, 31))));
    const z2 = tf.tidy(() => tf.variable(tf.tensor2d(correlated(ref.randomMatrix(16, 8, 31), 6, 32))));
    const opt = tf.train.sgd(0.5);
    const mi = () => matrixMutualInformation(z1, z2);
    const before = run(mi);
    for (let step = 0; step < 30; step++) tf.tidy(() => void opt.minimize(mi, false, [z1, z2]));
    const after = run(mi);
    console.log(`I_2 over 30 SGD steps: ${before.toFixed(4)} -> ${after.toFixed(4)}`);
    expect(after).toBeLessThan(0.9 * before);
    opt.dispose();
    z1.dispose();
    z2.dispose();
  });

  it('no tensors leak from forward passes or gradients', () => {
    const a = tf.tensor2d(ref.randomMatrix(10, 4, 41));
    const b = tf.tensor2d(ref.randomMatrix(10, 6, 42));
    const start = tf.memory().numTensors;
    for (const alpha of [2, 3]) {
      matrixEntropy(a, alpha).dispose();
      matrixMutualInformation(a, b, alpha).dispose();
      rowNormalize(a).dispose();
      tf.tidy(() => void matrixMutualInformation(a, b, alpha));
      tf.grads((x: tf.Tensor, y: tf.Tensor) => matrixMutualInformation(x as tf.Tensor2D, y as tf.Tensor2D, alpha))([a, b]).forEach((g) => g.dispose());
      tf.grad((x: tf.Tensor) => matrixEntropy(x as tf.Tensor2D, alpha))(a).dispose();
    }
    expect(tf.memory().numTensors).toBe(start);
    a.dispose();
    b.dispose();
  });
});

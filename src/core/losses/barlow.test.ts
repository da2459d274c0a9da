import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { barlowTwinsLoss } from './index';
import * as ref from '../../test/reference';
import { analyticGradients, expectClose, expectGradientsClose, finiteDifferenceGradient, isClose } from '../../test/gradcheck';

type Matrix = ref.Matrix;

function loss(za: Matrix, zb: Matrix, lambda?: number, scale?: number): number {
  return tf.tidy(() => barlowTwinsLoss(tf.tensor2d(za), tf.tensor2d(zb), lambda, scale).arraySync());
}

/** Second view = first view plus noise, features with assorted means and scales. */
function views(n: number, d: number, seed: number): [Matrix, Matrix] {
  const za = ref.randomMatrix(n, d, seed).map((row) => row.map((v, j) => Math.fround(v * (1 + (j % 5)) + (j % 3) - 1)));
  const noise = ref.randomMatrix(n, d, seed + 1, { scale: 0.7 });
  return [za, za.map((row, i) => row.map((v, j) => Math.fround(v + noise[i][j])))];
}

const TOL = { rtol: 1e-4, atol: 1e-7 };
const EPS = 1e-5;
/** Columns of a 4-row Hadamard matrix without the constant one: mean 0, biased variance 1, orthogonal. */
const DECORRELATED = [
  [1, 1, 1],
  [1, -1, -1],
  [-1, 1, -1],
  [-1, -1, 1],
];

describe('barlowTwinsLoss vs the float64 reference (solo-learn barlow_loss_func)', () => {
  for (const n of [4, 16, 64, 130]) {
    for (const d of [3, 8, 32, 257]) {
      it(`N = ${n}, D = ${d} (${n < d ? 'N < D' : 'N > D'})`, () => {
        const [za, zb] = views(n, d, 10 * n + d);
        expectClose(loss(za, zb), ref.barlowTwinsLoss(za, zb), TOL);
      });
    }
  }

  it('other weights: solo-learn defaults (0.005, 0.025) and a heavy off-diagonal weight', () => {
    const [za, zb] = views(16, 8, 3);
    expectClose(loss(za, zb, 0.005, 0.025), ref.barlowTwinsLoss(za, zb, 0.005, 0.025), TOL);
    expectClose(loss(za, zb, 1, 1), ref.barlowTwinsLoss(za, zb, 1, 1), TOL);
  });

  it('the comparison can fail: an unbiased variance or a swapped weight is caught', () => {
    const n = 16;
    const [za, zb] = views(n, 8, 5);
    const value = loss(za, zb);
    // Mutant: standardise with the unbiased variance (÷ N−1), i.e. C shrinks by (N−1)/N.
    const shrink = (m: Matrix) => ref.batchStandardise(m).map((r) => r.map((v) => v * Math.sqrt((n - 1) / n)));
    const c = ref.matMul(ref.transpose(shrink(za)), shrink(zb)).map((r) => r.map((v) => v / n));
    const unbiased = 0.1 * c.reduce((s, r, i) => s + r.reduce((t, v, j) => t + (i === j ? (v - 1) ** 2 : 0.0051 * v * v), 0), 0);
    expect(isClose(value, unbiased, TOL)).toBe(false);
    expect(isClose(value, ref.barlowTwinsLoss(za, zb, 0.1, 0.0051), TOL)).toBe(false);
  });
});

describe('hand-checkable cases', () => {
  it('identical, perfectly decorrelated, standardised views: 0 (up to the 1e-5 eps)', () => {
    // C = I / (1 + eps), so the loss is scale · D · (eps / (1 + eps))² ≈ 3e-11.
    expect(loss(DECORRELATED, DECORRELATED)).toBeCloseTo(0, 9);
    // Per-feature affine maps of either view change nothing: standardisation removes them.
    const affine = DECORRELATED.map((r) => r.map((v, j) => 3 * v + j - 2));
    expect(loss(affine, DECORRELATED)).toBeCloseTo(0, 9);
  });

  it('anti-correlated views: C = −I, loss = scale · D · (1 + 1/(1+eps))²', () => {
    const flipped = DECORRELATED.map((r) => r.map((v) => -v));
    expectClose(loss(DECORRELATED, flipped), 0.1 * 3 * (1 + 1 / (1 + EPS)) ** 2, { rtol: 1e-6 });
  });

  it('two copies of one feature: only the off-diagonal terms count, 2λ · scale', () => {
    const dup = DECORRELATED.map((r) => [r[0], r[0]]);
    expectClose(loss(dup, dup), 0.1 * (2 * (EPS / (1 + EPS)) ** 2 + (0.0051 * 2) / (1 + EPS) ** 2), { rtol: 1e-5 });
  });

  it('features swapped between views: C = [[0, 1], [1, 0]], loss = scale · (2 + 2λ)', () => {
    const a = DECORRELATED.map((r) => [r[0], r[1]]);
    const b = DECORRELATED.map((r) => [r[1], r[0]]);
    expectClose(loss(a, b), 0.1 * (2 + (2 * 0.0051) / (1 + EPS) ** 2), { rtol: 1e-6 });
  });
});

describe('argument checks', () => {
  const [za, zb] = views(4, 3, 1);
  it('a batch of one is rejected (BatchNorm1d refuses it too)', () => expect(() => loss([za[0]], [zb[0]])).toThrow(/at least 2 rows/));
  it('mismatched views are rejected', () => expect(() => loss(za, ref.randomMatrix(4, 2, 2))).toThrow(/same shape.*\[4, 3\] and \[4, 2\]/));
  it('negative or non-finite weights are rejected', () => {
    expect(() => loss(za, zb, -0.1)).toThrow(/offDiagonalWeight/);
    expect(() => loss(za, zb, 0.0051, NaN)).toThrow(/scale/);
  });
});

describe('gradients vs central finite differences of the float64 reference', () => {
  for (const lambda of [0.0051, 0.5]) {
    it(`d/dza and d/dzb at N = 6, D = 4, lambda = ${lambda}`, () => {
      const [za, zb] = views(6, 4, 21);
      const [ga, gb] = analyticGradients((a, b) => barlowTwinsLoss(a, b, lambda), [za, zb]);
      expectGradientsClose(
        ga,
        finiteDifferenceGradient((x) => ref.barlowTwinsLoss(x, zb, lambda), za),
        {},
        'dL/dza',
      );
      expectGradientsClose(
        gb,
        finiteDifferenceGradient((x) => ref.barlowTwinsLoss(za, x, lambda), zb),
        {},
        'dL/dzb',
      );
    });
  }
});

describe('training behaviour and memory', () => {
  it('falls under 30 plain gradient steps on both views', () => {
    const za = tf.tidy(() => tf.variable(tf.tensor2d(ref.randomMatrix(16, 8, 31))));
    const zb = tf.tidy(() => tf.variable(tf.tensor2d(ref.randomMatrix(16, 8, 32))));
    const opt = tf.train.sgd(2);
    const f = () => barlowTwinsLoss(za, zb);
    const before = tf.tidy(() => f().arraySync());
    for (let step = 0; step < 30; step++) tf.tidy(() => void opt.minimize(f, false, [za, zb]));
    const after = tf.tidy(() => f().arraySync());
    console.log(`Barlow Twins over 30 SGD steps: ${before.toFixed(4)} -> ${after.toFixed(4)}`);
    expect(after).toBeLessThan(0.5 * before);
    [opt, za, zb].forEach((x) => x.dispose());
  });

  it('no tensors leak from forward passes or gradients', () => {
    const a = tf.tensor2d(ref.randomMatrix(6, 4, 41));
    const b = tf.tensor2d(ref.randomMatrix(6, 4, 42));
    const start = tf.memory().numTensors;
    barlowTwinsLoss(a, b).dispose();
    tf.tidy(() => void barlowTwinsLoss(a, b));
    tf.grads((x: tf.Tensor, y: tf.Tensor) => barlowTwinsLoss(x as tf.Tensor2D, y as tf.Tensor2D))([a, b]).forEach((g) => g.dispose());
    expect(tf.memory().numTensors).toBe(start);
    a.dispose();
    b.dispose();
  });
});

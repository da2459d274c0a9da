import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { ntXentLoss } from './index';
import * as ref from '../../test/reference';
import { analyticGradients, expectClose, expectGradientsClose, finiteDifferenceGradient, isClose } from '../../test/gradcheck';

type Matrix = ref.Matrix;

function loss(za: Matrix, zb: Matrix, t: number): number {
  return tf.tidy(() => ntXentLoss(tf.tensor2d(za), tf.tensor2d(zb), t).arraySync());
}

/** Second view = first view plus noise: positives are the most similar pairs, as in training. */
function views(b: number, d: number, seed: number): [Matrix, Matrix] {
  const za = ref.randomMatrix(b, d, seed);
  const noise = ref.randomMatrix(b, d, seed + 1, { scale: 0.5 });
  return [za, za.map((row, i) => row.map((v, j) => Math.fround(v + noise[i][j])))];
}

const TOL = { rtol: 1e-4, atol: 1e-6 };
const e = (d: number, i: number, sign = 1): number[] => Array.from({ length: d }, (_, j) => (j === i ? sign : 0));

describe('ntXentLoss vs the float64 literal solo-learn reference', () => {
  for (const b of [2, 8, 32, 65]) {
    for (const d of [3, 8, 32, 257]) {
      it(`B = ${b} (n = ${2 * b} rows), d = ${d}, T = 0.2`, () => {
        const [za, zb] = views(b, d, 100 * b + d);
        expectClose(loss(za, zb, 0.2), ref.ntXentLoss(za, zb, 0.2), TOL);
      });
    }
  }

  for (const t of [0.07, 0.5, 1, 5]) {
    it(`other temperatures: T = ${t}`, () => {
      const [za, zb] = views(16, 8, 7);
      expectClose(loss(za, zb, t), ref.ntXentLoss(za, zb, t), TOL);
    });
  }

  it('stays finite and exact at T = 0.005, where exp(1/T) overflows float32', () => {
    const [za, zb] = views(8, 4, 9);
    const value = loss(za, zb, 0.005);
    expect(Number.isFinite(value)).toBe(true);
    expectClose(value, ref.ntXentLoss(za, zb, 0.005), TOL);
  });

  it('the comparison can fail: a wrong temperature or a missing self-exclusion is caught', () => {
    const [za, zb] = views(8, 8, 11);
    const value = loss(za, zb, 0.2);
    expect(isClose(value, ref.ntXentLoss(za, zb, 0.21), TOL)).toBe(false);
    // Mutant: self-similarity exp(1/T) left in the denominator.
    const z = ref.rowNormalize(ref.concatRows(za, zb));
    const s = ref.gram(z).map((row) => row.map((v) => Math.exp(v / 0.2)));
    const withSelf = -s.reduce((acc, row, i) => acc + Math.log(row[(i + 8) % 16] / row.reduce((a, v) => a + v, 0)), 0) / 16;
    expect(isClose(value, withSelf, TOL)).toBe(false);
  });
});

describe('hand-checkable cases', () => {
  it('aligned views of two orthogonal images: log(1 + 2 e^{-1/T})', () => {
    expectClose(loss([e(2, 0), e(2, 1)], [e(2, 0), e(2, 1)], 0.5), Math.log(1 + 2 * Math.exp(-2)), { rtol: 1e-6 });
  });
  it('anti-aligned views: log(1 + 2 e^{1/T})', () => {
    expectClose(loss([e(2, 0), e(2, 1)], [e(2, 0, -1), e(2, 1, -1)], 0.5), Math.log(1 + 2 * Math.exp(2)), { rtol: 1e-6 });
  });
  it('every row orthogonal to every other: log(2B − 1) at any temperature', () => {
    for (const t of [0.1, 1]) {
      expectClose(loss([e(6, 0), e(6, 1), e(6, 2)], [e(6, 3), e(6, 4), e(6, 5)], t), Math.log(5), { rtol: 1e-6 });
    }
  });
  it('one image (no negatives) gives 0; row scale does not matter', () => {
    expect(loss([[1, 2, 3]], [[-3, 0.5, 1]], 0.2)).toBeCloseTo(0, 6);
    const [za, zb] = views(4, 3, 5);
    expectClose(
      loss(
        za.map((r) => r.map((v) => 7 * v)),
        zb,
        0.2,
      ),
      loss(za, zb, 0.2),
      { rtol: 1e-5 },
    );
  });
});

describe('argument checks', () => {
  const [za, zb] = views(4, 3, 1);
  for (const t of [0, -0.2, NaN, Infinity]) {
    it(`temperature ${t} is rejected`, () => expect(() => loss(za, zb, t)).toThrow(/temperature must be a finite number > 0/));
  }
  it('mismatched views are rejected', () => {
    expect(() => loss(za, ref.randomMatrix(5, 3, 2), 0.2)).toThrow(/same shape.*\[4, 3\] and \[5, 3\]/);
    expect(() => loss(za, ref.randomMatrix(4, 2, 2), 0.2)).toThrow(/same shape/);
  });
});

describe('gradients vs central finite differences of the float64 reference', () => {
  for (const t of [0.2, 0.5]) {
    it(`d/dza and d/dzb at B = 5, d = 4, T = ${t}`, () => {
      const [za, zb] = views(5, 4, 21);
      const [ga, gb] = analyticGradients((a, b) => ntXentLoss(a, b, t), [za, zb]);
      expectGradientsClose(
        ga,
        finiteDifferenceGradient((x) => ref.ntXentLoss(x, zb, t), za),
        {},
        'dL/dza',
      );
      expectGradientsClose(
        gb,
        finiteDifferenceGradient((x) => ref.ntXentLoss(za, x, t), zb),
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
    const opt = tf.train.sgd(1);
    const f = () => ntXentLoss(za, zb, 0.2);
    const before = tf.tidy(() => f().arraySync());
    for (let step = 0; step < 30; step++) tf.tidy(() => void opt.minimize(f, false, [za, zb]));
    const after = tf.tidy(() => f().arraySync());
    console.log(`NT-Xent over 30 SGD steps: ${before.toFixed(4)} -> ${after.toFixed(4)}`);
    expect(after).toBeLessThan(0.8 * before);
    [opt, za, zb].forEach((x) => x.dispose());
  });

  it('no tensors leak from forward passes or gradients', () => {
    const a = tf.tensor2d(ref.randomMatrix(6, 4, 41));
    const b = tf.tensor2d(ref.randomMatrix(6, 4, 42));
    const start = tf.memory().numTensors;
    ntXentLoss(a, b, 0.2).dispose();
    tf.tidy(() => void ntXentLoss(a, b, 0.2));
    tf.grads((x: tf.Tensor, y: tf.Tensor) => ntXentLoss(x as tf.Tensor2D, y as tf.Tensor2D, 0.2))([a, b]).forEach((g) => g.dispose());
    expect(tf.memory().numTensors).toBe(start);
    a.dispose();
    b.dispose();
  });
});

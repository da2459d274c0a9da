import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients by itself (sum, mul, tanh here); ops.ts and discretize.ts do
// not import the registration themselves.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { discretize, discretizeBounds } from './discretize';
import * as ref from '../test/reference';
import { expectAllClose } from '../test/gradcheck';

const LEVELS = [2, 3, 4, 5, 6, 7, 8];

/** The bound's parameters straight from method.md, in float64 (independent of discretizeBounds). */
function spec(levels: number): { half: number; offset: number; shift: number } {
  const half = ((levels - 1) * (1 - 1e-3)) / 2;
  const offset = levels % 2 === 0 ? 0.5 : 0;
  return { half, offset, shift: Math.tan(offset / half) };
}

/**
 * The levels the official quantize can reach: b = tanh(·)·half − offset sweeps the interval
 * (−half − offset, half − offset) continuously, so q takes every integer from round(lo) to
 * round(hi) (the ends are never at a .5 boundary for L <= 8). Divided by floor(L/2), as float32.
 */
function reachableLevels(levels: number): number[] {
  const { half, offset } = spec(levels);
  const lo = Math.round(-half - offset);
  const hi = Math.round(half - offset);
  return Array.from({ length: hi - lo + 1 }, (_, k) => Math.fround((lo + k) / Math.floor(levels / 2)) + 0);
}

function forward(z: number[], levels: number): number[] {
  return tf.tidy(() => Array.from(discretize(tf.tensor1d(z), levels).dataSync()));
}

describe('discretize forward values', () => {
  // A dense sweep plus saturated inputs (tanh = ±1 exactly in float32 and float64).
  const sweep = [...Array.from({ length: 24001 }, (_, i) => -12 + i * 0.001), -50, 50];

  for (const levels of LEVELS) {
    it(`L = ${levels}: the set of outputs is exactly the official reachable levels`, () => {
      const got = [...new Set(forward(sweep, levels).map((v) => v + 0))].sort((a, b) => a - b); // + 0: −0 → 0
      expect(got).toEqual(reachableLevels(levels));
      expect(got.length).toBe(levels);
    });
  }

  it('method.md examples: L = 3, 4, 5', () => {
    expect(reachableLevels(3)).toEqual([-1, 0, 1]);
    expect(reachableLevels(4)).toEqual([-1, -0.5, 0, 0.5]);
    expect(reachableLevels(5)).toEqual([-1, -0.5, 0, 0.5, 1]);
  });

  it('equals the float64 reference on random inputs (away from rounding boundaries)', () => {
    // float32 tanh can land on the other side of a .5 boundary than float64 for inputs within
    // ~1e-6 of it; such inputs are dropped (and counted: very few).
    const z = ref.randomMatrix(1, 4000, 3, { scale: 2 })[0];
    for (const levels of LEVELS) {
      const { half, offset, shift } = spec(levels);
      const kept = z.filter((v) => {
        const b = Math.tanh(v + shift) * half - offset;
        return Math.abs(b - Math.floor(b) - 0.5) > 1e-4;
      });
      expect(kept.length).toBeGreaterThan(3900);
      const got = forward(kept, levels);
      expect(got.map((v) => v + 0)).toEqual(kept.map((v) => Math.fround(ref.discretizeValue(v, levels)) + 0));
    }
  });

  it('keeps the shape of any-rank input', () => {
    const shape = tf.tidy(() => discretize(tf.zeros([2, 3, 4]), 5).shape);
    expect(shape).toEqual([2, 3, 4]);
  });
});

describe('discretize gradient (straight-through round)', () => {
  const z = ref.randomMatrix(1, 500, 5, { scale: 2 })[0];
  for (const levels of LEVELS) {
    it(`L = ${levels}: equals d/dz[tanh(z + shift)·half] / floor(L/2) in float64`, () => {
      const w = ref.randomMatrix(1, z.length, levels)[0];
      const got = tf.tidy(() =>
        Array.from(
          tf
            .grad((x: tf.Tensor) => tf.sum(tf.mul(discretize(x, levels), tf.tensor1d(w))))(tf.tensor1d(z))
            .dataSync(),
        ),
      );
      // Relative error of float32 (1 − tanh²) grows where tanh saturates, hence the small atol.
      expectAllClose([got], [z.map((v, i) => w[i] * ref.discretizeGradient(v, levels))], { rtol: 1e-4, atol: 1e-6 }, `L = ${levels}`);
    });
  }
});

describe('argument checks and memory', () => {
  for (const levels of [1, 0, 2.5, -3, NaN]) {
    it(`L = ${levels} is rejected`, () => {
      expect(() => discretizeBounds(levels)).toThrow(/integer >= 2/);
      expect(() => forward([0.1], levels)).toThrow(/integer >= 2/);
    });
  }

  it('no tensors leak from forward passes or gradients', () => {
    const a = tf.tensor2d(ref.randomMatrix(4, 6, 7));
    const start = tf.memory().numTensors;
    discretize(a, 4).dispose();
    tf.grad((x: tf.Tensor) => tf.sum(discretize(x, 5)))(a).dispose();
    expect(tf.memory().numTensors).toBe(start);
    a.dispose();
  });
});

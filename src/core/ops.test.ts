import * as tf from '@tensorflow/tfjs-core';
// tfjs-core registers no gradients by itself (sum, mul, tanh here); ops.ts and discretize.ts do
// not import the registration themselves.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { describe, expect, it } from 'vitest';
import { roundStraightThrough, stopGradient } from './ops';
import * as ref from '../test/reference';

const x = ref.randomMatrix(5, 7, 1, { scale: 3 });
const w = ref.randomMatrix(5, 7, 2);

describe('stopGradient', () => {
  it('returns the input values unchanged, same shape and dtype', () => {
    const out = tf.tidy(() => {
      const y = stopGradient(tf.tensor2d(x));
      return { values: y.arraySync(), shape: y.shape, dtype: y.dtype };
    });
    expect(out.values).toEqual(x);
    expect(out.shape).toEqual([5, 7]);
    expect(out.dtype).toBe('float32');
  });

  it('passes a zero gradient, while the other branch of the same input still gets its own', () => {
    const zero = tf.tidy(() =>
      tf
        .grad((a: tf.Tensor) => tf.sum(tf.mul(stopGradient(a), tf.tensor2d(w))))(tf.tensor2d(x))
        .arraySync(),
    );
    expect((zero as number[][]).flat().every((v) => v === 0)).toBe(true);
    // d/da Σ sg(a)·a = sg(a) = a: only the un-stopped factor contributes.
    const mixed = tf.tidy(() =>
      tf
        .grad((a: tf.Tensor) => tf.sum(tf.mul(stopGradient(a), a)))(tf.tensor2d(x))
        .arraySync(),
    );
    expect(mixed).toEqual(x);
  });
});

describe('roundStraightThrough', () => {
  it('forward equals round, with halves to even like tf.round and torch.round', () => {
    const halves = [-2.5, -1.5, -0.5, 0.5, 1.5, 2.5, 3.5];
    const got = tf.tidy(() => roundStraightThrough(tf.tensor1d(halves)).arraySync());
    expect(got.map((v) => v + 0)).toEqual(halves.map((v) => ref.roundHalfToEven(v) + 0)); // + 0 folds −0 into 0
    const random = tf.tidy(() => roundStraightThrough(tf.tensor2d(x)).arraySync());
    expect(random.flat().map((v) => v + 0)).toEqual(x.flat().map((v) => ref.roundHalfToEven(v) + 0));
  });

  it('has a gradient of exactly 1 (the upstream gradient passes through unchanged)', () => {
    const ones = tf.tidy(() =>
      tf
        .grad((a: tf.Tensor) => tf.sum(roundStraightThrough(a)))(tf.tensor2d(x))
        .arraySync(),
    );
    expect((ones as number[][]).flat().every((v) => v === 1)).toBe(true);
    const weighted = tf.tidy(() =>
      tf
        .grad((a: tf.Tensor) => tf.sum(tf.mul(roundStraightThrough(a), tf.tensor2d(w))))(tf.tensor2d(x))
        .arraySync(),
    );
    expect(weighted).toEqual(w);
    // Plain tf.round would have stopped learning: its gradient is 0.
    const plain = tf.tidy(() =>
      tf
        .grad((a: tf.Tensor) => tf.sum(tf.round(a)))(tf.tensor2d(x))
        .arraySync(),
    );
    expect((plain as number[][]).flat().every((v) => v === 0)).toBe(true);
  });
});

describe('memory', () => {
  it('no tensors leak from either op or its gradient', () => {
    const a = tf.tensor2d(x);
    const start = tf.memory().numTensors;
    stopGradient(a).dispose();
    roundStraightThrough(a).dispose();
    tf.grad((t: tf.Tensor) => tf.sum(tf.mul(stopGradient(t), t)))(a).dispose();
    tf.grad((t: tf.Tensor) => tf.sum(roundStraightThrough(t)))(a).dispose();
    expect(tf.memory().numTensors).toBe(start);
    a.dispose();
  });
});

// The discrete projector (method.md, structural regulariser 1): finite scalar
// quantisation of every output unit to `levels` values in [-1, 1].
import * as tf from '@tensorflow/tfjs-core';
import { roundStraightThrough } from './ops';

/** Parameters of the official `bound` for L levels (FSQ with tan instead of atanh). */
export function discretizeBounds(levels: number): { half: number; offset: number; shift: number; halfWidth: number } {
  if (!Number.isInteger(levels) || levels < 2) {
    throw new Error(`discretize: levels (point_num) must be an integer >= 2, got ${levels}; use 0 to switch the discrete projector off`);
  }
  const half = ((levels - 1) * (1 - 1e-3)) / 2;
  const offset = levels % 2 === 0 ? 0.5 : 0;
  return { half, offset, shift: Math.tan(offset / half), halfWidth: Math.floor(levels / 2) };
}

/**
 * Forward values exactly the official `quantize`: `round(tanh(z + shift) * half - offset)`
 * divided by floor(L/2). The rounding is straight-through, so the gradient is that of the
 * tanh bound divided by floor(L/2) (rounding itself contributes a factor of exactly 1).
 */
export function discretize<T extends tf.Tensor>(z: T, levels: number): T {
  const { half, offset, shift, halfWidth } = discretizeBounds(levels);
  return tf.tidy(() => {
    const bounded = tf.sub(tf.mul(tf.tanh(tf.add(z, shift)), half), offset);
    return tf.div(roundStraightThrough(bounded), halfWidth) as T;
  });
}

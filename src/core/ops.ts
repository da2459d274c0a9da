// Small differentiable building blocks that TF.js 4.22 lacks.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Identity forward, zero gradient: TF.js has no `stopGradient`. Used for the online
 * classifier's input (it must never shape the encoder) and for straight-through rounding.
 */
export function stopGradient<T extends tf.Tensor>(x: T): T {
  // customGrad's callback receives the inputs followed by a save function.
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: (args[0] as tf.Tensor).clone(),
    gradFunc: (dy: tf.Tensor) => tf.zerosLike(dy),
  }));
  return op(x) as T;
}

/**
 * Straight-through rounding: forward `round(x)`, backward identity (gradient exactly 1).
 * TF.js's own `round` has a zero gradient, which would stop all learning behind it.
 */
export function roundStraightThrough<T extends tf.Tensor>(x: T): T {
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => ({
    value: tf.round(args[0] as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => tf.clone(dy),
  }));
  return op(x) as T;
}

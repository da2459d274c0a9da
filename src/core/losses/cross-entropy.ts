// The online classifier's loss: mean softmax cross-entropy against integer labels, as one op
// with its analytic gradient (softmax − one-hot) / N. Same values as tf.losses.softmaxCrossEntropy
// with one-hot targets (composed.ts keeps that form; the tests compare the two).
import * as tf from '@tensorflow/tfjs-core';

/**
 * @param logits [N, C]
 * @param labels [N] int32 class indices (no gradient)
 * @returns scalar mean over the N rows, differentiable w.r.t. the logits
 */
export function softmaxCrossEntropy(logits: tf.Tensor2D, labels: tf.Tensor1D): tf.Scalar {
  const [n, classes] = logits.shape;
  if (labels.shape[0] !== n) throw new Error(`softmaxCrossEntropy: ${n} rows of logits but ${labels.shape[0]} labels`);
  // One-hot in int32 then cast: float32 oneHot is wrong on tfjs-backend-wasm 4.22.
  const targets = tf.cast(tf.oneHot(labels, classes), 'float32'); // [N, C]
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    const logProbs = tf.sub(x, tf.logSumExp(x, 1, true)); // [N, C]
    save([tf.exp(logProbs), targets]);
    return {
      value: tf.mul(tf.sum(tf.mul(logProbs, targets)), -1 / n) as tf.Scalar,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.tidy(() => tf.mul(tf.sub(saved[0], saved[1]), tf.div(dy, n))),
    };
  });
  const value = op(logits) as tf.Scalar;
  targets.dispose();
  return value;
}

// Top-k accuracy from class scores, on the device, with one tie rule shared by the probe, the
// kNN and the tests' references: classes are ranked by score, descending, ties broken by the
// lower class index (a stable sort; argmax's first-maximum rule is its k = 1 case). Without a
// rule, a test image whose true class got no kNN votes at all would count as a top-5 hit
// whenever fewer than five classes got any, because the zero scores tie.
import * as tf from '@tensorflow/tfjs-core';

/**
 * Position of each row's true class in that row's ranking (0 = predicted class).
 * scores [n, C] float, labels [n] int32 → [n] int32.
 */
export function rankOfTrueClass(scores: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const numClasses = scores.shape[1];
    const oneHot = tf.oneHot(labels, numClasses); // [n, C] int32
    // Exact: one non-zero term plus zeros, so equality with the row's entries is meaningful.
    const trueScore = tf.sum(tf.mul(scores, tf.cast(oneHot, 'float32')), 1, true); // [n, 1]
    const classIndex = tf.range(0, numClasses, 1, 'int32'); // [C]
    const before = tf.less(tf.reshape(classIndex, [1, numClasses]), tf.reshape(labels, [-1, 1])); // [n, C]
    const ahead = tf.logicalOr(tf.greater(scores, trueScore), tf.logicalAnd(tf.equal(scores, trueScore), before)); // [n, C]
    return tf.sum(tf.cast(ahead, 'int32'), 1) as tf.Tensor1D; // [n]
  });
}

/** Number of rows whose true class ranks within the top 1 and the top 5: [2] float32. */
export function topOneFiveHits(scores: tf.Tensor2D, labels: tf.Tensor1D): tf.Tensor1D {
  return tf.tidy(() => {
    const rank = rankOfTrueClass(scores, labels); // [n]
    const hits = (k: number): tf.Tensor => tf.sum(tf.cast(tf.less(rank, k), 'float32'));
    return tf.stack([hits(1), hits(5)]) as tf.Tensor1D; // [2]
  });
}

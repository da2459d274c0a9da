// Pooling with a gradient that is fast on wasm. tfjs-backend-wasm's MaxPoolGrad kernel took
// ~25 ms of CPU for one ConvNet layer ([64, 32, 32, 16], 2 cores, loaded); routing the
// gradient through a mask built from same-shape kernels (nearest-neighbour upsampling, equal,
// multiply) takes about half. Other backends keep TF.js's kernels.
import * as tf from '@tensorflow/tfjs-core';

/**
 * 2x2 max-pool, stride 2, 'valid': [N, H, W, C] -> [N, H/2, W/2, C]. On wasm (even H and W) the
 * gradient goes to every input equal to its window's maximum, where TF.js picks one of them:
 * the two differ only where a window has tied maxima. In the encoders a ReLU comes first, so
 * ties are all-zero windows, and the ReLU's own gradient zeroes those inputs either way.
 */
export function maxPool2x2(x: tf.Tensor4D): tf.Tensor4D {
  const [, height, width] = x.shape;
  if (tf.getBackend() !== 'wasm' || height % 2 !== 0 || width % 2 !== 0) return tf.maxPool(x, 2, 2, 'valid');
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [input, save] = args as [tf.Tensor4D, tf.GradSaveFunc];
    const pooled = tf.maxPool(input, 2, 2, 'valid');
    save([input, pooled]);
    return {
      value: pooled,
      gradFunc: (dy: tf.Tensor4D, saved: tf.Tensor[]) =>
        tf.tidy(() => {
          const [xs, ys] = saved as [tf.Tensor4D, tf.Tensor4D];
          const up = (t: tf.Tensor4D) => tf.image.resizeNearestNeighbor(t, [height, width]); // each value to its 2x2 window
          return tf.mul(tf.cast(tf.equal(xs, up(ys)), 'float32'), up(dy));
        }),
    };
  });
  return op(x) as tf.Tensor4D;
}

// Hue rotation (torchvision adjust_hue): RGB -> HSV, h = (h + shift) mod 1, HSV -> RGB, as
// elementwise tensor ops on the whole [B, H, W, 3] batch. The channels stay together (no split
// or concat: both are slow strided copies on the CPU and wasm backends); per-channel
// differences come from one [N, 3] x [3, 3] matMul. About 20 kernels in all.
import * as tf from '@tensorflow/tfjs-core';

/** Columns give g - b, b - r, r - g: the numerators of the hue of a red, green, blue maximum. */
const CHANNEL_DIFFERENCES = [
  [0, -1, 1],
  [1, 0, -1],
  [-1, 1, 0],
];

/**
 * Rotate the hue of [B, H, W, 3] images in [0, 1] by shifts [B] (fractions of a turn; any real
 * value, a full turn is the identity).
 *
 * RGB -> HSV keeps hue in sixths: h6 = (g - b)/d if max = r, 2 + (b - r)/d if max = g,
 * 4 + (r - g)/d if max = b (d = max - min), torchvision's _rgb2hsv branches. Where two channels
 * tie for the maximum both branches give the same hue mod 6, so argMax's tie rule is irrelevant.
 * HSV -> RGB uses the branch-free form  c_n = v - v*s*clamp(min(k, 4 - k), 0, 1),
 * k = (n + h6 + 6*shift) mod 6, n = 5, 3, 1 for r, g, b; with v = max and v*s = d this is
 * c_n = max - d * clamp(min(k, 4 - k), 0, 1): the six-case table of _hsv2rgb without masks.
 * Gray pixels (d = 0) come back exactly.
 */
export function adjustHue(images: tf.Tensor4D, shifts: tf.Tensor1D): tf.Tensor4D {
  const [batch, height, width] = images.shape;
  return tf.tidy(() => {
    const maxc = tf.max(images, 3, true); // [B, H, W, 1]
    const minc = tf.min(images, 3, true);
    const d = tf.sub(maxc, minc);
    // Gray pixels (d = 0) have diffs of exactly 0, so any positive divisor gives hue 0 there; a
    // pixel with d > 1e-20 keeps its d. One kernel, where equal/onesLike/where took six.
    const safeD = tf.maximum(d, 1e-20);
    const pixels = tf.reshape(images, [batch * height * width, 3]);
    const diffs = tf.reshape(tf.matMul(pixels, tf.tensor2d(CHANNEL_DIFFERENCES)), images.shape); // [B, H, W, 3]
    const candidates = tf.add(tf.div(diffs, safeD), tf.tensor1d([0, 2, 4])); // h6 if that channel is the max
    // int32 oneHot, then cast: tfjs-backend-wasm 4.22's oneHot with dtype 'float32' writes the
    // int32 bit pattern (1 reads as 1.4e-45), which silently broke hue on wasm.
    const isMax = tf.cast(tf.oneHot(tf.argMax(images, 3), 3), 'float32'); // [B, H, W, 3]
    const h6 = tf.sum(tf.mul(isMax, candidates), 3, true); // [B, H, W, 1]
    const shift6 = tf.reshape(tf.mul(shifts, 6), [batch, 1, 1, 1]);
    // k per output channel, wrapped by floor-mod into [0, 6) (negative shifts too): [B, H, W, 3]
    const k = tf.mod(tf.add(tf.add(h6, shift6), tf.tensor1d([5, 3, 1])), 6);
    const ramp = tf.clipByValue(tf.minimum(k, tf.sub(4, k)), 0, 1);
    return tf.sub(maxc, tf.mul(d, ramp));
  });
}

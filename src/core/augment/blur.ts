// Gaussian blur with a per-image sigma, as two batched matMuls. Blurring the rows of an n-pixel
// image with reflect padding is a fixed linear map, an n x n matrix M = sum_t k[t] * S_t, where
// S_t is the 0/1 matrix that picks pixel reflect(y + t). The indicator stack S (same for every
// image) and the taps k (a few numbers per image) go to the device; one small matMul builds all
// B matrices there, and out = M x M^T per image and channel. Exact, and no per-image kernels.
import * as tf from '@tensorflow/tfjs-core';
import { type RandomSource } from './random-source';

/** solo-learn's sigma range for CIFAR-style blur. */
export const BLUR_SIGMA_RANGE: [number, number] = [0.1, 2];

/** Largest kernel radius: ceil(3 * 2.0). Taps are [B, 2 * MAX_BLUR_RADIUS + 1]. */
export const MAX_BLUR_RADIUS = 6;

/** Per-image sigma: U[0.1, 2] where blurred, 0 where not (draws a sigma for every image). */
export function sampleBlurSigmas(rng: RandomSource, count: number, prob: number): Float32Array {
  const sigmas = new Float32Array(count);
  for (let i = 0; i < count; i++) {
    const apply = rng.bernoulli(prob);
    const sigma = rng.uniform(BLUR_SIGMA_RANGE[0], BLUR_SIGMA_RANGE[1]);
    sigmas[i] = apply ? sigma : 0;
  }
  return sigmas;
}

/**
 * Normalised Gaussian taps per image, [B * (2R + 1)] with R = MAX_BLUR_RADIUS, tap t at offset
 * t - R. Radius ceil(3 sigma), capped at size - 1 (a single reflection must stay in the image);
 * sigma 0 gives the identity (centre tap 1). Computed in float64, stored as float32.
 */
export function blurTaps(sigmas: ArrayLike<number>, size: number): Float32Array {
  const width = 2 * MAX_BLUR_RADIUS + 1;
  const taps = new Float32Array(sigmas.length * width);
  for (let i = 0; i < sigmas.length; i++) {
    const sigma = sigmas[i];
    const radius = sigma > 0 ? Math.min(Math.ceil(3 * sigma), MAX_BLUR_RADIUS, size - 1) : 0;
    const k = new Float64Array(2 * radius + 1);
    let sum = 0;
    for (let t = -radius; t <= radius; t++) sum += k[t + radius] = sigma > 0 ? Math.exp(-(t * t) / (2 * sigma * sigma)) : 1;
    for (let t = -radius; t <= radius; t++) taps[i * width + MAX_BLUR_RADIUS + t] = k[t + radius] / sum;
  }
  return taps;
}

/** reflect padding without repeating the edge (PyTorch 'reflect'): -1 -> 1, n -> n - 2. */
function reflect(p: number, n: number): number {
  if (p < 0) return -p;
  if (p > n - 1) return 2 * (n - 1) - p;
  return p;
}

/** Indicator stack S: [2R + 1, n * n] float32, S[t][y * n + i] = 1 iff reflect(y + t - R) = i. */
function shiftIndicators(n: number): Float32Array {
  const width = 2 * MAX_BLUR_RADIUS + 1;
  const s = new Float32Array(width * n * n);
  for (let t = 0; t < width; t++) {
    for (let y = 0; y < n; y++) {
      const p = y + t - MAX_BLUR_RADIUS;
      if (p < -(n - 1) || p > 2 * (n - 1)) continue; // only reached by taps that are 0 (radius capped)
      s[t * n * n + y * n + reflect(p, n)] = 1;
    }
  }
  return s;
}

/** Per-image n x n blur matrices from taps [B, 2R + 1]: [B, n, n]. */
function blurMatrices(taps: tf.Tensor2D, n: number): tf.Tensor3D {
  const s = tf.tensor2d(shiftIndicators(n), [2 * MAX_BLUR_RADIUS + 1, n * n]);
  return tf.reshape(tf.matMul(taps, s), [taps.shape[0], n, n]); // [B, n, n]
}

/**
 * out[b] = rows[b] . x[b] . cols[b]^T for every channel: [B, H, W, C] with rows [B, H, H] and
 * cols [B, W, W]. Cost: two batched matMuls (2 * B * H * W * (H + W) * C multiply-adds) and
 * two transposes of the batch.
 */
export function applySeparable(images: tf.Tensor4D, rows: tf.Tensor3D, cols: tf.Tensor3D): tf.Tensor4D {
  const [batch, height, width, channels] = images.shape;
  return tf.tidy(() => {
    const byRow = tf.matMul(rows, tf.reshape(images, [batch, height, width * channels])); // [B, H, W*C]
    const t = tf.transpose(tf.reshape(byRow, [batch, height, width, channels]), [0, 2, 1, 3]); // [B, W, H, C]
    const byCol = tf.matMul(cols, tf.reshape(t, [batch, width, height * channels])); // [B, W, H*C]
    return tf.transpose(tf.reshape(byCol, [batch, width, height, channels]), [0, 2, 1, 3]);
  });
}

/**
 * Gaussian blur of [B, H, W, C] with taps [B, 2R + 1] from blurTaps (built for min(H, W)), the
 * same kernel along both axes, reflect padding. Identity taps leave an image exactly as it was.
 * Images larger than the kernel radius: two depthwise convolutions over the batch laid out as
 * one image of B·C channels (each channel its image's taps) after a reflect pad, which is the
 * same sum as the blur matrices. On wasm the batched matMul of applySeparable took ~20 ms per
 * call for 64 CIFAR images (no XNNPACK path for batches); XNNPACK's depthwise conv is fast.
 */
export function gaussianBlur(images: tf.Tensor4D, taps: tf.Tensor2D): tf.Tensor4D {
  const [batch, height, width, channels] = images.shape;
  return tf.tidy(() => {
    if (Math.min(height, width) <= MAX_BLUR_RADIUS) {
      const rows = blurMatrices(taps, height);
      const cols = width === height ? rows : blurMatrices(taps, width);
      return applySeparable(images, rows, cols);
    }
    const k = 2 * MAX_BLUR_RADIUS + 1;
    const r = MAX_BLUR_RADIUS;
    // Filter of channel (b, c): image b's taps. [K, B] -> [K, B, C] -> depthwise [K, 1, B·C, 1] / [1, K, B·C, 1]
    const perChannel = tf.tile(tf.reshape(tf.transpose(taps), [k, batch, 1]), [1, 1, channels]);
    const vertical = tf.reshape(perChannel, [k, 1, batch * channels, 1]) as tf.Tensor4D;
    const horizontal = tf.reshape(perChannel, [1, k, batch * channels, 1]) as tf.Tensor4D;
    const planes = tf.reshape(tf.transpose(images, [1, 2, 0, 3]), [1, height, width, batch * channels]); // [1, H, W, B·C]
    const pad = (x: tf.Tensor4D, axis: 1 | 2): tf.Tensor4D =>
      tf.mirrorPad(x, [[0, 0], axis === 1 ? [r, r] : [0, 0], axis === 2 ? [r, r] : [0, 0], [0, 0]], 'reflect');
    const byRow = tf.depthwiseConv2d(pad(planes as tf.Tensor4D, 1), vertical, 1, 'valid'); // [1, H, W, B·C]
    const byCol = tf.depthwiseConv2d(pad(byRow, 2), horizontal, 1, 'valid'); // [1, H, W, B·C]
    return tf.transpose(tf.reshape(byCol, [height, width, batch, channels]), [2, 0, 1, 3]);
  });
}

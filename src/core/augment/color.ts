// Colour augmentations in torchvision's float semantics (torchvision.transforms.functional):
// brightness, contrast and saturation are blends clamped to [0, 1], hue is a rotation in HSV
// (hue.ts), grayscale uses ITU-R 601 luma, solarisation inverts pixels >= 0.5. Each op takes its
// per-image parameters as a [B] tensor, so the whole batch is a handful of elementwise kernels.
import * as tf from '@tensorflow/tfjs-core';
import type { ViewAugmentation } from '../config';
import { adjustHue } from './hue';
import { type RandomSource } from './random-source';

/** ITU-R 601 luma weights (torchvision uses 0.2989 for red; the difference is < 1e-4). */
export const LUMA_WEIGHTS: [number, number, number] = [0.299, 0.587, 0.114];

/** [B] per-image values to [B, 1, 1, 1], broadcastable over an image batch. */
function perImage(values: tf.Tensor1D): tf.Tensor4D {
  return tf.reshape(values, [values.shape[0], 1, 1, 1]);
}

/**
 * Per-image choice: `yes` where mask[b] = 1, `no` (bit for bit) where 0. A blend rather than
 * tf.where, because where broadcasts a [B, 1, 1, 1] mask by materialising it (a Tile kernel);
 * the blend broadcasts inside the elementwise kernels. `yes` comes back within float rounding (~1e-7).
 */
function select(mask: tf.Tensor1D, yes: tf.Tensor, no: tf.Tensor4D): tf.Tensor4D {
  return tf.add(no, tf.mul(perImage(mask), tf.sub(yes, no)));
}

/**
 * Luma of [B, H, W, 3]: [B, H, W, 1], as one [N, 3] x [3, 1] matMul (on wasm a broadcast
 * multiply by the [3] weights took ~4x as long as XNNPACK's matMul).
 */
export function luma(images: tf.Tensor4D): tf.Tensor4D {
  const [batch, height, width] = images.shape;
  return tf.tidy(() => tf.reshape(tf.matMul(tf.reshape(images, [-1, 3]), tf.tensor2d(LUMA_WEIGHTS, [3, 1])), [batch, height, width, 1]));
}

/** torchvision _blend: clamp(factor * img + (1 - factor) * other, 0, 1), per-image factor. */
function blend(images: tf.Tensor4D, other: tf.Tensor, factors: tf.Tensor1D): tf.Tensor4D {
  const f = perImage(factors);
  return tf.clipByValue(tf.add(tf.mul(f, images), tf.mul(tf.sub(1, f), other)), 0, 1);
}

/** Brightness: clamp(f * x). factors [B]. */
export function adjustBrightness(images: tf.Tensor4D, factors: tf.Tensor1D): tf.Tensor4D {
  return tf.tidy(() => tf.clipByValue(tf.mul(perImage(factors), images), 0, 1));
}

/** Contrast: blend with the image's mean luma (one scalar per image). factors [B]. */
export function adjustContrast(images: tf.Tensor4D, factors: tf.Tensor1D): tf.Tensor4D {
  return tf.tidy(() => blend(images, tf.mean(luma(images), [1, 2, 3], true), factors));
}

/** Saturation: blend with the pixel's luma. factors [B]. */
export function adjustSaturation(images: tf.Tensor4D, factors: tf.Tensor1D): tf.Tensor4D {
  return tf.tidy(() => blend(images, luma(images), factors));
}

/** Grayscale where mask[b] = 1: luma replicated to 3 channels. mask [B] of 0/1. */
export function grayscale(images: tf.Tensor4D, mask: tf.Tensor1D): tf.Tensor4D {
  return tf.tidy(() => select(mask, luma(images), images)); // [B, H, W, 1] broadcasts over channels
}

/** Solarisation where mask[b] = 1: x >= 0.5 becomes 1 - x. mask [B] of 0/1. */
export function solarize(images: tf.Tensor4D, mask: tf.Tensor1D): tf.Tensor4D {
  return tf.tidy(() => {
    const bright = tf.cast(tf.greaterEqual(images, 0.5), 'float32'); // [B, H, W, 3] 0/1
    return select(mask, tf.add(images, tf.mul(bright, tf.sub(1, tf.mul(images, 2)))), images);
  });
}

/** Per-image colour-jitter draws (CPU); an image with apply = 0 is passed through untouched. */
export interface JitterParams {
  apply: Uint8Array; // [B] 0/1, RandomApply(p = jitterProb)
  brightness: Float32Array; // [B] factor in [max(0, 1 - b), 1 + b]
  contrast: Float32Array; // [B] factor in [max(0, 1 - c), 1 + c]
  saturation: Float32Array; // [B] factor in [max(0, 1 - s), 1 + s]
  hue: Float32Array; // [B] shift in [-h, h], fraction of a turn
}

/** The same parameters as device tensors, each [B]. */
export interface JitterTensors {
  apply: tf.Tensor1D;
  brightness: tf.Tensor1D;
  contrast: tf.Tensor1D;
  saturation: tf.Tensor1D;
  hue: tf.Tensor1D;
}

/**
 * torchvision ColorJitter factors behind RandomApply. All five values are drawn for every image
 * whether or not it is jittered, so the number of draws per image is fixed.
 */
export function sampleJitter(rng: RandomSource, count: number, view: ViewAugmentation): JitterParams {
  const p: JitterParams = {
    apply: new Uint8Array(count),
    brightness: new Float32Array(count),
    contrast: new Float32Array(count),
    saturation: new Float32Array(count),
    hue: new Float32Array(count),
  };
  for (let i = 0; i < count; i++) {
    p.apply[i] = rng.bernoulli(view.jitterProb) ? 1 : 0;
    p.brightness[i] = rng.uniform(Math.max(0, 1 - view.brightness), 1 + view.brightness);
    p.contrast[i] = rng.uniform(Math.max(0, 1 - view.contrast), 1 + view.contrast);
    p.saturation[i] = rng.uniform(Math.max(0, 1 - view.saturation), 1 + view.saturation);
    p.hue[i] = rng.uniform(-view.hue, view.hue);
  }
  return p;
}

/** Upload jitter parameters: five [B] float32 tensors (caller disposes, or call inside tidy). */
export function jitterTensors(p: JitterParams): JitterTensors {
  return {
    apply: tf.tensor1d(Float32Array.from(p.apply)),
    brightness: tf.tensor1d(p.brightness),
    contrast: tf.tensor1d(p.contrast),
    saturation: tf.tensor1d(p.saturation),
    hue: tf.tensor1d(p.hue),
  };
}

/**
 * Colour jitter on the images with apply = 1, in the fixed order brightness, contrast,
 * saturation, hue, clamping after each as torchvision does. torchvision permutes the four ops
 * randomly per call; a per-image random order would need every op at every one of the four
 * positions (4x the elementwise work), for a difference only in the clamping.
 * `withHue = false` skips the HSV round trip (~20 kernels) when the view's hue is 0.
 */
export function colorJitter(images: tf.Tensor4D, p: JitterTensors, withHue = true): tf.Tensor4D {
  return tf.tidy(() => {
    let x = adjustBrightness(images, p.brightness);
    x = adjustContrast(x, p.contrast);
    x = adjustSaturation(x, p.saturation);
    if (withHue) x = adjustHue(x, p.hue);
    return select(p.apply, x, images);
  });
}

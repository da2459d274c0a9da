// One augmented view of a batch: crop + flip -> colour jitter -> grayscale -> blur -> solarise ->
// normalise (solo-learn's order; its flip comes last, which is the same image since every other
// op commutes with a mirror). All random parameters are drawn on the CPU first (sampleViewParams),
// then applyView uploads them as a few small tensors and runs batched ops: no per-image kernels
// and no reads from the device.
import * as tf from '@tensorflow/tfjs-core';
import type { ViewAugmentation } from '../config';
import { blurTaps, gaussianBlur, sampleBlurSigmas } from './blur';
import { colorJitter, grayscale, jitterTensors, sampleJitter, solarize, type JitterParams } from './color';
import { cropFlipBoxes, resizedCropFlip, sampleCrops, type CropBox } from './crop';
import { CIFAR10_STATS, normalizeImages, type NormalizationStats } from './images';
import { sampleMask, type RandomSource } from './random-source';

/** Everything random about one view of a batch of B images (CPU arrays, B entries each). */
export interface ViewParams {
  crops: CropBox[];
  flips: Uint8Array; // 1 = mirror horizontally
  jitter: JitterParams;
  grayscale: Uint8Array; // 1 = convert
  blurSigmas: Float32Array; // 0 = no blur
  solarize: Uint8Array; // 1 = solarise
  withHue: boolean; // false when the recipe's hue is 0: skips the HSV round trip
}

/**
 * Draw one view's parameters, op by op (all crops, then all flips, ...). Every op draws for
 * every image even when its probability is 0, so the stream consumed depends only on B and the
 * crop retries, not on which ops a recipe switches off.
 */
export function sampleViewParams(rng: RandomSource, count: number, height: number, width: number, view: ViewAugmentation): ViewParams {
  return {
    crops: sampleCrops(rng, count, height, width, view.cropScale),
    flips: sampleMask(rng, count, view.flipProb),
    jitter: sampleJitter(rng, count, view),
    grayscale: sampleMask(rng, count, view.grayscaleProb),
    blurSigmas: sampleBlurSigmas(rng, count, view.blurProb),
    solarize: sampleMask(rng, count, view.solarizeProb),
    withHue: view.hue !== 0,
  };
}

const anySet = (values: ArrayLike<number>): boolean => Array.prototype.some.call(values, (v: number) => v !== 0);

/**
 * Apply drawn parameters to [B, H, W, 3] images in [0, 1]; returns [B, H, W, 3] normalised with
 * `stats`. An op that no image of the batch draws is skipped (same result, less device work).
 */
export function applyView(images: tf.Tensor4D, params: ViewParams, stats: NormalizationStats = CIFAR10_STATS): tf.Tensor4D {
  const [batch, height, width] = images.shape;
  if (params.crops.length !== batch) {
    throw new Error(`applyView: parameters for ${params.crops.length} images, batch has ${batch}`);
  }
  return tf.tidy(() => {
    const boxes = tf.tensor2d(cropFlipBoxes(params.crops, params.flips, height, width), [batch, 4]);
    let x = resizedCropFlip(images, boxes); // [B, H, W, 3]
    if (anySet(params.jitter.apply)) x = colorJitter(x, jitterTensors(params.jitter), params.withHue);
    if (anySet(params.grayscale)) x = grayscale(x, tf.tensor1d(Float32Array.from(params.grayscale)));
    if (anySet(params.blurSigmas)) {
      const taps = blurTaps(params.blurSigmas, Math.min(height, width));
      x = gaussianBlur(x, tf.tensor2d(taps, [batch, taps.length / batch]));
    }
    if (anySet(params.solarize)) x = solarize(x, tf.tensor1d(Float32Array.from(params.solarize)));
    return normalizeImages(x, stats);
  });
}

/** One augmented, normalised view: [B, H, W, 3] in [0, 1] -> [B, H, W, 3]. */
export function augmentView(images: tf.Tensor4D, view: ViewAugmentation, rng: RandomSource, stats: NormalizationStats = CIFAR10_STATS): tf.Tensor4D {
  const [batch, height, width] = images.shape;
  return applyView(images, sampleViewParams(rng, batch, height, width, view), stats);
}

/** Two views' parameters as one batch's: view A's images first, then view B's. */
export function concatViewParams(a: ViewParams, b: ViewParams): ViewParams {
  const cat = <T extends Uint8Array | Float32Array>(x: T, y: T): T => {
    const out = new (x.constructor as new (n: number) => T)(x.length + y.length);
    out.set(x);
    out.set(y, x.length);
    return out;
  };
  const j = (k: 'brightness' | 'contrast' | 'saturation' | 'hue'): Float32Array => cat(a.jitter[k], b.jitter[k]);
  return {
    crops: [...a.crops, ...b.crops],
    flips: cat(a.flips, b.flips),
    jitter: { apply: cat(a.jitter.apply, b.jitter.apply), brightness: j('brightness'), contrast: j('contrast'), saturation: j('saturation'), hue: j('hue') },
    grayscale: cat(a.grayscale, b.grayscale),
    blurSigmas: cat(a.blurSigmas, b.blurSigmas),
    solarize: cat(a.solarize, b.solarize),
    // A view without hue draws shifts of exactly 0, which the HSV round trip keeps (to ~1e-7).
    withHue: a.withHue || b.withHue,
  };
}

/**
 * Both views stacked as one batch, [2B, H, W, 3] (view A's rows first): the same draws as
 * augmentPair, in the same order, applied by one pass of batched kernels instead of two
 * (the training step feeds the stack to the networks as it is).
 */
export function augmentStacked(
  images: tf.Tensor4D,
  views: [ViewAugmentation, ViewAugmentation],
  rng: RandomSource,
  stats: NormalizationStats = CIFAR10_STATS,
): tf.Tensor4D {
  const [batch, height, width] = images.shape;
  const a = sampleViewParams(rng, batch, height, width, views[0]);
  const b = sampleViewParams(rng, batch, height, width, views[1]);
  return tf.tidy(() => applyView(tf.concat([images, images], 0), concatViewParams(a, b), stats));
}

/** The two views of SimCLR / Barlow Twins, drawn one after the other from `rng`. */
export function augmentPair(
  images: tf.Tensor4D,
  views: [ViewAugmentation, ViewAugmentation],
  rng: RandomSource,
  stats: NormalizationStats = CIFAR10_STATS,
): [tf.Tensor4D, tf.Tensor4D] {
  const a = augmentView(images, views[0], rng, stats);
  const b = augmentView(images, views[1], rng, stats);
  return [a, b];
}

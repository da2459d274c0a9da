// Images as the augmentations see them: NHWC float32 in [0, 1] on the device, converted from
// the CIFAR byte planes that the data layer stores, and the per-channel normalisation that
// every view (and the evaluation, without augmentation) ends with.
import * as tf from '@tensorflow/tfjs-core';

/** CIFAR images are 32 x 32 RGB; the data layer stores them as 3 planes of 1024 bytes. */
const CIFAR_SIZE = 32;
const CIFAR_CHANNELS = 3;
const CIFAR_IMAGE_BYTES = CIFAR_SIZE * CIFAR_SIZE * CIFAR_CHANNELS; // 3072

export interface NormalizationStats {
  mean: [number, number, number];
  std: [number, number, number];
}

/**
 * solo-learn's CIFAR-10 statistics (MEANS_N_STD in solo/data/pretrain_dataloader.py). The
 * 3-digit std (0.247, 0.243, 0.261) that circulates is solo-learn's STL-10 entry; for CIFAR-10
 * solo-learn uses the 4-digit values below.
 */
export const CIFAR10_STATS: NormalizationStats = {
  mean: [0.4914, 0.4822, 0.4465],
  std: [0.247, 0.2435, 0.2616],
};

/**
 * CIFAR planes ([count, 3, 32, 32] bytes, as in src/data/types.ts) to [count, 32, 32, 3] float32
 * in [0, 1]. The first `count` images of `planes` are used. TF.js has no uint8 dtype, so the
 * bytes are widened to int32 on the CPU (4 bytes per value uploaded); the transpose and the
 * scaling run on the device.
 */
export function imagesFromPlanes(planes: Uint8Array, count: number): tf.Tensor4D {
  const bytes = count * CIFAR_IMAGE_BYTES;
  if (!Number.isInteger(count) || count < 1 || planes.length < bytes) {
    throw new Error(`imagesFromPlanes: need ${count} images (${bytes} bytes), got ${planes.length} bytes`);
  }
  return tf.tidy(() => {
    // Uploaded as float32 (converted on the CPU), not int32: on WebGPU (SwiftShader, TF.js
    // 4.22) the int32 upload/transpose/cast path returned the same values for every image,
    // which made every feature row identical. The engine's self-test checks this path.
    const raw = tf.tensor4d(planes.subarray(0, bytes), [count, CIFAR_CHANNELS, CIFAR_SIZE, CIFAR_SIZE], 'float32');
    const nhwc = tf.transpose(raw, [0, 2, 3, 1]); // [B, 32, 32, 3]
    return tf.div(nhwc, 255);
  });
}

/**
 * (x - mean) / std per channel: [B, H, W, 3] in [0, 1] to the network's input scale, as one
 * [N, 3] x diag(1 / std) matMul with the bias -mean / std (_FusedMatMul: on wasm XNNPACK, where
 * the two broadcast ops over the channel axis took ~10x as long).
 */
export function normalizeImages(images: tf.Tensor4D, stats: NormalizationStats = CIFAR10_STATS): tf.Tensor4D {
  return tf.tidy(() => {
    const scale = tf.tensor2d([1 / stats.std[0], 0, 0, 0, 1 / stats.std[1], 0, 0, 0, 1 / stats.std[2]], [3, 3]);
    const bias = tf.tensor1d(stats.mean.map((m, c) => -m / stats.std[c]));
    const pixels = tf.fused.matMul({ a: tf.reshape(images, [-1, 3]) as tf.Tensor2D, b: scale, bias }); // [N, 3]
    return tf.reshape(pixels, images.shape);
  });
}

/** The inverse of normalizeImages, for showing views to people (previews, the UI). */
export function denormalizeImages(images: tf.Tensor4D, stats: NormalizationStats = CIFAR10_STATS): tf.Tensor4D {
  return tf.tidy(() => {
    const mean = tf.tensor4d(stats.mean, [1, 1, 1, 3]);
    const std = tf.tensor4d(stats.std, [1, 1, 1, 3]);
    return tf.add(tf.mul(images, std), mean);
  });
}

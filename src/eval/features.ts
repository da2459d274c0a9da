// Frozen features of a split: Z1 = f(x) and Z2 = g(Z1), in evaluation mode (BatchNorm uses its
// running statistics, no augmentation), on whatever backend is current. The split is walked in
// chunks so device memory is bounded by one chunk's activations whatever the split size; each
// chunk is read back to the CPU with one async read (Z1 and Z2 concatenated), and the next chunk
// is already queued on the device while that read is in flight.
import * as tf from '@tensorflow/tfjs-core';
import { CIFAR10_STATS, imagesFromPlanes, normalizeImages, type NormalizationStats } from '../core/augment/images';
import type { Model } from '../core/nn/model';
import { evalContext } from '../core/nn/params';
import { sequentialBatches, sliceSplit } from '../data/sampler';
import type { ImageSplit } from '../data/types';

/** Row-major features of `count` images: z1 is [count, dims.z1], z2 is [count, dims.z2]. */
export interface FeatureSet {
  count: number;
  dims: { z1: number; z2: number };
  z1: Float32Array;
  z2: Float32Array;
  labels: Int32Array; // [count]
}

export interface ExtractOptions {
  /**
   * Images per forward pass. Device memory ~ chunk x the largest activation (ConvNet [32,64,128]:
   * 32*32*32 floats = 128 KB per image, so 256 images ~ 32 MB plus the next chunk's input).
   */
  chunkSize: number;
  /** Must be the statistics training normalised with (the trainer uses CIFAR-10's for every set). */
  normalization?: NormalizationStats;
  /** Called after each chunk is on the CPU (done images, total). */
  onProgress?: (done: number, total: number) => void;
  /**
   * Checked between chunks; when given, each chunk also yields one macrotask (setTimeout 0, ~4 ms
   * in a browser) so that a worker can receive the message that aborts it. On CPU/wasm a data()
   * read resolves without ever leaving the microtask queue, so without this nothing gets in.
   */
  signal?: AbortSignal;
}

/** Z1 and Z2 of one chunk, concatenated: [n, D + P] (one tensor, so one read per chunk). */
function forwardChunk(model: Model, split: ImageSplit, stats: NormalizationStats): tf.Tensor2D {
  return tf.tidy(() => {
    const ctx = evalContext(); // running BN statistics; records no buffer updates
    const x = normalizeImages(imagesFromPlanes(split.images, split.count), stats); // [n, 32, 32, 3]
    const z1 = model.encoder.forward(x, ctx); // [n, D]
    const z2 = model.projector.forward(z1, ctx); // [n, P]
    return tf.concat([z1, z2], 1); // [n, D + P]
  });
}

/** Features of every image of `split`, in order. */
export async function extractFeatures(model: Model, split: ImageSplit, options: ExtractOptions): Promise<FeatureSet> {
  const { chunkSize, normalization = CIFAR10_STATS, onProgress, signal } = options;
  const d = model.encoder.outputDim;
  const p = model.projector.outputDim;
  const n = split.count;
  const z1 = new Float32Array(n * d);
  const z2 = new Float32Array(n * p);
  const ranges = [...sequentialBatches(n, chunkSize)];
  // Software pipeline of depth one: chunk i+1 is dispatched before chunk i's read is awaited,
  // so a GPU never idles while the CPU copies. Costs one extra chunk output ([n, D+P]) alive.
  let pending: tf.Tensor2D | undefined = ranges.length ? forwardChunk(model, sliceSplit(split, ranges[0].start, ranges[0].end), normalization) : undefined;
  try {
    for (let i = 0; i < ranges.length; i++) {
      const current = pending as tf.Tensor2D;
      const next = ranges[i + 1];
      pending = next ? forwardChunk(model, sliceSplit(split, next.start, next.end), normalization) : undefined;
      let values: Float32Array;
      try {
        values = (await current.data()) as Float32Array; // the one read of this chunk (async: no stall on WebGPU)
      } finally {
        current.dispose();
      }
      const { start, end } = ranges[i];
      for (let r = 0; r < end - start; r++) {
        z1.set(values.subarray(r * (d + p), r * (d + p) + d), (start + r) * d);
        z2.set(values.subarray(r * (d + p) + d, (r + 1) * (d + p)), (start + r) * p);
      }
      onProgress?.(end, n);
      if (signal) {
        await new Promise((resolve) => setTimeout(resolve, 0));
        signal.throwIfAborted();
      }
    }
  } finally {
    pending?.dispose(); // still set only when a read threw mid-way
  }
  return { count: n, dims: { z1: d, z2: p }, z1, z2, labels: Int32Array.from(split.labels) };
}

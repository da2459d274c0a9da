// Which images a step trains on, and evaluation's sequential batches. Training batches are
// a pure function of (seed, step): an epoch is a seeded permutation of the training split, cut into full batches (the last partial batch is
// dropped, as solo-learn's loaders do). A resumed run therefore needs only its step counter.
import { Rng } from '../core/random';
import { stepsPerEpoch } from '../core/config-datasets';
import { IMAGE_BYTES, type ImageSplit } from './types';

export class BatchPlan {
  readonly stepsPerEpoch: number;
  private cachedEpoch = -1;
  private cachedOrder: Int32Array = new Int32Array(0);

  constructor(
    private readonly seed: number,
    readonly splitSize: number,
    readonly batchSize: number,
  ) {
    if (batchSize > splitSize) throw new Error(`The batch (${batchSize}) is larger than the training set (${splitSize} images).`);
    this.stepsPerEpoch = stepsPerEpoch(splitSize, batchSize);
  }

  /** Image indices of the batch at global step `step`. */
  indices(step: number): Int32Array {
    const epoch = Math.floor(step / this.stepsPerEpoch);
    const position = step % this.stepsPerEpoch;
    if (epoch !== this.cachedEpoch) {
      this.cachedOrder = new Rng(this.seed).fork(`shuffle/${epoch}`).permutation(this.splitSize);
      this.cachedEpoch = epoch;
    }
    return this.cachedOrder.subarray(position * this.batchSize, (position + 1) * this.batchSize);
  }
}

/** Copies the chosen images and labels out of a split (one TypedArray.set per image). */
export function gatherBatch(split: ImageSplit, indices: ArrayLike<number>): { planes: Uint8Array; labels: Int32Array } {
  const planes = new Uint8Array(indices.length * IMAGE_BYTES);
  const labels = new Int32Array(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const index = indices[i];
    planes.set(split.images.subarray(index * IMAGE_BYTES, (index + 1) * IMAGE_BYTES), i * IMAGE_BYTES);
    labels[i] = split.labels[index];
  }
  return { planes, labels };
}

/** Sequential batches for evaluation: [start, end) ranges covering the split once. */
export function* sequentialBatches(count: number, batchSize: number): Generator<{ start: number; end: number }> {
  if (!Number.isInteger(batchSize) || batchSize < 1) throw new Error(`sequentialBatches: batch size must be a whole number >= 1, got ${batchSize}`);
  for (let start = 0; start < count; start += batchSize) yield { start, end: Math.min(count, start + batchSize) };
}

/** A contiguous range of a split, without copying (evaluation reads images in order). */
export function sliceSplit(split: ImageSplit, start: number, end: number): ImageSplit {
  return { count: end - start, images: split.images.subarray(start * IMAGE_BYTES, end * IMAGE_BYTES), labels: split.labels.subarray(start, end) };
}

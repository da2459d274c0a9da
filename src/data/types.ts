// What every dataset looks like to its consumers (trainer, evaluation, cache, UI).
// Images are stored as CIFAR stores them: per image 3072 bytes, the R plane (32x32, row
// major), then G, then B. The trainer uploads uint8 and converts on the GPU.

export const IMAGE_SIZE = 32;
export const IMAGE_CHANNELS = 3;
export const IMAGE_BYTES = IMAGE_SIZE * IMAGE_SIZE * IMAGE_CHANNELS; // 3072

export type SplitName = 'train' | 'test';

/** One split held in memory: `images.length === count * IMAGE_BYTES`. */
export interface ImageSplit {
  count: number;
  images: Uint8Array; // [count, 3, 32, 32] planes
  labels: Uint8Array; // [count], values in [0, numClasses)
}

export interface DatasetInfo {
  id: string; // 'synthetic', 'cifar10', 'cifar100'
  name: string; // for people
  numClasses: number;
  classNames: string[];
}

export interface InMemoryDataset {
  info: DatasetInfo;
  train: ImageSplit;
  test: ImageSplit;
}

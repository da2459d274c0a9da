import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { CIFAR10_STATS, denormalizeImages, imagesFromPlanes, normalizeImages } from './images';
import { TestRandom, maxAbsDiff, randomImageData } from './testing';

describe('imagesFromPlanes', () => {
  it('turns [B, 3, 32, 32] bytes into [B, 32, 32, 3] floats in [0, 1]', () => {
    const rng = new TestRandom(40);
    const planes = Uint8Array.from({ length: 3 * 3072 }, () => Math.floor(rng.next() * 256));
    const before = tf.memory().numTensors;
    const images = imagesFromPlanes(planes, 2); // the first two of three images
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(images.shape).toEqual([2, 32, 32, 3]);
    expect(images.dtype).toBe('float32');
    const v = images.dataSync();
    for (const [b, y, x, c] of [
      [0, 0, 0, 0],
      [0, 5, 17, 1],
      [1, 31, 31, 2],
      [1, 12, 3, 0],
    ]) {
      expect(v[((b * 32 + y) * 32 + x) * 3 + c]).toBeCloseTo(planes[b * 3072 + c * 1024 + y * 32 + x] / 255, 7);
    }
    images.dispose();
  });

  it('refuses too few bytes', () => {
    expect(() => imagesFromPlanes(new Uint8Array(3071), 1)).toThrow(/3072 bytes/);
  });
});

describe('normalizeImages', () => {
  it('subtracts the CIFAR-10 mean and divides by the std per channel; denormalize inverts', () => {
    const data = randomImageData(new TestRandom(41), 2, 4, 5);
    const x = tf.tensor4d(data, [2, 4, 5, 3]);
    const before = tf.memory().numTensors;
    const n = normalizeImages(x);
    expect(tf.memory().numTensors).toBe(before + 1);
    const got = n.dataSync();
    const want = Array.from(data, (v, i) => (v - CIFAR10_STATS.mean[i % 3]) / CIFAR10_STATS.std[i % 3]);
    expect(maxAbsDiff(got, want)).toBeLessThan(1e-5);
    const back = denormalizeImages(n);
    expect(maxAbsDiff(back.dataSync(), data)).toBeLessThan(1e-6);
    tf.dispose([x, n, back]);
  });
});

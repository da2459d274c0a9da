import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { BLUR_SIGMA_RANGE, MAX_BLUR_RADIUS, blurTaps, gaussianBlur, sampleBlurSigmas } from './blur';
import { TestRandom, maxAbsDiff, randomImageData, refBlur, refImages } from './testing';

function blur(data: Float32Array, shape: [number, number, number, number], sigmas: number[]): Float32Array {
  return tf.tidy(() => {
    const taps = blurTaps(sigmas, Math.min(shape[1], shape[2]));
    const t = tf.tensor2d(taps, [shape[0], 2 * MAX_BLUR_RADIUS + 1]);
    return gaussianBlur(tf.tensor4d(data, shape), t).dataSync() as Float32Array;
  });
}

describe('gaussianBlur (batched blur matrices)', () => {
  it('matches direct 2-D convolution with reflect padding, square and non-square', () => {
    for (const [h, w] of [
      [12, 12],
      [9, 13],
      [32, 32],
    ]) {
      const sigmas = [0.1, 0.7, 1.3, 2.0];
      const data = randomImageData(new TestRandom(30 + h), sigmas.length, h, w);
      const want = refBlur(refImages(sigmas.length, h, w, 3, data), sigmas).data;
      expect(maxAbsDiff(blur(data, [sigmas.length, h, w, 3], sigmas), want)).toBeLessThan(1e-5);
    }
  });

  it('caps the radius to the image (5 x 5, sigma 2 wants radius 6)', () => {
    const data = randomImageData(new TestRandom(31), 2, 5, 5);
    const want = refBlur(refImages(2, 5, 5, 3, data), [2, 1.5]).data;
    expect(maxAbsDiff(blur(data, [2, 5, 5, 3], [2, 1.5]), want)).toBeLessThan(1e-5);
  });

  it('sigma 0 (not drawn) leaves the image bit for bit; sigma 0.1 is nearly the identity', () => {
    const data = randomImageData(new TestRandom(32), 2, 8, 8);
    expect(blur(data, [2, 8, 8, 3], [0, 0])).toEqual(data);
    expect(maxAbsDiff(blur(data, [2, 8, 8, 3], [0.1, 0.1]), data)).toBeLessThan(1e-6);
  });

  it('keeps a constant image constant and smooths noise', () => {
    const flat = new Float32Array(8 * 8 * 3).fill(0.37);
    expect(maxAbsDiff(blur(flat, [1, 8, 8, 3], [1.7]), flat)).toBeLessThan(1e-6);
    const rng = new TestRandom(33);
    const noise = Float32Array.from({ length: 16 * 16 * 3 }, () => rng.next());
    const variance = (a: Float32Array): number => {
      const m = a.reduce((s, v) => s + v, 0) / a.length;
      return a.reduce((s, v) => s + (v - m) ** 2, 0) / a.length;
    };
    expect(variance(blur(noise, [1, 16, 16, 3], [2]))).toBeLessThan(0.1 * variance(noise));
  });

  it('samples sigma in [0.1, 2] with the given probability', () => {
    const s = sampleBlurSigmas(new TestRandom(34), 4000, 0.5);
    const on = Array.from(s).filter((v) => v > 0);
    expect(Math.abs(on.length / 4000 - 0.5)).toBeLessThan(0.03);
    expect(Math.min(...on)).toBeGreaterThanOrEqual(BLUR_SIGMA_RANGE[0] - 1e-6);
    expect(Math.max(...on)).toBeLessThanOrEqual(BLUR_SIGMA_RANGE[1] + 1e-6);
    expect(sampleBlurSigmas(new TestRandom(35), 300, 0).every((v) => v === 0)).toBe(true);
    expect(sampleBlurSigmas(new TestRandom(35), 300, 1).every((v) => v >= 0.1)).toBe(true);
  });

  it('taps are normalised and symmetric', () => {
    const taps = blurTaps([0.5, 2, 0], 32);
    const n = 2 * MAX_BLUR_RADIUS + 1;
    for (let i = 0; i < 3; i++) {
      const k = taps.subarray(i * n, (i + 1) * n);
      expect(Math.abs(k.reduce((s, v) => s + v, 0) - 1)).toBeLessThan(1e-6);
      for (let t = 0; t < n; t++) expect(k[t]).toBe(k[n - 1 - t]);
    }
  });

  it('frees its intermediates', () => {
    const images = tf.tensor4d(randomImageData(new TestRandom(36), 2, 9, 13), [2, 9, 13, 3]);
    const taps = tf.tensor2d(blurTaps([1, 0.5], 9), [2, 2 * MAX_BLUR_RADIUS + 1]);
    const before = tf.memory().numTensors;
    const out = gaussianBlur(images, taps);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(out.shape).toEqual([2, 9, 13, 3]);
    tf.dispose([images, taps, out]);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { adjustHue } from './hue';
import { TestRandom, maxAbsDiff, randomImageData, refHue, refImages } from './testing';

const [B, H, W] = [5, 6, 8];
const data = randomImageData(new TestRandom(20), B, H, W);
const ref = refImages(B, H, W, 3, data);

function hue(values: Float32Array, shape: [number, number, number, number], shifts: number[]): Float32Array {
  return tf.tidy(() => adjustHue(tf.tensor4d(values, shape), tf.tensor1d(shifts)).dataSync() as Float32Array);
}

describe('adjustHue (rgb -> hsv -> shift -> rgb, elementwise)', () => {
  it('matches a colorsys-style float64 reference', () => {
    const shifts = [0.5, -0.5, 0.13, -0.37, 0.2];
    expect(maxAbsDiff(hue(data, [B, H, W, 3], shifts), refHue(ref, shifts).data)).toBeLessThan(1e-5);
  });

  it('a zero shift is the identity', () => {
    expect(maxAbsDiff(hue(data, [B, H, W, 3], [0, 0, 0, 0, 0]), data)).toBeLessThan(1e-5);
  });

  it('is invariant to full turns', () => {
    const shifts = [0.1, -0.3, 0.45, 0.25, -0.05];
    const base = hue(data, [B, H, W, 3], shifts);
    expect(
      maxAbsDiff(
        hue(
          data,
          [B, H, W, 3],
          shifts.map((s) => s + 1),
        ),
        base,
      ),
    ).toBeLessThan(1e-5);
    expect(
      maxAbsDiff(
        hue(
          data,
          [B, H, W, 3],
          shifts.map((s) => s - 1),
        ),
        base,
      ),
    ).toBeLessThan(1e-5);
    expect(maxAbsDiff(hue(data, [B, H, W, 3], [1, -1, 2, 1, -2]), data)).toBeLessThan(1e-5);
  });

  it('turns primaries by thirds and leaves grays alone', () => {
    // Pixels: red, green, gray 0.3, white, black.
    const px = Float32Array.from([1, 0, 0, 0, 1, 0, 0.3, 0.3, 0.3, 1, 1, 1, 0, 0, 0]);
    const third = hue(px, [1, 1, 5, 3], [1 / 3]);
    expect(maxAbsDiff(third, [0, 1, 0, 0, 0, 1, 0.3, 0.3, 0.3, 1, 1, 1, 0, 0, 0])).toBeLessThan(1e-6);
    const back = hue(px, [1, 1, 5, 3], [-1 / 3]);
    expect(maxAbsDiff(back, [0, 0, 1, 1, 0, 0, 0.3, 0.3, 0.3, 1, 1, 1, 0, 0, 0])).toBeLessThan(1e-6);
  });

  it('stays in [0, 1], keeps value (max) and chroma (max - min)', () => {
    const got = hue(data, [B, H, W, 3], [0.3, -0.2, 0.07, 0.5, -0.44]);
    for (let i = 0; i < got.length; i += 3) {
      const a = Array.from(got.subarray(i, i + 3));
      const b = Array.from(data.subarray(i, i + 3));
      expect(Math.min(...a)).toBeGreaterThanOrEqual(0);
      expect(Math.max(...a)).toBeLessThanOrEqual(1);
      expect(Math.abs(Math.max(...a) - Math.max(...b))).toBeLessThan(1e-6);
      expect(Math.abs(Math.max(...a) - Math.min(...a) - (Math.max(...b) - Math.min(...b)))).toBeLessThan(1e-5);
    }
  });
});

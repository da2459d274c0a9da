import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { simclrAugmentation } from '../config';
import { adjustBrightness, adjustContrast, adjustSaturation, colorJitter, grayscale, jitterTensors, sampleJitter, solarize, type JitterParams } from './color';
import { TestRandom, mapPixels, maxAbsDiff, randomImageData, refBrightness, refContrast, refHue, refImages, refLuma, refSaturation } from './testing';

const [B, H, W] = [4, 7, 6];
const data = randomImageData(new TestRandom(10), B, H, W);
const ref = refImages(B, H, W, 3, data);

/** Apply a per-image op to `data` with per-image values and read the result back. */
function run(op: (x: tf.Tensor4D, p: tf.Tensor1D) => tf.Tensor4D, values: number[]): Float32Array {
  return tf.tidy(() => op(tf.tensor4d(data, [B, H, W, 3]), tf.tensor1d(values)).dataSync() as Float32Array);
}

describe('brightness, contrast, saturation (torchvision _blend, clamped)', () => {
  // Factors above 1 push pixels past 1, so the clamp is exercised; 0 is the extreme low end.
  const factors = [0, 0.6, 1, 1.8];
  it('brightness matches the reference', () => {
    expect(maxAbsDiff(run(adjustBrightness, factors), refBrightness(ref, factors).data)).toBeLessThan(1e-6);
  });
  it('contrast blends with the per-image mean luma', () => {
    expect(maxAbsDiff(run(adjustContrast, factors), refContrast(ref, factors).data)).toBeLessThan(1e-6);
    // Factor 0: every pixel becomes the image's mean luma.
    const flat = run(adjustContrast, [0, 0, 0, 0]);
    expect(Math.abs(flat[0] - flat[W * H * 3 - 1])).toBeLessThan(1e-6);
  });
  it('saturation blends with the pixel luma', () => {
    expect(maxAbsDiff(run(adjustSaturation, factors), refSaturation(ref, factors).data)).toBeLessThan(1e-6);
  });
  it('factor 1 is the identity', () => {
    for (const op of [adjustBrightness, adjustContrast, adjustSaturation]) {
      expect(maxAbsDiff(run(op, [1, 1, 1, 1]), data)).toBeLessThan(1e-6);
    }
  });
});

describe('grayscale and solarize (per-image masks)', () => {
  it('grayscale replaces masked images by replicated ITU-R 601 luma, leaves the rest', () => {
    const got = run(grayscale, [1, 0, 1, 0]);
    const want = mapPixels(ref, (b, p) => (b % 2 === 0 ? [refLuma(p), refLuma(p), refLuma(p)] : p));
    expect(maxAbsDiff(got, want.data)).toBeLessThan(1e-6);
    expect(got.subarray(H * W * 3, 2 * H * W * 3)).toEqual(data.subarray(H * W * 3, 2 * H * W * 3)); // exact
  });
  it('solarize inverts pixels >= 0.5 of masked images only', () => {
    const got = run(solarize, [0, 1, 1, 0]);
    const want = mapPixels(ref, (b, p) => (b === 1 || b === 2 ? p.map((v) => (v >= 0.5 ? 1 - v : v)) : p));
    expect(maxAbsDiff(got, want.data)).toBeLessThan(1e-6);
    const edge = tf.tidy(() => solarize(tf.fill([1, 1, 2, 3], 0.5) as tf.Tensor4D, tf.tensor1d([1])).dataSync());
    expect(Array.from(edge)).toEqual([0.5, 0.5, 0.5, 0.5, 0.5, 0.5]); // 0.5 -> 1 - 0.5
  });
});

describe('colorJitter', () => {
  const params: JitterParams = {
    apply: Uint8Array.from([1, 0, 1, 1]),
    brightness: Float32Array.from([1.3, 0.5, 0.7, 1.0]),
    contrast: Float32Array.from([0.6, 1.7, 1.4, 1.0]),
    saturation: Float32Array.from([1.5, 0.2, 0.3, 1.0]),
    hue: Float32Array.from([0.1, -0.2, -0.15, 0.0]),
  };
  const jitter = (p: JitterParams, withHue = true): Float32Array =>
    tf.tidy(() => colorJitter(tf.tensor4d(data, [B, H, W, 3]), jitterTensors(p), withHue).dataSync() as Float32Array);

  it('applies brightness, contrast, saturation, hue in that order to the images drawn', () => {
    let want = refBrightness(ref, params.brightness);
    want = refContrast(want, params.contrast);
    want = refSaturation(want, params.saturation);
    want = refHue(want, params.hue);
    const got = jitter(params);
    const size = H * W * 3;
    for (let b = 0; b < B; b++) {
      const g = got.subarray(b * size, (b + 1) * size);
      if (params.apply[b]) expect(maxAbsDiff(g, want.data.subarray(b * size, (b + 1) * size))).toBeLessThan(1e-5);
      else expect(g).toEqual(data.subarray(b * size, (b + 1) * size)); // untouched, bit for bit
    }
  });

  it('skipping the hue stage equals a zero hue shift', () => {
    const noHue = { ...params, hue: new Float32Array(B) };
    expect(maxAbsDiff(jitter(noHue, false), jitter(noHue, true))).toBeLessThan(1e-5);
  });

  it('samples factors in torchvision ranges and applies with the given probability', () => {
    const view = simclrAugmentation()[0];
    const p = sampleJitter(new TestRandom(11), 5000, view);
    const range = (a: Float32Array): [number, number] => [Math.min(...a), Math.max(...a)];
    expect(range(p.brightness)[0]).toBeGreaterThanOrEqual(0.2 - 1e-6);
    expect(range(p.brightness)[1]).toBeLessThanOrEqual(1.8 + 1e-6);
    expect(range(p.saturation)[0]).toBeGreaterThanOrEqual(0.2 - 1e-6);
    expect(range(p.hue)[0]).toBeGreaterThanOrEqual(-0.2 - 1e-6);
    expect(range(p.hue)[1]).toBeLessThanOrEqual(0.2 + 1e-6);
    expect(range(p.hue)[1] - range(p.hue)[0]).toBeGreaterThan(0.39); // covers the range
    const rate = p.apply.reduce((s, v) => s + v, 0) / 5000;
    expect(Math.abs(rate - 0.8)).toBeLessThan(0.03);
    const never = sampleJitter(new TestRandom(12), 500, { ...view, jitterProb: 0 });
    const always = sampleJitter(new TestRandom(12), 500, { ...view, jitterProb: 1 });
    expect(never.apply.every((v) => v === 0)).toBe(true);
    expect(always.apply.every((v) => v === 1)).toBe(true);
    // Brightness 1.2 clips the low end of the range at 0 (torchvision's max(0, 1 - b)).
    expect(Math.min(...sampleJitter(new TestRandom(13), 500, { ...view, brightness: 1.2 }).brightness)).toBeGreaterThanOrEqual(0);
  });

  it('frees its intermediates', () => {
    const images = tf.tensor4d(data, [B, H, W, 3]);
    const t = jitterTensors(params);
    const before = tf.memory().numTensors;
    const out = colorJitter(images, t);
    expect(tf.memory().numTensors).toBe(before + 1);
    tf.dispose([images, out, ...Object.values(t)]);
  });
});

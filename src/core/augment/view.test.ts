import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { barlowAugmentation, simclrAugmentation, type ViewAugmentation } from '../config';
import { Rng } from '../random';
import { denormalizeImages, normalizeImages } from './images';
import type { RandomSource } from './random-source';
import { TestRandom, maxAbsDiff, randomImageData } from './testing';
import { applyView, augmentPair, augmentView, sampleViewParams } from './view';

const [B, S] = [8, 32];
const data = randomImageData(new TestRandom(50), B, S, S);

/** Everything off, crop fixed to the whole image. */
const NONE: ViewAugmentation = {
  cropScale: [1, 1],
  flipProb: 0,
  jitterProb: 0,
  brightness: 0.8,
  contrast: 0.8,
  saturation: 0.8,
  hue: 0.2,
  grayscaleProb: 0,
  blurProb: 0,
  solarizeProb: 0,
};

/** augmentView of `data`, denormalised back to [0, 1] so pixels can be inspected. */
function view(v: ViewAugmentation, seed: number, raw = false): Float32Array {
  return tf.tidy(() => {
    const out = augmentView(tf.tensor4d(data, [B, S, S, 3]), v, new TestRandom(seed));
    return (raw ? out : denormalizeImages(out)).dataSync() as Float32Array;
  });
}

describe('augmentView', () => {
  it('returns [B, 32, 32, 3] float32 and leaks nothing', () => {
    const images = tf.tensor4d(data, [B, S, S, 3]);
    const before = tf.memory().numTensors;
    const out = augmentView(images, { ...simclrAugmentation()[0], solarizeProb: 0.5 }, new TestRandom(1));
    expect(out.shape).toEqual([B, S, S, 3]);
    expect(out.dtype).toBe('float32');
    expect(tf.memory().numTensors).toBe(before + 1);
    const [a, b] = augmentPair(images, barlowAugmentation(), new TestRandom(2));
    expect(tf.memory().numTensors).toBe(before + 3);
    expect(a.shape).toEqual(b.shape);
    tf.dispose([images, out, a, b]);
  });

  it('with every probability 0 and a full crop it only normalises', () => {
    const want = tf.tidy(() => normalizeImages(tf.tensor4d(data, [B, S, S, 3])).dataSync());
    expect(maxAbsDiff(view(NONE, 3, true), want)).toBeLessThan(1e-5);
  });

  it('with probability 1 every image gets the op', () => {
    const size = S * S * 3;
    const flipped = view({ ...NONE, flipProb: 1 }, 4);
    const mirrored = tf.tidy(() => tf.reverse(tf.tensor4d(data, [B, S, S, 3]), 2).dataSync());
    expect(maxAbsDiff(flipped, mirrored)).toBeLessThan(1e-5);

    const gray = view({ ...NONE, grayscaleProb: 1 }, 5);
    for (let i = 0; i < gray.length; i += 3) {
      expect(Math.abs(gray[i] - gray[i + 1]) + Math.abs(gray[i] - gray[i + 2])).toBeLessThan(1e-5);
    }

    const solar = view({ ...NONE, solarizeProb: 1 }, 6);
    for (let i = 0; i < solar.length; i++) expect(solar[i]).toBeLessThanOrEqual(0.5 + 1e-5); // every x >= 0.5 inverted

    for (const v of [
      { ...NONE, jitterProb: 1 },
      { ...NONE, blurProb: 1 },
    ]) {
      const out = view(v, 7);
      for (let b = 0; b < B; b++) {
        const d = maxAbsDiff(out.subarray(b * size, (b + 1) * size), data.subarray(b * size, (b + 1) * size));
        expect(d).toBeGreaterThan(1e-3); // changed, image by image
      }
    }
  });

  it('draws every per-image flag with its probability (0 never, 1 always)', () => {
    const all: ViewAugmentation = { ...NONE, flipProb: 1, jitterProb: 1, grayscaleProb: 1, blurProb: 1, solarizeProb: 1 };
    const on = sampleViewParams(new TestRandom(8), 64, S, S, all);
    const off = sampleViewParams(new TestRandom(8), 64, S, S, NONE);
    for (const [p, want] of [
      [on, 1],
      [off, 0],
    ] as const) {
      expect(p.flips.every((v) => v === want)).toBe(true);
      expect(p.jitter.apply.every((v) => v === want)).toBe(true);
      expect(p.grayscale.every((v) => v === want)).toBe(true);
      expect(p.solarize.every((v) => v === want)).toBe(true);
      expect(p.blurSigmas.every((v) => (want ? v >= 0.1 : v === 0))).toBe(true);
    }
  });

  it('is a function of the seed: same seed, same view; other seed, other view', () => {
    const recipe = simclrAugmentation()[0];
    const a = view(recipe, 9, true);
    expect(view(recipe, 9, true)).toEqual(a);
    expect(maxAbsDiff(view(recipe, 10, true), a)).toBeGreaterThan(0.1);
    // The two views of a pair differ (the second continues the stream).
    const [x, y] = tf.tidy(() => augmentPair(tf.tensor4d(data, [B, S, S, 3]), simclrAugmentation(), new TestRandom(11)).map((t) => t.dataSync()));
    expect(maxAbsDiff(x, y)).toBeGreaterThan(0.1);
  });

  it("accepts the project's Rng as its RandomSource", () => {
    const draw = (seed: number): Float32Array => {
      const rng: RandomSource = new Rng(seed).fork('augment'); // a compile-time contract check too
      return tf.tidy(() => augmentView(tf.tensor4d(data, [B, S, S, 3]), simclrAugmentation()[0], rng).dataSync() as Float32Array);
    };
    expect(draw(1)).toEqual(draw(1));
    expect(maxAbsDiff(draw(1), draw(2))).toBeGreaterThan(0.1);
  });

  it('applyView refuses parameters drawn for another batch size', () => {
    const p = sampleViewParams(new TestRandom(12), B + 1, S, S, NONE);
    const images = tf.tensor4d(data, [B, S, S, 3]);
    expect(() => applyView(images, p)).toThrow(/parameters for 9 images/);
    images.dispose();
  });

  it('runs a [16, 32, 32, 3] batch through the SimCLR and Barlow views (time printed)', () => {
    const images = tf.tensor4d(randomImageData(new TestRandom(13), 16, S, S), [16, S, S, 3]);
    const rng = new TestRandom(14);
    augmentView(images, simclrAugmentation()[0], rng).dispose(); // warm-up
    for (const [name, views] of [
      ['simclr', simclrAugmentation()],
      ['barlow', barlowAugmentation()],
    ] as const) {
      const t0 = performance.now();
      const [a, b] = augmentPair(images, views, rng);
      a.dataSync();
      b.dataSync();
      console.log(`augmentPair ${name}, 16 images, CPU backend: ${(performance.now() - t0).toFixed(0)} ms`);
      tf.dispose([a, b]);
    }
    images.dispose();
  });
});

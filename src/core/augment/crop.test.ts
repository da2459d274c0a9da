import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { cropFlipBoxes, resizedCropFlip, roundHalfEven, sampleCrops, sampleResizedCrop, type CropBox } from './crop';
import { TestRandom, maxAbsDiff, randomImageData, refImages, refResizedCrop } from './testing';

/** Run resizedCropFlip on float32 data and return its values. */
function runCrop(data: Float32Array, shape: [number, number, number, number], crops: CropBox[], flips: number[]): Float32Array {
  return tf.tidy(() => {
    const images = tf.tensor4d(data, shape);
    const boxes = tf.tensor2d(cropFlipBoxes(crops, flips, shape[1], shape[2]), [shape[0], 4]);
    return resizedCropFlip(images, boxes).dataSync() as Float32Array;
  });
}

describe('sampleResizedCrop (torchvision get_params)', () => {
  it('rounds halves to even like Python', () => {
    expect([0.5, 1.5, 2.5, -0.5, 2.4, 2.6].map(roundHalfEven)).toEqual([0, 2, 2, -0, 2, 3]);
  });

  it('keeps boxes inside the image and area / aspect ratio within bounds up to pixel rounding', () => {
    const rng = new TestRandom(1);
    for (const [scale, h, w] of [
      [[0.08, 1], 32, 32],
      [[0.3, 0.5], 32, 32],
      [[0.08, 1], 10, 30],
    ] as [[number, number], number, number][]) {
      const bad = sampleCrops(rng, 3000, h, w, scale).filter((c) => {
        const inside = c.height >= 1 && c.width >= 1 && c.top >= 0 && c.left >= 0 && c.top + c.height <= h && c.left + c.width <= w;
        const fallback = c.top === Math.floor((h - c.height) / 2) && c.left === Math.floor((w - c.width) / 2);
        if (inside && fallback && (c.height === h || c.width === w)) return false; // centre crop: no bounds promised
        // w = round(sqrt(A r)), h = round(sqrt(A / r)): each within 0.5 px of the exact value.
        return !(
          inside &&
          (c.width + 0.5) * (c.height + 0.5) >= scale[0] * h * w &&
          (c.width - 0.5) * (c.height - 0.5) <= scale[1] * h * w &&
          (c.width + 0.5) / (c.height - 0.5) >= 3 / 4 &&
          (c.width - 0.5) / (c.height + 0.5) <= 4 / 3
        );
      });
      expect(bad).toEqual([]);
    }
  });

  it('spreads area, aspect ratio and position as the distributions say', () => {
    const rng = new TestRandom(2);
    const crops = sampleCrops(rng, 4000, 32, 32, [0.08, 1]);
    const areas = crops.map((c) => (c.width * c.height) / 1024).sort((a, b) => a - b);
    const logRatio = crops.map((c) => Math.log(c.width / c.height));
    const meanLogRatio = logRatio.reduce((s, v) => s + v, 0) / crops.length;
    const moved = crops.filter((c) => c.width < 32);
    const meanLeft = moved.reduce((s, c) => s + c.left / (32 - c.width), 0) / moved.length;
    const q = (p: number): number => areas[Math.floor(p * areas.length)];
    console.log(
      `crop areas: q10 ${q(0.1).toFixed(3)} q50 ${q(0.5).toFixed(3)} q90 ${q(0.9).toFixed(3)}; mean log(w/h) ${meanLogRatio.toFixed(4)}; mean relative left ${meanLeft.toFixed(3)}`,
    );
    // U[0.08, 1] area would give quantiles 0.17 / 0.54 / 0.91; large non-square draws do not fit
    // a 32 x 32 image and are redrawn, which pulls the top down (seen: 0.15 / 0.49 / 0.82).
    expect(q(0.1)).toBeGreaterThan(0.1);
    expect(q(0.1)).toBeLessThan(0.25);
    expect(q(0.5)).toBeGreaterThan(0.45);
    expect(q(0.5)).toBeLessThan(0.6);
    expect(q(0.9)).toBeGreaterThan(0.8);
    expect(Math.abs(meanLogRatio)).toBeLessThan(0.02); // log-uniform, symmetric
    expect(Math.max(...logRatio)).toBeLessThan(Math.log(4 / 3) + 0.2);
    expect(Math.abs(meanLeft - 0.5)).toBeLessThan(0.03); // position uniform
  });

  it('falls back to the centre crop with the ratio clamped (torchvision)', () => {
    const rng = new TestRandom(3);
    // A 10 x 30 image cannot hold any box of its full area: in_ratio 3 > 4/3.
    expect(sampleResizedCrop(rng, 10, 30, [1, 1])).toEqual({ top: 0, left: 8, height: 10, width: 13 });
    expect(sampleResizedCrop(rng, 30, 10, [1, 1])).toEqual({ top: 8, left: 0, height: 13, width: 10 });
    for (let i = 0; i < 50; i++) expect(sampleResizedCrop(rng, 32, 32, [1, 1])).toEqual({ top: 0, left: 0, height: 32, width: 32 });
  });
});

describe('resizedCropFlip (cropAndResize)', () => {
  const [B, H, W] = [6, 9, 11];
  const data = randomImageData(new TestRandom(4), B, H, W);
  const ref = refImages(B, H, W, 3, data);
  const crops: CropBox[] = [
    { top: 0, left: 0, height: H, width: W }, // whole image
    { top: 2, left: 3, height: 4, width: 5 }, // inside, upsampled 2x
    { top: 0, left: 0, height: 3, width: 2 }, // top-left corner, tiny
    { top: H - 5, left: W - 7, height: 5, width: 7 }, // bottom-right corner
    { top: 1, left: 0, height: H - 1, width: W }, // full width
    { top: 4, left: 6, height: 1, width: 1 }, // one pixel
  ];

  it('matches the float64 reference with the same boxes, flipped and not', () => {
    for (const flips of [
      [0, 0, 0, 0, 0, 0],
      [1, 1, 1, 1, 1, 1],
      [0, 1, 0, 1, 1, 0],
    ]) {
      const got = runCrop(data, [B, H, W, 3], crops, flips);
      expect(maxAbsDiff(got, refResizedCrop(ref, crops, flips, 'image').data)).toBeLessThan(1e-5);
    }
  });

  it('a full box is the identity and a reversed one (x1 > x2) mirrors the image', () => {
    const full = Array.from({ length: B }, () => ({ top: 0, left: 0, height: H, width: W }));
    expect(maxAbsDiff(runCrop(data, [B, H, W, 3], full, [0, 0, 0, 0, 0, 0]), data)).toBeLessThan(1e-6);
    const mirrored = tf.tidy(() => tf.reverse(tf.tensor4d(data, [B, H, W, 3]), 2).dataSync());
    expect(maxAbsDiff(runCrop(data, [B, H, W, 3], full, [1, 1, 1, 1, 1, 1]), mirrored)).toBeLessThan(1e-6);
    // The flip of any crop is the mirror of the unflipped crop.
    const plain = runCrop(data, [B, H, W, 3], crops, [0, 0, 0, 0, 0, 0]);
    const flipped = runCrop(data, [B, H, W, 3], crops, [1, 1, 1, 1, 1, 1]);
    const plainMirrored = tf.tidy(() => tf.reverse(tf.tensor4d(plain, [B, H, W, 3]), 2).dataSync());
    expect(maxAbsDiff(flipped, plainMirrored)).toBeLessThan(1e-5);
  });

  it('equals torchvision crop-then-resize wherever torchvision does not clamp at the crop edge', () => {
    const got = runCrop(data, [B, H, W, 3], crops, [0, 1, 0, 1, 0, 1]);
    const tv = refResizedCrop(ref, crops, [0, 1, 0, 1, 0, 1], 'crop').data;
    let compared = 0;
    let worst = 0;
    for (let b = 0; b < B; b++) {
      const c = crops[b];
      for (let y = 0; y < H; y++)
        for (let x = 0; x < W; x++) {
          const sy = c.top - 0.5 + ((y + 0.5) * c.height) / H;
          const xs = [0, 1, 0, 1, 0, 1][b] ? W - 1 - x : x;
          const sx = c.left - 0.5 + ((xs + 0.5) * c.width) / W;
          // Clamping at the crop's edge and at the image's edge agree where the two edges coincide.
          const insideY = (sy >= c.top || c.top === 0) && (sy <= c.top + c.height - 1 || c.top + c.height === H);
          const insideX = (sx >= c.left || c.left === 0) && (sx <= c.left + c.width - 1 || c.left + c.width === W);
          const i = ((b * H + y) * W + x) * 3;
          const d = maxAbsDiff(got.subarray(i, i + 3), tv.subarray(i, i + 3));
          if (insideY && insideX) {
            compared++;
            expect(d).toBeLessThan(1e-5);
          } else worst = Math.max(worst, d);
        }
    }
    console.log(`torchvision agreement: ${compared}/${B * H * W} pixels compared; border pixels differ by up to ${worst.toFixed(3)}`);
    expect(compared).toBeGreaterThan(0.6 * B * H * W);
  });

  it('frees its intermediates', () => {
    const images = tf.tensor4d(data, [B, H, W, 3]);
    const boxes = tf.tensor2d(cropFlipBoxes(crops, [0, 1, 0, 1, 0, 1], H, W), [B, 4]);
    const before = tf.memory().numTensors;
    const out = resizedCropFlip(images, boxes);
    expect(tf.memory().numTensors).toBe(before + 1);
    expect(out.shape).toEqual([B, H, W, 3]);
    expect(out.dtype).toBe('float32');
    tf.dispose([images, boxes, out]);
  });
});

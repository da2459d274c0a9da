// The bottleneck story needs the class in the shape and nowhere else. These tests check that
// colour does not predict the class, that a shape descriptor does (and stops doing so when
// the labels are shuffled), that the image really shows the shape, and that the nuisance
// draw never reads the label.
import { describe, expect, it } from 'vitest';
import { IMAGE_BYTES, IMAGE_SIZE } from '../types';
import { generateSyntheticSplitWithMasks, sampleSyntheticParams, SYNTHETIC_INFO, syntheticImageSeed, TEXTURE_KINDS } from './index';

const AREA = IMAGE_SIZE * IMAGE_SIZE;
const K = SYNTHETIC_INFO.numClasses;
const train = generateSyntheticSplitWithMasks(2000, 21, 'train');
const test = generateSyntheticSplitWithMasks(1000, 21, 'test');

/** Nearest class mean on standardised features: accuracy on `testX` (rows of length d). */
function nearestMean(trainX: number[][], trainY: ArrayLike<number>, testX: number[][], testY: ArrayLike<number>): number {
  const d = trainX[0].length;
  const mu = new Array<number>(d).fill(0);
  const sd = new Array<number>(d).fill(0);
  for (const x of trainX) x.forEach((v, j) => (mu[j] += v / trainX.length));
  for (const x of trainX) x.forEach((v, j) => (sd[j] += (v - mu[j]) ** 2 / trainX.length));
  const z = (x: number[]): number[] => x.map((v, j) => (v - mu[j]) / (Math.sqrt(sd[j]) + 1e-9));
  const means = Array.from({ length: K }, () => new Array<number>(d).fill(0));
  const counts = new Array<number>(K).fill(0);
  trainX.forEach((x, i) => {
    counts[trainY[i]]++;
    z(x).forEach((v, j) => (means[trainY[i]][j] += v));
  });
  means.forEach((m, c) => m.forEach((_, j) => (m[j] /= counts[c])));
  let correct = 0;
  testX.forEach((x, i) => {
    const zx = z(x);
    let best = 0;
    let bestD = Infinity;
    means.forEach((m, c) => {
      const dist = m.reduce((acc, v, j) => acc + (v - zx[j]) ** 2, 0);
      if (dist < bestD) [best, bestD] = [c, dist];
    });
    if (best === testY[i]) correct++;
  });
  return correct / testX.length;
}

/** Mean RGB of the whole image, of the shape's pixels and of the background's: 9 numbers. */
function colourFeatures(images: Uint8Array, masks: Float32Array, i: number): number[] {
  const all = [0, 0, 0];
  const fg = [0, 0, 0];
  const bg = [0, 0, 0];
  let nf = 0;
  let nb = 0;
  for (let p = 0; p < AREA; p++) {
    const m = masks[i * AREA + p];
    if (m > 0.99) nf++;
    if (m === 0) nb++;
    for (let ch = 0; ch < 3; ch++) {
      const v = images[i * IMAGE_BYTES + ch * AREA + p];
      all[ch] += v / AREA;
      if (m > 0.99) fg[ch] += v;
      if (m === 0) bg[ch] += v;
    }
  }
  return [...all, ...fg.map((v) => v / Math.max(nf, 1)), ...bg.map((v) => v / Math.max(nb, 1))];
}

/**
 * A shape descriptor invariant to position, scale and rotation, from the coverage mask:
 * the radial mass profile about the centroid (in units of sqrt(area)), the strength of
 * 2- to 6-fold angular symmetry, and the boundary length relative to sqrt(area).
 */
function shapeFeatures(masks: Float32Array, i: number): number[] {
  const m = masks.subarray(i * AREA, (i + 1) * AREA);
  let a = 0;
  let mx = 0;
  let my = 0;
  for (let p = 0; p < AREA; p++) {
    a += m[p];
    mx += m[p] * (p % IMAGE_SIZE);
    my += m[p] * Math.floor(p / IMAGE_SIZE);
  }
  mx /= a;
  my /= a;
  const scale = Math.sqrt(a);
  const radial = new Array<number>(8).fill(0);
  const harmonics = [2, 3, 4, 5, 6].map(() => [0, 0]);
  let edge = 0;
  for (let p = 0; p < AREA; p++) {
    const x = p % IMAGE_SIZE;
    const y = Math.floor(p / IMAGE_SIZE);
    if (x + 1 < IMAGE_SIZE) edge += Math.abs(m[p + 1] - m[p]);
    if (y + 1 < IMAGE_SIZE) edge += Math.abs(m[p + IMAGE_SIZE] - m[p]);
    if (m[p] === 0) continue;
    const r = Math.hypot(x - mx, y - my) / scale;
    radial[Math.min(7, Math.floor(r / 0.15))] += m[p] / a;
    const theta = Math.atan2(y - my, x - mx);
    harmonics.forEach((h, j) => {
      h[0] += (m[p] * r * Math.cos((j + 2) * theta)) / a;
      h[1] += (m[p] * r * Math.sin((j + 2) * theta)) / a;
    });
  }
  return [...radial, ...harmonics.map(([re, im]) => Math.hypot(re, im)), edge / scale];
}

const rows = (n: number, f: (i: number) => number[]): number[][] => Array.from({ length: n }, (_, i) => f(i));

describe('synthetic nuisances vs class', () => {
  it('colour does not predict the class (near chance), a shape descriptor does', () => {
    const colTrain = rows(train.count, (i) => colourFeatures(train.images, train.masks, i));
    const colTest = rows(test.count, (i) => colourFeatures(test.images, test.masks, i));
    const colourAcc = nearestMean(colTrain, train.labels, colTest, test.labels);
    const shpTrain = rows(train.count, (i) => shapeFeatures(train.masks, i));
    const shpTest = rows(test.count, (i) => shapeFeatures(test.masks, i));
    const shapeAcc = nearestMean(shpTrain, train.labels, shpTest, test.labels);
    // Control: the same descriptor with labels that ignore the images must fall to chance.
    const shuffled = (labels: Uint8Array): Uint8Array => labels.map((_, i) => (i * 7 + (i >> 3)) % K);
    const controlAcc = nearestMean(shpTrain, shuffled(train.labels), shpTest, shuffled(test.labels));
    console.log(
      `nearest class mean, ${K} classes: colour ${(100 * colourAcc).toFixed(1)}%, ` +
        `shape descriptor ${(100 * shapeAcc).toFixed(1)}%, shape with shuffled labels ${(100 * controlAcc).toFixed(1)}%`,
    );
    expect(colourAcc).toBeLessThan(0.25);
    expect(shapeAcc).toBeGreaterThan(0.8);
    expect(controlAcc).toBeLessThan(0.25);
  });

  it('shows the shape in the image: grayscale contrast between shape and background', () => {
    const luma = (img: number, p: number): number =>
      (0.299 * test.images[img * IMAGE_BYTES + p] + 0.587 * test.images[img * IMAGE_BYTES + AREA + p] + 0.114 * test.images[img * IMAGE_BYTES + 2 * AREA + p]) /
      255;
    const gaps: number[] = [];
    for (let i = 0; i < test.count; i++) {
      let sf = 0;
      let nf = 0;
      let sb = 0;
      let nb = 0;
      for (let p = 0; p < AREA; p++) {
        const m = test.masks[i * AREA + p];
        if (m === 1) [sf, nf] = [sf + luma(i, p), nf + 1];
        else if (m === 0) [sb, nb] = [sb + luma(i, p), nb + 1];
      }
      expect(nf, `image ${i} has a solid shape interior`).toBeGreaterThan(10);
      gaps.push(Math.abs(sf / nf - sb / nb));
    }
    gaps.sort((x, y) => x - y);
    const q = (f: number): number => gaps[Math.floor(f * (gaps.length - 1))];
    console.log(`shape/background luma gap: 5% ${q(0.05).toFixed(3)}, median ${q(0.5).toFixed(3)}`);
    expect(q(0.05)).toBeGreaterThan(0.12);
    expect(q(0.5)).toBeGreaterThan(0.25);
  });

  it('draws the nuisances without reading the label, and they vary within every class', () => {
    // Same image seed, different label: everything but the label is identical.
    for (let i = 0; i < 50; i++) {
      const seed = syntheticImageSeed(5, 'train', i);
      const { label: _a, ...withA } = sampleSyntheticParams(seed, 0);
      const { label: _b, ...withB } = sampleSyntheticParams(seed, 7);
      expect(withB).toEqual(withA);
    }
    for (let c = 0; c < K; c++) {
      const ps = Array.from({ length: 200 }, (_, i) => sampleSyntheticParams(syntheticImageSeed(c, 'test', i), c));
      expect(new Set(ps.map((p) => p.texture.kind)).size).toBe(TEXTURE_KINDS.length);
      expect(new Set(ps.map((p) => p.flip)).size).toBe(2);
      expect(ps.some((p) => p.occluder) && ps.some((p) => !p.occluder)).toBe(true);
      const spread = (xs: number[]): number => Math.max(...xs) - Math.min(...xs);
      expect(spread(ps.map((p) => p.cx))).toBeGreaterThan(8);
      expect(spread(ps.map((p) => p.radius))).toBeGreaterThan(4);
      expect(spread(ps.map((p) => p.fg[0]))).toBeGreaterThan(200);
      expect(spread(ps.map((p) => p.bgA[2]))).toBeGreaterThan(200);
    }
  });
});

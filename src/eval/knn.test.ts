import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as ref from '../test/reference';
import { knnAccuracy, knnChunking, knnClassScores, type KnnOptions } from './knn';
import type { LabelledFeatures } from './linear-probe';
import { rankOfTrueClass, topOneFiveHits } from './ranking';

/** Random float32-exact features and labels. */
function randomSet(count: number, dim: number, numClasses: number, seed: number): LabelledFeatures {
  const features = Float32Array.from(ref.randomMatrix(count, dim, seed).flat());
  const uniform = ref.mulberry32(seed + 1000);
  const labels = Int32Array.from({ length: count }, () => Math.floor(uniform() * numClasses));
  return { features, labels, count, dim };
}

/** Brute force in float64: cosine similarity to every training row, stable sort, weighted votes. */
function referenceScores(train: LabelledFeatures, test: LabelledFeatures, numClasses: number, k: number, temperature: number): number[][] {
  const rows = (s: LabelledFeatures): number[][] => Array.from({ length: s.count }, (_, i) => Array.from(s.features.subarray(i * s.dim, (i + 1) * s.dim)));
  const a = ref.rowNormalize(rows(train));
  const b = ref.rowNormalize(rows(test));
  return b.map((q) => {
    const sims = a.map((x, j) => ({ j, s: x.reduce((acc, v, d) => acc + v * q[d], 0) }));
    sims.sort((u, v) => v.s - u.s || u.j - v.j);
    const scores = new Array<number>(numClasses).fill(0);
    for (const { j, s } of sims.slice(0, Math.min(k, sims.length))) scores[train.labels[j]] += Math.exp(s / temperature);
    return scores;
  });
}

/** Stable descending ranking of the true class (ties to the lower index). */
function referenceRank(scores: number[], label: number): number {
  return scores.filter((s, c) => s > scores[label] || (s === scores[label] && c < label)).length;
}

const argmax = (xs: ArrayLike<number>): number => {
  let best = 0;
  for (let i = 1; i < xs.length; i++) if (xs[i] > xs[best]) best = i;
  return best;
};

describe('weighted kNN', () => {
  const numClasses = 7;
  const train = randomSet(300, 12, numClasses, 1);
  const test = randomSet(90, 12, numClasses, 2);
  const k = 25;
  const temperature = 0.1;
  const expected = referenceScores(train, test, numClasses, k, temperature);

  // Whole rows at once; row chunks; row and column chunks (300 training columns > 250 bound).
  for (const bound of [1 << 22, 3000, 250]) {
    it(`equals the float64 brute force (bound ${bound}): same predictions, scores to 1e-4`, async () => {
      const options: KnnOptions = { k, temperature, maxSimilarityElements: bound };
      const scores = await knnClassScores(train, test, numClasses, options);
      let worst = 0;
      for (let i = 0; i < test.count; i++) {
        const row = scores.subarray(i * numClasses, (i + 1) * numClasses);
        expect(argmax(row), `prediction of test row ${i}`).toBe(argmax(expected[i]));
        for (let c = 0; c < numClasses; c++) worst = Math.max(worst, Math.abs(row[c] - expected[i][c]) / Math.max(1, Math.abs(expected[i][c])));
      }
      console.log(
        `kNN bound ${bound}: chunking ${JSON.stringify(knnChunking(test.count, train.count, numClasses, options))}, worst relative score error ${worst.toExponential(2)}`,
      );
      expect(worst).toBeLessThan(1e-4);

      const { top1, top5 } = await knnAccuracy(train, test, numClasses, options);
      const ranks = expected.map((s, i) => referenceRank(s, test.labels[i] as number));
      expect(top1).toBeCloseTo(ranks.filter((r) => r < 1).length / test.count, 10);
      expect(top5).toBeCloseTo(ranks.filter((r) => r < 5).length / test.count, 10);
    });
  }

  it('keeps every intermediate within the element bound', () => {
    for (const [nt, ntr, c, k, bound] of [
      [10_000, 10_000, 10, 200, 1 << 22],
      [10_000, 50_000, 100, 200, 1 << 22],
      [90, 300, 7, 25, 250],
      [5, 3, 2, 10, 100],
    ]) {
      const { rows, cols, k: kk } = knnChunking(nt, ntr, c, { k, temperature: 0.1, maxSimilarityElements: bound });
      expect(kk).toBe(Math.min(k, ntr));
      expect(rows * cols).toBeLessThanOrEqual(bound);
      expect(rows * kk * c).toBeLessThanOrEqual(bound);
      expect(rows).toBeGreaterThanOrEqual(1);
      expect(cols).toBeGreaterThanOrEqual(1);
    }
    expect(() => knnChunking(10, 10, 10, { k: 200, temperature: 0.1, maxSimilarityElements: 50 })).toThrow(/at least/);
    expect(() => knnChunking(10, 10, 10, { k: 5, temperature: 0.001, maxSimilarityElements: 1000 })).toThrow(/overflows/);
    expect(() => knnChunking(10, 10, 10, { k: 0, temperature: 0.1, maxSimilarityElements: 1000 })).toThrow(/k must/);
  });

  it('caps k at the training set size and finds the exact class of duplicated points', async () => {
    const small = randomSet(4, 5, 3, 9);
    const copy = { ...small }; // every test row has an identical training row
    const scores = await knnClassScores(small, copy, 3, { k: 200, temperature: 0.1, maxSimilarityElements: 1000 });
    const { top1 } = await knnAccuracy(small, copy, 3, { k: 1, temperature: 0.1, maxSimilarityElements: 1000 });
    expect(top1).toBe(1);
    for (let i = 0; i < 4; i++) {
      const total = Array.from(scores.subarray(i * 3, i * 3 + 3)).reduce((a, b) => a + b, 0);
      expect(total).toBeGreaterThan(Math.exp(1 / 0.1) * 0.999); // its own vote, weight e^(1/T)
    }
  });

  it('does not leak tensors', async () => {
    const before = tf.memory().numTensors;
    await knnAccuracy(train, test, numClasses, { k, temperature, maxSimilarityElements: 250 });
    await knnClassScores(train, test, numClasses, { k, temperature, maxSimilarityElements: 3000 });
    expect(tf.memory().numTensors).toBe(before);
    // A label out of range would silently lose its vote in oneHot: rejected instead.
    await expect(
      knnAccuracy({ ...train, labels: Int32Array.from(train.labels as Int32Array, (y, i) => (i === 5 ? numClasses : y)) }, test, numClasses, {
        k,
        temperature,
        maxSimilarityElements: 3000,
      }),
    ).rejects.toThrow(/label 7 at row 5/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('ranking', () => {
  it('ranks ties by the lower class index, so zero scores are no free top-5 hits', async () => {
    // Row 0: true class 3 has no votes; classes 0 and 1 have some; 2, 4..6 tie at zero with 3.
    // Stable ranking: 0/1 (2 rows ahead), then 2 (lower index, tied) → rank 3.
    // Row 1: true class 2 ties with class 5 at the top → rank 0. Row 2: ties with class 0 → rank 1.
    const scores = tf.tensor2d([
      [5, 4, 0, 0, 0, 0, 0],
      [1, 0, 9, 0, 0, 9, 0],
      [9, 0, 9, 0, 0, 0, 0],
    ]);
    const labels = tf.tensor1d([3, 2, 2], 'int32');
    const rank = rankOfTrueClass(scores, labels);
    expect(Array.from(await rank.data())).toEqual([3, 0, 1]);
    const hits = topOneFiveHits(scores, labels);
    expect(Array.from(await hits.data())).toEqual([1, 3]);
    tf.dispose([scores, labels, rank, hits]);
  });
});

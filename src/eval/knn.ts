// Weighted kNN on frozen features, the usual SSL protocol (InstDisc; solo-learn's
// WeightedKNNClassifier with distance_fx = "cosine"): rows L2-normalised, similarity s = cosine,
// the k most similar training rows vote for their class with weight exp(s / T), and a test row's
// class scores are the summed weights per class. Ranking ties go to the lower class index.
//
// Memory: no intermediate exceeds `maxSimilarityElements` floats. Test rows are taken in chunks;
// when the training set alone is wider than the bound, training columns are chunked too and
// each chunk's top k is merged into a running top k (exact: the global top k is the top k of
// the per-chunk top k's). Cost per test row: one D-dot per training row, one top-k.
import * as tf from '@tensorflow/tfjs-core';
import type { LabelledFeatures } from './linear-probe';
import { topOneFiveHits } from './ranking';

export interface KnnOptions {
  k: number; // neighbours that vote (capped at the training set size)
  temperature: number; // vote weight exp(similarity / T); literal exp, so T >= 1/88 (float32 range)
  maxSimilarityElements: number; // largest intermediate, in floats (16 MB at 4M)
}

export interface KnnResult {
  top1: number;
  top5: number;
}

/** x / max(||x||, 1e-12) per row, like torch's F.normalize: zero rows stay zero. */
function l2Normalize(x: tf.Tensor2D): tf.Tensor2D {
  return tf.tidy(() => tf.div(x, tf.maximum(tf.norm(x, 'euclidean', 1, true), 1e-12)));
}

/** Rows and training columns per chunk so that every intermediate stays within the bound. */
export function knnChunking(testCount: number, trainCount: number, numClasses: number, options: KnnOptions): { rows: number; cols: number; k: number } {
  const { k, temperature, maxSimilarityElements: bound } = options;
  if (!Number.isInteger(k) || k < 1) throw new Error(`knn: k must be a whole number >= 1, got ${k}`);
  if (!(temperature >= 1 / 88)) throw new Error(`knn: temperature ${temperature} overflows exp(1/T) in float32 (need T >= ${(1 / 88).toFixed(4)})`);
  const kEff = Math.min(k, trainCount);
  const perRow = Math.max(kEff * numClasses, 2 * kEff); // the votes [k, C] and the merge buffer [2k]
  if (!(bound >= perRow)) throw new Error(`knn: maxSimilarityElements (${bound}) must be at least k x classes (${perRow})`);
  const wholeRows = Math.floor(bound / Math.max(trainCount, perRow));
  if (wholeRows >= 1) return { rows: Math.min(testCount, wholeRows), cols: trainCount, k: kEff };
  // The training set is wider than the bound: a few rows at a time against column chunks.
  const rows = Math.max(1, Math.min(testCount, 64, Math.floor(bound / perRow)));
  return { rows, cols: Math.floor(bound / rows), k: kEff };
}

/**
 * Class scores of a chunk of (normalised) test rows: [r, C]. trainT is the normalised training
 * set transposed, [D, Ntr] (transposed once, so every chunk is a plain matMul).
 */
function chunkScores(
  test: tf.Tensor2D,
  trainT: tf.Tensor2D,
  trainLabels: tf.Tensor1D,
  numClasses: number,
  cols: number,
  k: number,
  temperature: number,
): tf.Tensor2D {
  return tf.tidy(() => {
    const [dim, ntr] = trainT.shape;
    const rows = test.shape[0];
    let best: { values: tf.Tensor2D; indices: tf.Tensor2D } | undefined;
    for (let c0 = 0; c0 < ntr; c0 += cols) {
      const width = Math.min(cols, ntr - c0);
      const block = width === ntr ? trainT : tf.slice(trainT, [0, c0], [dim, width]);
      const sim = tf.matMul(test, block); // [r, width] cosine similarities
      const top = tf.topk(sim, Math.min(k, width)); // [r, k'] each
      const indices = tf.add(top.indices, tf.scalar(c0, 'int32')) as tf.Tensor2D; // global training rows (int32 + a JS number would give float32)
      if (!best) {
        best = { values: top.values as tf.Tensor2D, indices };
        continue;
      }
      // Merge: top k of (running top k ∪ this chunk's top k), its indices gathered by flat position.
      const values = tf.concat([best.values, top.values as tf.Tensor2D], 1); // [r, ≤ 2k]
      const allIndices = tf.concat([best.indices, indices], 1); // [r, ≤ 2k]
      const merged = tf.topk(values, Math.min(k, values.shape[1]));
      const span = values.shape[1];
      const flat = tf.add(merged.indices, tf.reshape(tf.mul(tf.range(0, rows, 1, 'int32'), tf.scalar(span, 'int32')), [rows, 1]));
      best = {
        values: merged.values as tf.Tensor2D,
        indices: tf.reshape(tf.gather(tf.reshape(allIndices, [-1]), tf.reshape(flat, [-1])), [rows, -1]) as tf.Tensor2D,
      };
    }
    const { values, indices } = best as { values: tf.Tensor2D; indices: tf.Tensor2D };
    const kk = values.shape[1];
    const weights = tf.exp(tf.div(values, temperature)); // [r, k]
    const neighbourLabels = tf.reshape(tf.gather(trainLabels, tf.reshape(indices, [-1])), [rows, kk]); // [r, k]
    const votes = tf.cast(tf.oneHot(neighbourLabels, numClasses), 'float32'); // [r, k, C]
    return tf.sum(tf.mul(votes, tf.expandDims(weights, 2)), 1) as tf.Tensor2D; // [r, C]
  });
}

/**
 * Runs the kNN over every test row in chunks; `each` receives the chunk's scores [r, C] and the
 * chunk's labels (both freed after the call). The training set stays on the device throughout.
 */
async function forEachChunk(
  train: LabelledFeatures,
  test: LabelledFeatures,
  numClasses: number,
  options: KnnOptions,
  each: (scores: tf.Tensor2D, labels: tf.Tensor1D, start: number) => Promise<void> | void,
): Promise<void> {
  if (train.dim !== test.dim) throw new Error(`knn: train has ${train.dim} features, test ${test.dim}`);
  for (const [who, set] of [
    ['train', train],
    ['test', test],
  ] as const) {
    if (!(set.count >= 1) || set.features.length < set.count * set.dim)
      throw new Error(`knn: ${who} needs ${set.count} x ${set.dim} values (and at least one row)`);
    // oneHot silently gives an all-zero row for a label out of range: a lost vote, not an error.
    for (let i = 0; i < set.count; i++) {
      const y = set.labels[i];
      if (!Number.isInteger(y) || y < 0 || y >= numClasses) throw new Error(`knn: ${who} label ${y} at row ${i} is not in [0, ${numClasses})`);
    }
  }
  const { rows, cols, k } = knnChunking(test.count, train.count, numClasses, options);
  const [trainT, trainLabels] = tf.tidy(() => {
    const x = tf.tensor2d(train.features.subarray(0, train.count * train.dim), [train.count, train.dim]);
    return [
      tf.transpose(l2Normalize(x)),
      tf.tensor1d(
        Int32Array.from({ length: train.count }, (_, i) => train.labels[i]),
        'int32',
      ),
    ];
  }) as [tf.Tensor2D, tf.Tensor1D];
  try {
    for (let start = 0; start < test.count; start += rows) {
      const r = Math.min(rows, test.count - start);
      const [scores, labels] = tf.tidy(() => {
        const x = l2Normalize(tf.tensor2d(test.features.subarray(start * test.dim, (start + r) * test.dim), [r, test.dim]));
        const y = tf.tensor1d(
          Int32Array.from({ length: r }, (_, i) => test.labels[start + i]),
          'int32',
        );
        return [chunkScores(x, trainT, trainLabels, numClasses, cols, k, options.temperature), y];
      }) as [tf.Tensor2D, tf.Tensor1D];
      try {
        await each(scores, labels, start);
      } finally {
        scores.dispose();
        labels.dispose();
      }
    }
  } finally {
    trainT.dispose();
    trainLabels.dispose();
  }
}

/** Top-1 and top-5 accuracy of the weighted kNN on `test`; hit counts stay on the device, one read. */
export async function knnAccuracy(train: LabelledFeatures, test: LabelledFeatures, numClasses: number, options: KnnOptions): Promise<KnnResult> {
  let hits: tf.Tensor1D = tf.zeros([2]);
  try {
    await forEachChunk(train, test, numClasses, options, (scores, labels) => {
      const next = tf.tidy(() => tf.add(hits, topOneFiveHits(scores, labels)) as tf.Tensor1D);
      hits.dispose();
      hits = next;
    });
    const [top1, top5] = await hits.data();
    return { top1: top1 / test.count, top5: top5 / test.count };
  } finally {
    hits.dispose();
  }
}

/** Every test row's class scores, [count · C] row-major (one read per chunk): for tests and exports. */
export async function knnClassScores(train: LabelledFeatures, test: LabelledFeatures, numClasses: number, options: KnnOptions): Promise<Float32Array> {
  const out = new Float32Array(test.count * numClasses);
  await forEachChunk(train, test, numClasses, options, async (scores, _labels, start) => {
    out.set(await scores.data(), start * numClasses);
  });
  return out;
}

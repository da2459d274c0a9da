import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import * as ref from '../test/reference';
import { DEFAULT_EVAL_OPTIONS } from './evaluate';
import { decayColumn, linearProbe, probeGradients, probeLoss, type LabelledFeatures, type ProbeOptions } from './linear-probe';

const OPTIONS: ProbeOptions = DEFAULT_EVAL_OPTIONS.probe;

/**
 * Linearly separable with a margin: Gaussian points labelled by argmax(x W*), keeping only points
 * whose best logit beats the runner-up by `margin` (so no point sits on a boundary).
 */
function separable(count: number, dim: number, numClasses: number, seed: number, margin = 1): LabelledFeatures {
  const w = ref.randomMatrix(dim, numClasses, 77); // the same W* for train and test
  const next = ref.gaussian(seed);
  const features = new Float32Array(count * dim);
  const labels = new Int32Array(count);
  for (let kept = 0; kept < count;) {
    const x = Array.from({ length: dim }, () => next());
    const logits = w[0].map((_, c) => x.reduce((acc, v, d) => acc + v * w[d][c], 0));
    const order = logits.map((v, c) => [v, c]).sort((a, b) => b[0] - a[0]);
    if (order[0][0] - order[1][0] < margin) continue;
    features.set(x, kept * dim);
    labels[kept++] = order[0][1];
  }
  return { features, labels, count, dim };
}

function randomLabels(count: number, dim: number, numClasses: number, seed: number): LabelledFeatures {
  const features = Float32Array.from(ref.randomMatrix(count, dim, seed).flat());
  const uniform = ref.mulberry32(seed + 1);
  return { features, labels: Int32Array.from({ length: count }, () => Math.floor(uniform() * numClasses)), count, dim };
}

describe('linear probe', () => {
  it('reaches >= 99% on a linearly separable fixture (default settings)', async () => {
    const train = separable(2000, 20, 10, 1);
    const test = separable(1000, 20, 10, 2);
    const result = await linearProbe(train, test, 10, OPTIONS);
    console.log(`separable fixture: test top-1 ${result.top1}, top-5 ${result.top5}, train top-1 ${result.trainTop1}, loss ${result.trainLoss.toFixed(4)}`);
    expect(result.top1).toBeGreaterThanOrEqual(0.99);
    expect(result.top5).toBe(1);
  });

  it('is at chance on random labels (train accuracy may not be)', async () => {
    const train = randomLabels(2000, 32, 10, 3);
    const test = randomLabels(2000, 32, 10, 4);
    const result = await linearProbe(train, test, 10, OPTIONS);
    console.log(`random labels: test top-1 ${result.top1}, top-5 ${result.top5}, train top-1 ${result.trainTop1}`);
    // Binomial std at n = 2000: 0.0067 (top-1), 0.011 (top-5); bounds are ~6 std wide.
    expect(Math.abs(result.top1 - 0.1)).toBeLessThan(0.04);
    expect(Math.abs(result.top5 - 0.5)).toBeLessThan(0.06);
  });

  it('standardisation makes it blind to per-feature scale and offset', async () => {
    const train = separable(600, 10, 4, 5);
    const test = separable(300, 10, 4, 6);
    const warp = (s: LabelledFeatures): LabelledFeatures => ({ ...s, features: s.features.map((v, i) => v * 10 ** ((i % s.dim) - 4) + 50) });
    const plain = await linearProbe(train, test, 4, OPTIONS);
    const warped = await linearProbe(warp(train), warp(test), 4, OPTIONS);
    console.log(`scale/offset warp: ${plain.top1} vs ${warped.top1}`);
    expect(Math.abs(plain.top1 - warped.top1)).toBeLessThanOrEqual(0.01);
  });

  it('is deterministic and top-5 is 1 with at most 5 classes', async () => {
    const train = randomLabels(200, 6, 3, 7);
    const test = randomLabels(100, 6, 3, 8);
    const a = await linearProbe(train, test, 3, { ...OPTIONS, epochs: 3 });
    const b = await linearProbe(train, test, 3, { ...OPTIONS, epochs: 3 });
    expect(a).toEqual(b);
    expect(a.top5).toBe(1);
  });

  it('has the analytic gradient of mean CE + wd/2 ||W||² (matches tf.grad; bias not decayed)', async () => {
    const x1 = tf.concat([tf.tensor2d(ref.randomMatrix(9, 5, 11).flat(), [9, 5]), tf.ones([9, 1])], 1) as tf.Tensor2D; // [9, 6]
    const oneHot = tf.cast(tf.oneHot(tf.tensor1d([0, 1, 2, 3, 0, 1, 2, 3, 3], 'int32'), 4), 'float32') as tf.Tensor2D;
    const theta = tf.tensor2d(ref.randomMatrix(6, 4, 12, { scale: 0.5 }).flat(), [6, 4]);
    const decay = decayColumn(5, 0.05);
    expect(Array.from(await decay.data())).toEqual([0.05, 0.05, 0.05, 0.05, 0.05, 0].map(Math.fround));
    const analytic = probeGradients(x1, oneHot, theta, decay);
    const [taped] = tf.grads((t: tf.Tensor) => probeLoss(x1, oneHot, t as tf.Tensor2D, decay))([theta]);
    const diff = tf.max(tf.abs(tf.sub(analytic, taped)));
    expect((await diff.data())[0]).toBeLessThan(1e-6);
    tf.dispose([x1, oneHot, theta, decay, analytic, taped, diff]);
  });

  it('rejects bad labels and settings, and does not leak tensors', async () => {
    const train = randomLabels(50, 4, 3, 9);
    const test = randomLabels(20, 4, 3, 10);
    const before = tf.memory().numTensors;
    await linearProbe(train, test, 3, { ...OPTIONS, epochs: 2, batchSize: 16 });
    expect(tf.memory().numTensors).toBe(before);
    await expect(linearProbe(train, test, 2, OPTIONS)).rejects.toThrow(/label 2/);
    await expect(linearProbe(train, test, 3, { ...OPTIONS, epochs: 0 })).rejects.toThrow(/epochs/);
    await expect(linearProbe(train, { ...test, dim: 3 }, 3, OPTIONS)).rejects.toThrow(/features/);
    expect(tf.memory().numTensors).toBe(before);
  });
});

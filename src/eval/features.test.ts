import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../core/config';
import { imagesFromPlanes, normalizeImages } from '../core/augment/images';
import { createModel } from '../core/nn/model';
import { evalContext, trainingContext } from '../core/nn/params';
import { generateSyntheticSplit } from '../data/synthetic';
import { extractFeatures } from './features';

function tinyConfig(): RunConfig {
  const c = defaultConfig();
  c.encoder = { kind: 'convnet', width: 4, convChannels: [4, 6] };
  c.projector = { hiddenDim: 8, outputDim: 5, pointNum: 0, sae: { enabled: false, latentDim: 12, topK: 3 } };
  return c;
}

describe('extractFeatures', () => {
  const model = createModel(tinyConfig(), 10, 3);
  const split = generateSyntheticSplit(20, 4, 'test');
  afterAll(() => model.dispose());

  it('gives the same features in chunks as in one go (split larger than a chunk)', async () => {
    const whole = await extractFeatures(model, split, { chunkSize: 64 });
    const chunked = await extractFeatures(model, split, { chunkSize: 7 }); // 7 + 7 + 6
    expect(whole.dims).toEqual({ z1: 6, z2: 5 });
    expect(whole.z1).toHaveLength(20 * 6);
    expect(whole.z2).toHaveLength(20 * 5);
    let worst = 0;
    whole.z1.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - chunked.z1[i]))));
    whole.z2.forEach((v, i) => (worst = Math.max(worst, Math.abs(v - chunked.z2[i]))));
    console.log(`chunked vs one go: max |difference| ${worst}`);
    expect(worst).toBeLessThanOrEqual(1e-6);
    expect(Array.from(chunked.labels)).toEqual(Array.from(split.labels));
  });

  it('runs in evaluation mode: running BatchNorm statistics, no augmentation, buffers untouched', async () => {
    const buffersBefore = await Promise.all(model.store.bufferEntries().map(([, v]) => v.data()));
    const features = await extractFeatures(model, split, { chunkSize: 8 });
    const buffersAfter = await Promise.all(model.store.bufferEntries().map(([, v]) => v.data()));
    expect(buffersAfter).toEqual(buffersBefore);

    const [evalZ1, evalZ2, trainZ1] = tf.tidy(() => {
      const x = normalizeImages(imagesFromPlanes(split.images, split.count));
      const z1 = model.encoder.forward(x, evalContext());
      const ctx = trainingContext();
      const batchStats = model.encoder.forward(x, ctx);
      ctx.bufferUpdates.forEach(({ value }) => value.dispose());
      return [z1, model.projector.forward(z1, evalContext()), batchStats];
    });
    const [e1, e2, t1] = await Promise.all([evalZ1.data(), evalZ2.data(), trainZ1.data()]);
    tf.dispose([evalZ1, evalZ2, trainZ1]);
    e1.forEach((v, i) => expect(features.z1[i]).toBeCloseTo(v, 5));
    e2.forEach((v, i) => expect(features.z2[i]).toBeCloseTo(v, 5));
    const maxGap = Array.from(t1).reduce((m, v, i) => Math.max(m, Math.abs(v - features.z1[i])), 0);
    expect(maxGap).toBeGreaterThan(1e-3); // batch statistics would give other features
  });

  it('reports progress per chunk, reads once per chunk, and leaks nothing', async () => {
    const before = tf.memory().numTensors;
    const seen: number[] = [];
    const reads = { count: 0 };
    const original = tf.Tensor.prototype.data;
    tf.Tensor.prototype.data = function (this: tf.Tensor) {
      reads.count++;
      return original.call(this);
    } as typeof original;
    try {
      await extractFeatures(model, split, { chunkSize: 6, onProgress: (done, total) => seen.push(done, total) });
    } finally {
      tf.Tensor.prototype.data = original;
    }
    expect(seen).toEqual([6, 20, 12, 20, 18, 20, 20, 20]);
    expect(reads.count).toBe(4);
    expect(tf.memory().numTensors).toBe(before);
    const empty = await extractFeatures(model, { count: 0, images: new Uint8Array(0), labels: new Uint8Array(0) }, { chunkSize: 4 });
    expect(empty.z1).toHaveLength(0);
    await expect(extractFeatures(model, split, { chunkSize: 0 })).rejects.toThrow(/batch size/);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('bounds device memory by the chunk, not the split', async () => {
    const large = generateSyntheticSplit(48, 5, 'test');
    const peak = async (s: typeof split): Promise<number> => (await tf.profile(async () => void (await extractFeatures(model, s, { chunkSize: 8 })))).peakBytes;
    const small16 = await peak({ count: 16, images: large.images.subarray(0, 16 * 3072), labels: large.labels.subarray(0, 16) });
    const large48 = await peak(large);
    console.log(`peak device bytes, chunk 8: 16 images ${small16}, 48 images ${large48}`);
    expect(large48).toBeLessThanOrEqual(small16 * 1.05);
  });
});

import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config';
import { createModel } from '../core/nn/model';
import { syntheticDataset } from '../data/synthetic';
import type { EvalResult as EngineEvalResult, FeatureScores as EngineFeatureScores } from '../engine/run-types';
import { DEFAULT_EVAL_OPTIONS, evalOptions, evaluateModel, type EvalPhase } from './evaluate';
import type { EvalResult, FeatureScores } from './types';

// The engine's records and eval's results must stay interchangeable (checked by the compiler).
const toEngine = (r: EvalResult): EngineEvalResult => r;
const fromEngine = (r: EngineEvalResult): EvalResult => r;
const scoresBothWays = (a: FeatureScores, b: EngineFeatureScores): [EngineFeatureScores, FeatureScores] => [a, b];
void [toEngine, fromEngine, scoresBothWays];

describe('evaluateModel', () => {
  const config = defaultConfig();
  config.encoder = { kind: 'convnet', width: 4, convChannels: [4, 6] };
  config.projector = { hiddenDim: 8, outputDim: 5, pointNum: 0, sae: { enabled: false, latentDim: 12, topK: 3 } };
  const dataset = syntheticDataset({ trainSize: 60, testSize: 30, seed: 7 });
  const model = createModel(config, dataset.info.numClasses, 1);
  const options = evalOptions({ trainSubset: 40, chunkSize: 16, probe: { epochs: 3, batchSize: 16 }, knn: { k: 10 }, embeddingSample: 20 });
  afterAll(() => model.dispose());

  it('scores Z1 and Z2, records the protocol and the embedding, and leaks no tensor', async () => {
    const before = tf.memory().numTensors;
    const phases: EvalPhase[] = [];
    const result = await evaluateModel(model, dataset, options, 12, 1.5, { onProgress: (phase) => phases.at(-1) !== phase && phases.push(phase) });
    expect(tf.memory().numTensors).toBe(before);
    console.log(`tiny untrained model: ${JSON.stringify({ z1: result.z1, z2: result.z2, millis: Math.round(result.millis) })}`);

    expect(result.step).toBe(12);
    expect(result.epoch).toBe(1.5);
    for (const scores of [result.z1, result.z2]) {
      for (const v of [scores.linearTop1, scores.linearTop5, scores.knnTop1, scores.knnTop5 ?? 0]) {
        expect(v).toBeGreaterThanOrEqual(0);
        expect(v).toBeLessThanOrEqual(1);
        expect(Number.isInteger(v * 30)).toBe(true); // a count of the 30 test images
      }
      expect(scores.linearTop5).toBeGreaterThanOrEqual(scores.linearTop1);
    }
    expect(result.protocol).toEqual({
      trainImages: 40,
      testImages: 30,
      probeEpochs: 3,
      knnK: 10,
      knnTemperature: 0.1,
      probe: {
        optimizer: 'adam',
        epochs: 3,
        batchSize: 16,
        lr: DEFAULT_EVAL_OPTIONS.probe.lr,
        weightDecay: DEFAULT_EVAL_OPTIONS.probe.weightDecay,
        standardize: true,
      },
      embeddingSample: 20,
    });
    const embedding = result.embedding;
    expect(embedding?.method).toBe('pca');
    expect(embedding?.labels).toEqual(Array.from(dataset.test.labels.subarray(0, 20)));
    expect(embedding?.z1).toHaveLength(20);
    expect(embedding?.z2).toHaveLength(20);
    expect(embedding?.z1.flat().every(Number.isFinite)).toBe(true);
    expect(embedding?.umap?.z1).toHaveLength(20); // UMAP of the same sample beside PCA
    expect(embedding?.umap?.z2.flat().every(Number.isFinite)).toBe(true);
    expect(phases).toEqual(['extract-train', 'extract-test', 'probe-z1', 'knn-z1', 'probe-z2', 'knn-z2', 'embedding']);
    expect(JSON.parse(JSON.stringify(result))).toEqual(result); // plain data: storable, postable
  });

  it('is deterministic, skips the embedding when asked, and uses whole splits for subset 0', async () => {
    const a = await evaluateModel(model, dataset, { ...options, embeddingSample: 0 }, 0, 0);
    const b = await evaluateModel(model, dataset, { ...options, embeddingSample: 0 }, 0, 0);
    expect(a.embedding).toBeUndefined();
    expect({ ...a, millis: 0 }).toEqual({ ...b, millis: 0 });
    const whole = await evaluateModel(model, dataset, { ...options, trainSubset: 0, testSubset: 0, embeddingSample: 0 }, 0, 0);
    expect(whole.protocol.trainImages).toBe(60);
    expect(whole.protocol.testImages).toBe(30);
  });

  it('fails on impossible kNN settings before extracting anything', async () => {
    const before = tf.memory().numTensors;
    const start = performance.now();
    await expect(evaluateModel(model, dataset, evalOptions({ knn: { maxSimilarityElements: 10 } }), 0, 0)).rejects.toThrow(/maxSimilarityElements/);
    await expect(evaluateModel(model, dataset, evalOptions({ trainSubset: -1 }), 0, 0)).rejects.toThrow(/subset/);
    expect(performance.now() - start).toBeLessThan(1000);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('stops between chunks when its signal aborts, freeing what it held', async () => {
    const before = tf.memory().numTensors;
    const controller = new AbortController();
    let chunks = 0;
    const run = evaluateModel(model, dataset, options, 0, 0, {
      signal: controller.signal,
      onProgress: (phase, done) => {
        if (phase === 'extract-train' && done > 0 && ++chunks === 1) controller.abort(new Error('stopped by the user'));
      },
    });
    await expect(run).rejects.toThrow(/stopped by the user/);
    expect(chunks).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
  });

  it('has plain-JSON defaults, merged one level deep by evalOptions', () => {
    expect(JSON.parse(JSON.stringify(DEFAULT_EVAL_OPTIONS))).toEqual(DEFAULT_EVAL_OPTIONS);
    const merged = evalOptions({ probe: { epochs: 5 }, knn: { k: 20 } });
    expect(merged.probe).toEqual({ ...DEFAULT_EVAL_OPTIONS.probe, epochs: 5 });
    expect(merged.knn).toEqual({ ...DEFAULT_EVAL_OPTIONS.knn, k: 20 });
    expect(merged.trainSubset).toBe(DEFAULT_EVAL_OPTIONS.trainSubset);
  });
});

// The trainer on the synthetic set: losses fall, no tensor leaks, divergence is caught, and a
// resumed run is the uninterrupted run. Test-sized networks on the wasm backend (a step there
// takes ~0.1 s against seconds on the CPU backend); the resume check runs on the CPU backend,
// where the issue asks for it, in trainer-resume.test.ts.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../core/config';
import { tinyConfig as sharedTinyConfig } from '../test/tiny-config';
import { syntheticDataset } from '../data/synthetic';
import type { InMemoryDataset } from '../data/types';
import { DivergedError, Trainer } from './trainer';
import type { MetricPoint } from './run-types';

beforeAll(async () => {
  expect(await tf.setBackend('wasm')).toBe(true);
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const dataset: InMemoryDataset = syntheticDataset({ trainSize: 64, testSize: 16, seed: 3 });

function tinyConfig(change: (c: RunConfig) => void = () => {}): RunConfig {
  return sharedTinyConfig((c) => {
    c.train.batchSize = 16;
    c.train.epochs = 10;
    c.train.logEvery = 1;
    c.optim.warmupEpochs = 0;
    change(c);
  });
}

async function trainPoints(trainer: Trainer, steps: number): Promise<MetricPoint[]> {
  const points: MetricPoint[] = [];
  while (points.length < steps) {
    const p = await trainer.runInterval();
    if (!p) break;
    points.push(p);
  }
  return points;
}

const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

describe('Trainer', () => {
  // One batch of 16 images seen again and again (fresh augmentations each step): every loss
  // must fall within 30 steps. Means over 5 steps smooth the augmentation noise.
  // SGD with a large lr and mild augmentations: the paper's LARS recipe scales lr by batch/256
  // and needs hundreds of steps; here the point is that every loss has a working gradient.
  const fixedBatch = (c: RunConfig) => {
    c.data.trainSubset = 16;
    c.optim.kind = 'sgd';
    c.optim.lr = 4; // 0.25 after the batch scaling
    c.optim.classifierLr = 8; // 0.5
    for (const v of c.aug.views) Object.assign(v, { cropScale: [0.6, 1], jitterProb: 0, grayscaleProb: 0, blurProb: 0, solarizeProb: 0 });
  };
  it.each([
    ['simclr', (c: RunConfig) => fixedBatch(c)],
    ['barlow', (c: RunConfig) => ((c.method = 'barlow'), fixedBatch(c))],
    ['simclr + lmbd', (c: RunConfig) => ((c.loss.lmbd = 0.5), fixedBatch(c))],
    ['simclr + discrete', (c: RunConfig) => ((c.projector.pointNum = 5), fixedBatch(c))],
    ['simclr + SAE', (c: RunConfig) => ((c.projector.sae = { enabled: true, latentDim: 32, topK: 8 }), fixedBatch(c))],
    ['barlow + SAE', (c: RunConfig) => ((c.method = 'barlow'), (c.projector.sae = { enabled: true, latentDim: 32, topK: 8 }), fixedBatch(c))],
    ['barlow + discrete', (c: RunConfig) => ((c.method = 'barlow'), (c.projector.pointNum = 5), fixedBatch(c))],
  ])('%s: the SSL loss and the classifier loss fall over 30 steps', async (_name, change) => {
    const trainer = new Trainer(tinyConfig(change), dataset);
    const points = await trainPoints(trainer, 30);
    trainer.dispose();
    const series = (key: 'sslLoss' | 'classifierLoss' | 'loss') => points.map((p) => p.values[key]);
    for (const key of ['sslLoss', 'classifierLoss', 'loss'] as const) {
      const s = series(key);
      console.log(`${_name} ${key}: ${mean(s.slice(0, 5)).toFixed(4)} -> ${mean(s.slice(-5)).toFixed(4)}`);
      expect(mean(s.slice(-5))).toBeLessThan(mean(s.slice(0, 5)));
    }
  });

  it('logs interval means: one point over 4 steps is the mean of the 4 per-step points of the same run', async () => {
    const perStep = new Trainer(tinyConfig(), dataset);
    const steps = await trainPoints(perStep, 4); // logEvery 1: each point is one step
    perStep.dispose();
    const interval = new Trainer(
      tinyConfig((c) => (c.train.logEvery = 4)),
      dataset,
    );
    const [point] = await trainPoints(interval, 1);
    interval.dispose();
    expect(point.step).toBe(4);
    for (const key of Object.keys(point.values) as (keyof MetricPoint['values'])[]) {
      const expected = steps.reduce((sum, p) => sum + p.values[key], 0) / steps.length;
      expect(point.values[key], key).toBeCloseTo(expected, 5);
    }
    // Not the last step's values: the interval really averages (the losses move between steps).
    expect(point.values.sslLoss).not.toBeCloseTo(steps[3].values.sslLoss, 5);
  });

  it('logs the fraction of all-zero rows of Z2: none without the discrete projector, all at point_num 2', async () => {
    for (const [pointNum, expected] of [
      [0, 0],
      [2, 1],
    ]) {
      const trainer = new Trainer(
        tinyConfig((c) => (c.projector.pointNum = pointNum)),
        dataset,
      );
      const [point] = await trainPoints(trainer, 1);
      trainer.dispose();
      expect(point.values.zeroRowsZ2, `point_num ${pointNum}`).toBe(expected);
    }
  });

  it('keeps tf.memory().numTensors flat over 20 steps', async () => {
    const trainer = new Trainer(
      tinyConfig((c) => (c.loss.lmbd = 0.1)),
      dataset,
    );
    await trainPoints(trainer, 2); // the first steps create the momentum buffers
    const before = tf.memory().numTensors;
    const points = await trainPoints(trainer, 20);
    expect(tf.memory().numTensors).toBe(before);
    expect(new Set(points.map((p) => p.memory.tensors)).size).toBe(1);
    trainer.dispose();
  });

  it('stops with DivergedError naming the step and the metric when the loss turns NaN', async () => {
    const trainer = new Trainer(
      tinyConfig((c) => (c.train.logEvery = 4)),
      dataset,
    );
    await trainPoints(trainer, 1);
    await trainer.runInterval({ maxSteps: 1 });
    trainer.poisonNextStep = true; // the 6th step
    const error = await trainer.runInterval().catch((err: unknown) => err);
    expect(error).toBeInstanceOf(DivergedError);
    expect((error as DivergedError).step).toBe(6);
    expect((error as DivergedError).metric).toBe('loss');
    expect((error as DivergedError).message).toMatch(/loss became NaN at step 6/);
    trainer.dispose();
  });
});

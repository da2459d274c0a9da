// The trainer on the synthetic set (CPU backend): losses fall, no tensor leaks, and a resumed
// run is the uninterrupted run. Test-sized networks: the CPU backend is slow.
import * as tf from '@tensorflow/tfjs-core';
import { describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../core/config';
import { syntheticDataset } from '../data/synthetic';
import type { InMemoryDataset } from '../data/types';
import { decodeCheckpoint } from './checkpoint/format';
import { DivergedError, Trainer } from './trainer';
import type { MetricPoint } from './run-types';

const dataset: InMemoryDataset = syntheticDataset({ trainSize: 64, testSize: 16, seed: 3 });

function tinyConfig(change: (c: RunConfig) => void = () => {}): RunConfig {
  const c = defaultConfig();
  c.encoder.convChannels = [4, 8];
  c.projector.hiddenDim = 16;
  c.projector.outputDim = 8;
  c.train.batchSize = 16;
  c.train.epochs = 10;
  c.train.logEvery = 1;
  c.optim.warmupEpochs = 0;
  change(c);
  return c;
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
  it.each([
    ['simclr', (c: RunConfig) => ((c.data.trainSubset = 16), (c.optim.lr = 2))],
    ['barlow', (c: RunConfig) => ((c.method = 'barlow'), (c.data.trainSubset = 16), (c.optim.lr = 2))],
    ['simclr + lmbd + discrete + SAE', (c: RunConfig) => {
      c.data.trainSubset = 16;
      c.optim.lr = 2;
      c.loss.lmbd = 0.5;
      c.projector.pointNum = 5;
      c.projector.sae = { enabled: true, latentDim: 32, topK: 8 };
    }],
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

  it('keeps tf.memory().numTensors flat over 20 steps', async () => {
    const trainer = new Trainer(tinyConfig((c) => (c.loss.lmbd = 0.1)), dataset);
    await trainPoints(trainer, 2); // the first steps create the momentum buffers
    const before = tf.memory().numTensors;
    const points = await trainPoints(trainer, 20);
    expect(tf.memory().numTensors).toBe(before);
    expect(new Set(points.map((p) => p.memory.tensors)).size).toBe(1);
    trainer.dispose();
  });

  it('resumes exactly: 2N steps equal N steps, save, resume, N steps', async () => {
    const config = tinyConfig((c) => {
      c.train.logEvery = 3;
      c.optim.warmupEpochs = 1; // the schedule must continue where it stopped too
      c.loss.lmbd = 0.1;
    });
    const n = 6;
    const straight = new Trainer(config, dataset);
    await trainPoints(straight, (2 * n) / 3);

    const first = new Trainer(config, dataset);
    await trainPoints(first, n / 3);
    const bytes = await first.checkpoint({ backend: 'cpu' });
    first.dispose();
    const resumed = new Trainer(config, dataset, decodeCheckpoint(bytes, 'resume-test'));
    expect(resumed.step).toBe(n);
    await trainPoints(resumed, n / 3);

    const a = straight.model.store.namedState();
    const b = resumed.model.store.namedState();
    let maxDiff = 0;
    for (const [name, tensor] of a) {
      const x = await tensor.data();
      const y = await b.get(name)!.data();
      for (let i = 0; i < x.length; i++) maxDiff = Math.max(maxDiff, Math.abs(x[i] - y[i]));
    }
    console.log(`resume: max |weight difference| after ${2 * n} steps = ${maxDiff}`);
    expect(maxDiff).toBeLessThan(1e-5);
    // The weights must have moved, or the comparison proves nothing.
    const initial = new Trainer(config, dataset);
    const w0 = await initial.model.store.params()[0].variable.data();
    const w1 = await straight.model.store.params()[0].variable.data();
    expect(w0.some((v, i) => Math.abs(v - w1[i]) > 1e-4)).toBe(true);
    for (const t of [straight, resumed, initial]) t.dispose();
  });

  it('stops with DivergedError naming the step and the metric when the loss turns NaN', async () => {
    const trainer = new Trainer(tinyConfig((c) => (c.train.logEvery = 4)), dataset);
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

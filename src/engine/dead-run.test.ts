// The dead-run flag: on logged values (pure), and on real runs: point_num = 2 on a small ConvNet
// is dead from the first step (Z2 all zeros, SSL gradient exactly 0), the same run at
// point_num = 5 is not.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunConfig } from '../core/config';
import { tinyConfig } from '../test/tiny-config';
import { createModel } from '../core/nn/model';
import { trainingContext } from '../core/nn/params';
import { sslLoss } from '../core/ssl-loss';
import { namedMetrics, STEP_METRICS } from '../core/train-step';
import { syntheticDataset } from '../data/synthetic';
import { chanceSslLoss, DEAD_RUN_STEPS, detectDeadRun } from './dead-run';
import type { MetricPoint } from './run-types';
import { Trainer } from './trainer';

function tiny(pointNum: number, change: (c: RunConfig) => void = () => {}): RunConfig {
  return tinyConfig((c) => {
    c.projector.pointNum = pointNum;
    c.train.batchSize = 8;
    c.train.logEvery = 4;
    c.train.epochs = 4;
    c.optim.warmupEpochs = 0;
    change(c);
  });
}

function point(step: number, sslLoss: number, zeroRowsZ2?: number): MetricPoint {
  const values = namedMetrics(STEP_METRICS.map(() => 0.5));
  values.sslLoss = sslLoss;
  if (zeroRowsZ2 === undefined) delete (values as Partial<typeof values>).zeroRowsZ2;
  else values.zeroRowsZ2 = zeroRowsZ2;
  return { step, epoch: 0, lr: 0, values, stepMillis: 1, imagesPerSecond: 1, memory: { tensors: 0, bytes: 0 } };
}

describe('dead-run flag on logged values', () => {
  const config = tiny(2);
  const chance = Math.log(15); // log(2B-1), B = 8

  it('flags a run whose Z2 rows are all zero and whose loss sits at log(2B-1), once the stretch is long enough', () => {
    expect(chanceSslLoss(config).value).toBeCloseTo(chance, 12);
    const dead = [point(4, chance, 1), point(8, chance, 1)];
    expect(detectDeadRun(config, dead)).toBeUndefined(); // 8 steps < DEAD_RUN_STEPS
    const flag = detectDeadRun(config, [...dead, point(12, chance + 1e-6, 1)]);
    expect(DEAD_RUN_STEPS).toBeLessThanOrEqual(12);
    expect(flag).toEqual({
      sinceStep: 0,
      message: expect.stringMatching(
        /^Dead run: since step 0 every row of Z2 is exactly zero, so the SSL loss sits at its chance value log\(2B−1\) = log\(15\) = 2\.7081 with a zero gradient.*point_num = 2 does this/,
      ),
    });
  });

  it('does not flag a live run, a run that came back, or a flat loss with live rows', () => {
    expect(detectDeadRun(config, [point(4, 2.5, 0.1), point(8, 2.4, 0), point(12, 2.3, 0)])).toBeUndefined();
    expect(detectDeadRun(config, [point(4, chance, 1), point(8, chance, 1), point(12, chance, 1), point(16, 2.6, 0.5)])).toBeUndefined();
    expect(detectDeadRun(config, [point(4, chance, 0.5), point(8, chance, 0.5), point(12, chance, 0.5)])).toBeUndefined();
  });

  it('counts the stretch from the last live point, and reads older points by their loss alone', () => {
    const flag = detectDeadRun(config, [point(10, 2.5, 0), point(20, chance, 1), point(30, chance, 1)]);
    expect(flag?.sinceStep).toBe(10);
    expect(detectDeadRun(config, [point(10, chance), point(20, chance)])?.message).toMatch(/since step 0 the SSL loss has sat at its chance value/);
    expect(detectDeadRun(config, [point(10, chance + 0.01), point(20, chance + 0.01)])).toBeUndefined();
  });

  it('knows Barlow Twins’ chance value (scale × P)', () => {
    const barlow = tiny(2, (c) => (c.method = 'barlow'));
    expect(chanceSslLoss(barlow).value).toBeCloseTo(0.1 * 8, 12);
  });
});

describe('dead runs in training', () => {
  const dataset = syntheticDataset({ trainSize: 64, testSize: 16, seed: 4 });

  it('point_num = 2: Z2 is all zeros and the SSL gradient is exactly 0', () => {
    const model = createModel(tiny(2), 10);
    try {
      const { grads, value } = tf.tidy(() => {
        const images = tf.randomUniform([8, 32, 32, 3], 0, 1, 'float32', 7) as tf.Tensor4D;
        const params = model.store.params().filter((p) => !p.name.startsWith('classifier/'));
        const ctx = trainingContext();
        return tf.variableGrads(
          () => {
            const z1 = model.encoder.forward(images, ctx);
            const [za, zb] = tf.split(model.projector.forward(z1, ctx), 2, 0) as [tf.Tensor2D, tf.Tensor2D];
            return sslLoss(tiny(2), za, zb);
          },
          params.map((p) => p.variable),
        );
      });
      expect(value.dataSync()[0]).toBeCloseTo(Math.log(7), 5); // 4 images per view here: log(2·4 − 1)
      const largest = Math.max(...Object.values(grads).map((g) => tf.max(tf.abs(g)).dataSync()[0]));
      expect(largest).toBe(0);
      tf.dispose([value, ...Object.values(grads)]);
    } finally {
      model.dispose();
    }
  });

  // Twelve steps each on wasm (a step there takes ~0.1 s against seconds on the CPU backend).
  describe('on wasm', () => {
    beforeAll(async () => {
      expect(await tf.setBackend('wasm')).toBe(true);
    });
    afterAll(async () => {
      await tf.setBackend('cpu');
    });
    it('point_num = 2 is flagged after 12 steps, point_num = 5 is not', async () => {
      expect(await deadAfter12Steps(2)).toBe(true);
      expect(await deadAfter12Steps(5)).toBe(false);
    });
  });

  async function deadAfter12Steps(pointNum: number): Promise<boolean> {
    const config = tiny(pointNum);
    const trainer = new Trainer(config, dataset);
    const points: MetricPoint[] = [];
    try {
      while (trainer.step < 12) points.push((await trainer.runInterval()) as MetricPoint);
    } finally {
      trainer.dispose();
    }
    console.log(
      `[dead-run] point_num ${pointNum}: ssl ${points.map((p) => p.values.sslLoss.toFixed(4)).join(', ')}; zero rows ${points.map((p) => p.values.zeroRowsZ2.toFixed(2)).join(', ')}`,
    );
    return detectDeadRun(config, points) !== undefined;
  }
});

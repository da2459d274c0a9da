// The fused ops (BatchNorm + ReLU, NT-Xent, cross-entropy, the stacked-views pass) equal their
// composed autodiff forms, values and gradients, on the CPU and wasm backends (fused-checks.ts;
// the engine's self-test runs the same checks on WebGPU in the browser tests). Also: the
// running statistics of a stacked two-view pass equal two per-view passes, and the step's
// metric vector equals the metrics computed one by one.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig } from './config';
import { matrixEntropy, matrixMutualInformation } from './entropy';
import { runFusedChecks, worstRelativeDifference } from './fused-checks';
import { ntXentLoss } from './losses/ntxent';
import { batchNorm } from './nn/batchnorm';
import { applyBufferUpdates, ParamStore, trainingContext } from './nn/params';
import { expectClose } from './nn/testutil';
import { stepMetrics, STEP_METRICS, type StepForward } from './train-step';

afterAll(async () => {
  await tf.setBackend('cpu');
});

describe.each(['cpu', 'wasm'])('fused ops equal the composed ones on %s', (backend) => {
  it('values and gradients', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const before = tf.memory().numTensors;
    const checks = await runFusedChecks();
    expect(tf.memory().numTensors).toBe(before);
    expect(checks.length).toBeGreaterThanOrEqual(6);
    for (const c of checks) {
      expect(c.fused.every(Number.isFinite), c.name).toBe(true);
      expectClose(c.fused, c.composed, 2e-5, c.name);
    }
    console.log(`${backend}: worst fused/composed difference ${JSON.stringify(worstRelativeDifference(checks))}`);
  });

  it('a stacked two-view pass updates the running statistics as two per-view passes do', async () => {
    expect(await tf.setBackend(backend)).toBe(true);
    const run = (stacked: boolean): number[][] => {
      const store = new ParamStore(1);
      try {
        const bn = batchNorm(store, 'bn', 3);
        const views = tf.tidy(() => tf.add(tf.mul(tf.randomNormal([8, 2, 2, 3], 0, 1, 'float32', 5), tf.tensor1d([1, 2, 3])), tf.tensor1d([0, -1, 4])));
        if (stacked) {
          const ctx = trainingContext(2);
          tf.tidy(() => void bn.forward(views as tf.Tensor4D, ctx));
          applyBufferUpdates(ctx);
        } else {
          // One context, two passes: the updates compound in order, as PyTorch's per-view forwards.
          const ctx = trainingContext(1);
          tf.tidy(() => tf.split(views, 2, 0).forEach((v) => bn.forward(v as tf.Tensor4D, ctx)));
          applyBufferUpdates(ctx);
        }
        views.dispose();
        return store.bufferEntries().map(([, v]) => Array.from(v.dataSync()));
      } finally {
        store.dispose();
      }
    };
    const [stacked, perView] = [run(true), run(false)];
    expectClose(stacked[0], perView[0], 1e-6, 'running mean');
    expectClose(stacked[1], perView[1], 1e-6, 'running var');
    expect(stacked[0].some((v) => Math.abs(v) > 0.01)).toBe(true); // they moved
  });
});

describe('step metrics', () => {
  it('the metric vector equals the metrics computed one by one', async () => {
    await tf.setBackend('cpu');
    const config = defaultConfig();
    const z1 = tf.randomNormal([16, 6], 0, 1, 'float32', 1) as tf.Tensor2D;
    const z2 = tf.concat([tf.randomNormal([12, 4], 0, 1, 'float32', 2), tf.zeros([4, 4])]) as tf.Tensor2D; // 4 zero rows
    const logits = tf.randomNormal([16, 3], 0, 1, 'float32', 3) as tf.Tensor2D;
    const labels2 = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 0, 1, 2, 0, 1, 2, 0, 1], 'int32');
    const f: StepForward = {
      ctx: trainingContext(2),
      grads: {},
      loss: tf.scalar(1.5),
      ssl: tf.scalar(1.25),
      ce: tf.scalar(0.25),
      z1,
      z2,
      logits,
      labels2,
    };
    const got = Array.from(await stepMetrics(f, config).data());
    const [a, b] = tf.split(z1, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
    const mi = matrixMutualInformation(z1, z2).dataSync()[0];
    const h1 = matrixEntropy(z1).dataSync()[0];
    const iZ1R = -ntXentLoss(a, b, config.loss.temperature).dataSync()[0];
    const argmax = Array.from(tf.argMax(logits, 1).dataSync());
    const labels = Array.from(labels2.dataSync());
    const want: Record<(typeof STEP_METRICS)[number], number> = {
      loss: 1.5,
      sslLoss: 1.25,
      classifierLoss: 0.25,
      classifierAcc: argmax.filter((v, i) => v === labels[i]).length / 16,
      miZ1Z2: mi,
      hZ1: h1,
      hZ2: matrixEntropy(z2).dataSync()[0],
      iZ1R,
      lowerBound: iZ1R - mi,
      upperBound: h1 - mi,
      zeroRowsZ2: 0.25,
    };
    expectClose(
      got,
      STEP_METRICS.map((m) => want[m]),
      1e-5,
      'metrics',
    );
    // A non-finite value reaches only the metrics made from it (the trainer names the first).
    const poisoned = Array.from(await stepMetrics({ ...f, ce: tf.scalar(NaN) }, config).data());
    expect(STEP_METRICS.filter((_, i) => !Number.isFinite(poisoned[i]))).toEqual(['classifierLoss']);
  });
});

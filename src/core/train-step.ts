// One training step of method.md's objective, and the logged "MI proxies", from a single
// forward pass:  L = L_ssl(Z2 views) + CE(classifier(stopgrad Z1)) + lmbd * I_alpha(Z1; Z2).
// Three phases, each its own function so that the step benchmark can time and profile them:
// forwardBackward (loss and gradients), the optimiser update, stepMetrics (the logged values).
// Both views travel through the networks as one stacked batch of 2B rows (BatchNorm keeps
// per-view statistics through ForwardContext.groups), which halves the kernel launches.
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { RunConfig } from './config';
import { gramLogTraces, mutualInformationOfTraces } from './entropy';
import { softmaxCrossEntropy } from './losses/cross-entropy';
import { sslLossStacked } from './ssl-loss';
import { applyBufferUpdates, trainingContext, type ForwardContext } from './nn/params';
import type { Model } from './nn/model';
import type { LearningRates, Optimizer } from './optim/optimizer';
import { STEP_METRICS, type StepMetricName } from './step-metrics';

export { STEP_METRICS, namedMetrics, type StepMetricName, type StepMetrics } from './step-metrics';

export interface StepBatch {
  views: tf.Tensor4D; // [2B, 32, 32, 3] augmented, normalised: view A's B rows, then view B's
  labels: tf.Tensor1D; // [B] int32, for the online classifier only
}

/** What the forward and backward pass leave for the optimiser and the metrics (owned: dispose). */
export interface StepForward {
  ctx: ForwardContext; // the running-statistics updates, applied after the optimiser
  grads: tf.NamedTensorMap; // by parameter name
  loss: tf.Scalar;
  ssl: tf.Scalar;
  ce: tf.Scalar;
  z1: tf.Tensor2D; // [2B, D]
  z2: tf.Tensor2D; // [2B, P]
  logits: tf.Tensor2D; // [2B, C]
  labels2: tf.Tensor1D; // [2B] int32
  traces?: tf.Tensor1D; // [3] gramLogTraces of (Z1, Z2) when the regulariser computed them
}

/**
 * Forward pass of both views and the gradients of the total loss w.r.t. every parameter.
 * `poisonLoss` (fault tests only) makes the loss NaN, as an overflow would.
 */
export function forwardBackward(model: Model, config: RunConfig, batch: StepBatch, poisonLoss = false): StepForward {
  const { lmbd, alpha } = config.loss;
  const batchSize = batch.labels.shape[0];
  if (batch.views.shape[0] !== 2 * batchSize) throw new Error(`trainStep: ${batch.views.shape[0]} view rows for ${batchSize} labels (expected 2B)`);
  const ctx = trainingContext(2);
  const params = model.store.params();
  const kept: Partial<StepForward> = {};
  const labels2 = tf.concat([batch.labels, batch.labels]); // [2B]
  const { value, grads } = tf.variableGrads(
    () => {
      const z1 = model.encoder.forward(batch.views, ctx); // [2B, D]  Z1 of both views
      const z2 = model.projector.forward(z1, ctx); // [2B, P]  Z2
      const ssl = sslLossStacked(config, z2);
      // The classifier applies stop-gradient to its input itself: it never shapes the encoder.
      const logits = model.classifier.forward(z1); // [2B, C]
      const ce = softmaxCrossEntropy(logits, labels2);
      let total = tf.add(ssl, ce) as tf.Scalar;
      if (lmbd !== 0) {
        const traces = gramLogTraces(z1, z2, alpha); // shared with the logged H(Z1), H(Z2), I
        total = tf.add(total, tf.mul(mutualInformationOfTraces(traces, alpha), lmbd)) as tf.Scalar;
        kept.traces = tf.keep(traces);
      }
      if (poisonLoss) total = tf.mul(total, NaN) as tf.Scalar;
      Object.assign(kept, { z1: tf.keep(z1), z2: tf.keep(z2), logits: tf.keep(logits), ssl: tf.keep(ssl), ce: tf.keep(ce) });
      return total;
    },
    params.map((p) => p.variable),
  );
  const byName: tf.NamedTensorMap = {};
  for (const p of params) {
    const g = grads[p.variable.name];
    if (g) byName[p.name] = g;
  }
  return { ...(kept as StepForward), ctx, grads: byName, loss: value, labels2 };
}

// Each logged metric as Σ_k coefficient · base[index] over at most three base values (STEP_BASES),
// so a non-finite base value reaches exactly the metrics made from it (the trainer names the
// first). Index ZERO is a constant 0 (an unused term), ONE a constant 1.
const STEP_BASES = ['loss', 'ssl', 'ce', 'acc', 't1', 't2', 't12', 'ntxentZ1', 'nonZeroRows'] as const;
const ZERO = STEP_BASES.length;
const ONE = ZERO + 1;
type Term = [index: number, coefficient: number];

function metricTerms(alpha: number): Term[][] {
  const b = (name: (typeof STEP_BASES)[number]): number => STEP_BASES.indexOf(name);
  const c = 1 / (1 - alpha); // H = t / (1 − α)
  const mi: Term[] = [
    [b('t1'), c],
    [b('t2'), c],
    [b('t12'), -c],
  ];
  const terms: Record<StepMetricName, Term[]> = {
    loss: [[b('loss'), 1]],
    sslLoss: [[b('ssl'), 1]],
    classifierLoss: [[b('ce'), 1]],
    classifierAcc: [[b('acc'), 1]],
    miZ1Z2: mi,
    hZ1: [[b('t1'), c]],
    hZ2: [[b('t2'), c]],
    iZ1R: [[b('ntxentZ1'), -1]],
    lowerBound: [
      [b('ntxentZ1'), -1],
      [b('t1'), -c],
      [b('t2'), -c],
      [b('t12'), c],
    ],
    upperBound: [
      [b('t2'), -c],
      [b('t12'), c],
    ], // H(Z1) − I = (t12 − t2) / (1 − α)
    zeroRowsZ2: [
      [ONE, 1],
      [b('nonZeroRows'), -1],
    ],
  };
  return STEP_METRICS.map((name) => terms[name]);
}

/**
 * The logged values of a step, [STEP_METRICS.length], from what forwardBackward kept. With
 * lmbd > 0 the entropies reuse the regulariser's Gram traces. No gradient tape: forward only.
 */
export function stepMetrics(f: StepForward, config: RunConfig): tf.Tensor1D {
  return tf.tidy(() => {
    const { alpha } = config.loss;
    const traces = f.traces ?? gramLogTraces(f.z1, f.z2, alpha); // [3]
    const ntxentZ1 = sslLossStacked(config, f.z1); // I(Z1; R) proxy is its negative
    const acc = tf.mean(tf.cast(tf.equal(tf.argMax(f.logits, 1), f.labels2), 'float32'));
    const nonZeroRows = tf.mean(tf.sign(tf.sum(tf.abs(f.z2), 1))); // [2B] -> fraction of rows not all zero
    const head = tf.stack([f.loss, f.ssl, f.ce, acc]); // [4]
    const tail = tf.stack([ntxentZ1, nonZeroRows, tf.scalar(0), tf.scalar(1)]); // [4]
    const base = tf.concat([head, traces, tail]); // [ONE + 1], in STEP_BASES order then ZERO, ONE
    const terms = metricTerms(alpha);
    const width = Math.max(...terms.map((t) => t.length));
    const index = new Int32Array(width * terms.length).fill(ZERO);
    const coefficient = new Float32Array(width * terms.length);
    terms.forEach((metric, m) =>
      metric.forEach(([i, c], k) => {
        index[k * terms.length + m] = i;
        coefficient[k * terms.length + m] = c;
      }),
    );
    const gathered = tf.gather(base, tf.tensor2d(index, [width, terms.length], 'int32')); // [width, M]
    return tf.sum(tf.mul(gathered, tf.tensor2d(coefficient, [width, terms.length])), 0) as tf.Tensor1D; // [M]
  });
}

/** Frees what forwardBackward returned, including running-statistics updates not applied. */
export function disposeForward(f: StepForward): void {
  for (const u of f.ctx.bufferUpdates) u.value.dispose(); // left only when the step failed before applying them
  f.ctx.bufferUpdates.length = 0;
  tf.dispose([f.loss, f.ssl, f.ce, f.z1, f.z2, f.logits, f.labels2, ...(f.traces ? [f.traces] : []), ...Object.values(f.grads)]);
}

/**
 * Runs forward, backward and the optimiser update, then the running-statistics update.
 * Returns the metrics as one small tensor (read it with `await data()` at the logging
 * interval only: every read is a GPU sync point). The caller disposes it.
 */
export function trainStep(
  model: Model,
  optimizer: Optimizer,
  config: RunConfig,
  batch: StepBatch,
  lr: LearningRates,
  /** Fault tests only: the loss becomes NaN, as an overflow would make it (gradients and weights follow). */
  poisonLoss = false,
): tf.Tensor1D {
  const f = forwardBackward(model, config, batch, poisonLoss);
  try {
    optimizer.step(model.store.params(), f.grads, lr);
    applyBufferUpdates(f.ctx);
    return stepMetrics(f, config);
  } finally {
    disposeForward(f);
  }
}

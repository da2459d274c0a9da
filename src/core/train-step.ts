// One training step of method.md's objective, and the logged "MI proxies", from a single
// forward pass:  L = L_ssl(Z2 views) + CE(classifier(stopgrad Z1)) + lmbd * I_alpha(Z1; Z2).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { RunConfig } from './config';
import { matrixEntropy, matrixMutualInformation } from './entropy';
import { sslLoss } from './ssl-loss';
import { applyBufferUpdates, trainingContext } from './nn/params';
import type { Model } from './nn/model';
import type { LearningRates, Optimizer } from './optim/optimizer';

/** Order of the values in the metrics vector a step returns. */
export const STEP_METRICS = [
  'loss', // total loss that was minimised
  'sslLoss', // L_ssl on the projector output Z2
  'classifierLoss', // online linear classifier (cross-entropy) on stop-gradient Z1
  'classifierAcc', // its top-1 accuracy on this batch (both views)
  'miZ1Z2', // I_alpha(Z1; Z2): the regulariser, logged also when lmbd = 0
  'hZ1', // H_alpha(Z1)
  'hZ2', // H_alpha(Z2)
  'iZ1R', // I(Z1; R) proxy = -L_ssl(Z1 views)
  'lowerBound', // -L_ssl(Z1) - I(Z1; Z2)
  'upperBound', // H(Z1) - I(Z1; Z2)
  // Fraction of Z2's rows that are exactly zero (a discrete projector's dead rows; 0 otherwise).
  // Its entropies treat them as one shared direction: see docs, method.md "Deviations".
  'zeroRowsZ2',
] as const;

export type StepMetricName = (typeof STEP_METRICS)[number];
export type StepMetrics = Record<StepMetricName, number>;

export interface StepBatch {
  viewA: tf.Tensor4D; // [B, 32, 32, 3] augmented, normalised
  viewB: tf.Tensor4D; // [B, 32, 32, 3]
  labels: tf.Tensor1D; // [B] int32, for the online classifier only
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
  const ctx = trainingContext();
  const { lmbd, alpha } = config.loss;
  const params = model.store.params();
  // Tensors the metrics need after the tape: kept alive past variableGrads' tidy.
  let z1: tf.Tensor2D | undefined;
  let z2: tf.Tensor2D | undefined;
  let logits: tf.Tensor2D | undefined;
  let ssl: tf.Scalar | undefined;
  let ce: tf.Scalar | undefined;
  let regulariser: tf.Scalar | undefined;

  const labels2 = tf.concat([batch.labels, batch.labels]); // [2B]
  const { value, grads } = tf.variableGrads(
    () => {
      // Each view goes through the networks on its own, as in solo-learn: BatchNorm statistics
      // are per view (B rows), and the running statistics are updated once per view.
      const za1 = model.encoder.forward(batch.viewA, ctx); // [B, D]  Z1, view A
      const zb1 = model.encoder.forward(batch.viewB, ctx); // [B, D]  Z1, view B
      const za2 = model.projector.forward(za1, ctx); // [B, P]  Z2, view A
      const zb2 = model.projector.forward(zb1, ctx); // [B, P]  Z2, view B
      const features = tf.concat([za1, zb1], 0); // [2B, D]
      const projected = tf.concat([za2, zb2], 0); // [2B, P]
      const sslValue = sslLoss(config, za2, zb2);
      // The classifier applies stop-gradient to its input itself: it never shapes the encoder.
      const classLogits = model.classifier.forward(features); // [2B, C]
      // One-hot in int32 then cast: float32 oneHot is wrong on tfjs-backend-wasm 4.22.
      const targets = tf.cast(tf.oneHot(labels2, classLogits.shape[1]), 'float32');
      const ceValue = tf.losses.softmaxCrossEntropy(targets, classLogits) as tf.Scalar;
      let total = tf.add(sslValue, ceValue) as tf.Scalar;
      if (lmbd !== 0) {
        regulariser = tf.keep(matrixMutualInformation(features, projected, alpha));
        total = tf.add(total, tf.mul(regulariser, lmbd)) as tf.Scalar;
      }
      if (poisonLoss) total = tf.mul(total, NaN) as tf.Scalar;
      z1 = tf.keep(features);
      z2 = tf.keep(projected);
      logits = tf.keep(classLogits);
      ssl = tf.keep(sslValue);
      ce = tf.keep(ceValue);
      return total;
    },
    params.map((p) => p.variable),
  );

  const gradsByName: tf.NamedTensorMap = {};
  for (const p of params) {
    const g = grads[p.variable.name];
    if (g) gradsByName[p.name] = g;
  }
  optimizer.step(params, gradsByName, lr);
  applyBufferUpdates(ctx);

  const metrics = tf.tidy(() => {
    const f = z1 as tf.Tensor2D;
    const p = z2 as tf.Tensor2D;
    const mi = regulariser ?? matrixMutualInformation(f, p, alpha);
    const hZ1 = matrixEntropy(f, alpha);
    const hZ2 = matrixEntropy(p, alpha);
    const [fa, fb] = tf.split(f, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
    const iZ1R = tf.neg(sslLoss(config, fa, fb));
    const acc = tf.mean(tf.cast(tf.equal(tf.argMax(logits as tf.Tensor2D, 1), labels2), 'float32'));
    const zeroRows = tf.mean(tf.cast(tf.equal(tf.sum(tf.abs(p), 1), 0), 'float32')); // [2B] -> scalar
    const values: tf.Scalar[] = [
      value,
      ssl as tf.Scalar,
      ce as tf.Scalar,
      acc as tf.Scalar,
      mi,
      hZ1,
      hZ2,
      iZ1R as tf.Scalar,
      tf.sub(iZ1R, mi) as tf.Scalar,
      tf.sub(hZ1, mi) as tf.Scalar,
      zeroRows as tf.Scalar,
    ];
    return tf.stack(values) as tf.Tensor1D; // [STEP_METRICS.length]
  });

  tf.dispose([value, labels2, z1, z2, logits, ssl, ce, regulariser].filter((t) => t !== undefined) as tf.Tensor[]);
  tf.dispose(Object.values(grads));
  return metrics;
}

/** Names the values of a metrics vector read back from the device. */
export function namedMetrics(values: ArrayLike<number>): StepMetrics {
  const out = {} as StepMetrics;
  STEP_METRICS.forEach((name, i) => (out[name] = values[i]));
  return out;
}

// The self-supervised objective of each method, looked up by the method's id: the TF.js half of
// core/config-methods.ts's table (solo-learn's METHODS idea). Typed by that table, so a method
// added there does not compile until its loss is added here.
import * as tf from '@tensorflow/tfjs-core';
import type { Method, RunConfig } from './config';
import { barlowTwinsLoss } from './losses/barlow';
import { ntXentLoss, ntXentLossStacked } from './losses/ntxent';

interface SslLoss {
  /** L_ssl on two row-aligned views ([B, D] each). */
  pair: (loss: RunConfig['loss'], za: tf.Tensor2D, zb: tf.Tensor2D) => tf.Scalar;
  /** The same on the views stacked as [2B, D], where that saves the split (optional). */
  stacked?: (loss: RunConfig['loss'], z: tf.Tensor2D) => tf.Scalar;
}

export const SSL_LOSSES: Record<Method, SslLoss> = {
  simclr: {
    pair: (loss, za, zb) => ntXentLoss(za, zb, loss.temperature),
    stacked: (loss, z) => {
      const t = loss.temperature;
      if (!(Number.isFinite(t) && t > 0)) throw new Error(`ntXentLoss: temperature must be a finite number > 0, got ${t}`);
      return ntXentLossStacked(z, t); // no split and re-concat of the views
    },
  },
  barlow: { pair: (loss, za, zb) => barlowTwinsLoss(za, zb, loss.barlowOffDiagonal, loss.barlowScale) },
};

/** L_ssl of the configured method on two row-aligned views ([B, D] each). */
export function sslLoss(config: RunConfig, za: tf.Tensor2D, zb: tf.Tensor2D): tf.Scalar {
  return SSL_LOSSES[config.method].pair(config.loss, za, zb);
}

/** L_ssl of the views stacked as [2B, D] (view A's rows first), as the training step holds them. */
export function sslLossStacked(config: RunConfig, z: tf.Tensor2D): tf.Scalar {
  const { stacked } = SSL_LOSSES[config.method];
  if (stacked) return stacked(config.loss, z);
  const [za, zb] = tf.split(z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
  return sslLoss(config, za, zb);
}

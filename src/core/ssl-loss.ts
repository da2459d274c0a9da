// The self-supervised objective of each method, by name (solo-learn's METHODS registry idea).
import * as tf from '@tensorflow/tfjs-core';
import type { Method, RunConfig } from './config';
import { barlowTwinsLoss } from './losses/barlow';
import { ntXentLoss, ntXentLossStacked } from './losses/ntxent';

type SslLoss = (loss: RunConfig['loss'], za: tf.Tensor2D, zb: tf.Tensor2D) => tf.Scalar;

export const SSL_LOSSES: Record<Method, SslLoss> = {
  simclr: (loss, za, zb) => ntXentLoss(za, zb, loss.temperature),
  barlow: (loss, za, zb) => barlowTwinsLoss(za, zb, loss.barlowOffDiagonal, loss.barlowScale),
};

/** L_ssl of the configured method on two row-aligned views ([B, D] each). */
export function sslLoss(config: RunConfig, za: tf.Tensor2D, zb: tf.Tensor2D): tf.Scalar {
  return SSL_LOSSES[config.method](config.loss, za, zb);
}

/** L_ssl of the views stacked as [2B, D] (view A's rows first), as the training step holds them. */
export function sslLossStacked(config: RunConfig, z: tf.Tensor2D): tf.Scalar {
  if (config.method === 'simclr') {
    const t = config.loss.temperature;
    if (!(Number.isFinite(t) && t > 0)) throw new Error(`ntXentLoss: temperature must be a finite number > 0, got ${t}`);
    return ntXentLossStacked(z, t); // no split and re-concat of the views
  }
  const [za, zb] = tf.split(z, 2, 0) as [tf.Tensor2D, tf.Tensor2D];
  return sslLoss(config, za, zb);
}

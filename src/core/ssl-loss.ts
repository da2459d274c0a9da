// The self-supervised objective of each method, by name (solo-learn's METHODS registry idea).
import type * as tf from '@tensorflow/tfjs-core';
import type { Method, RunConfig } from './config';
import { barlowTwinsLoss } from './losses/barlow';
import { ntXentLoss } from './losses/ntxent';

type SslLoss = (loss: RunConfig['loss'], za: tf.Tensor2D, zb: tf.Tensor2D) => tf.Scalar;

export const SSL_LOSSES: Record<Method, SslLoss> = {
  simclr: (loss, za, zb) => ntXentLoss(za, zb, loss.temperature),
  barlow: (loss, za, zb) => barlowTwinsLoss(za, zb, loss.barlowOffDiagonal, loss.barlowScale),
};

/** L_ssl of the configured method on two row-aligned views ([B, D] each). */
export function sslLoss(config: RunConfig, za: tf.Tensor2D, zb: tf.Tensor2D): tf.Scalar {
  return SSL_LOSSES[config.method](config.loss, za, zb);
}

// The sparse-autoencoder projector (method.md, structural regulariser 2):
//   h = ReLU(W_enc (z - b_pre) + c),  keep the k largest entries of each row,
//   out = W_dec h_sparse + d + b_pre.
// Init (the official module is not available here; this follows its formula with PyTorch
// defaults): encoder and decoder are nn.Linear layers (U(+-1/sqrt(fan_in)) weights and biases
// c and d), b_pre starts at zero. There is no reconstruction loss, as in the official code.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamSink } from './state';
import { assertPositiveInt, linear } from './layers';
import { zerosInit } from './init';

export interface SparseAutoencoder {
  readonly inputDim: number;
  readonly latentDim: number;
  readonly topK: number;
  /** [N, d] -> [N, d] */
  forward(z: tf.Tensor2D): tf.Tensor2D;
  /** The kept latents h_sparse [N, m] (for inspection and tests). */
  latents(z: tf.Tensor2D): tf.Tensor2D;
}

export function validateSae(latentDim: number, topK: number): void {
  assertPositiveInt('sae: latentDim', latentDim);
  if (!Number.isInteger(topK) || topK < 1 || topK > latentDim) {
    throw new Error(`sae: topK must be an integer in [1, latentDim = ${latentDim}], got ${topK}`);
  }
}

/**
 * Keeps the k largest entries of each row of h and zeroes the rest. The gradient flows to
 * the kept entries unchanged and is zero for the dropped ones: TF.js has no TopK gradient, so
 * the mask is built inside a custom op (not recorded on the tape) and saved for backprop.
 * Mask = (h >= k-th largest value of the row): O(N·m) memory, no N×k×m one-hot. Ties with the
 * k-th value keep more than k entries (PyTorch keeps exactly k); after a ReLU the only likely
 * tie is at 0, where keeping or dropping gives the same output and (ReLU) gradient.
 */
export function keepTopK(h: tf.Tensor2D, k: number): tf.Tensor2D {
  const m = h.shape[1];
  if (!Number.isInteger(k) || k < 1 || k > m) throw new Error(`keepTopK: k must be an integer in [1, ${m}], got ${k}`);
  if (k === m) return h;
  const op = tf.customGrad((...args: (tf.Tensor | tf.GradSaveFunc)[]) => {
    const [x, save] = args as [tf.Tensor2D, tf.GradSaveFunc];
    // The smallest of the k largest: no reliance on how a backend orders topk's output.
    const kth = tf.min(tf.topk(x, k, false).values, 1, true); // [N, 1]
    const mask = tf.cast(tf.greaterEqual(x, kth), x.dtype); // [N, m]
    save([mask]);
    return {
      value: tf.mul(x, mask),
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => tf.mul(dy, saved[0]),
    };
  });
  return op(h) as tf.Tensor2D;
}

/** Registers `${prefix}/preBias` [d], `${prefix}/encoder/{kernel,bias}`, `${prefix}/decoder/{kernel,bias}`. */
export function sparseAutoencoder(store: ParamSink, prefix: string, inputDim: number, latentDim: number, topK: number): SparseAutoencoder {
  validateSae(latentDim, topK);
  const preBias = store.addParam(`${prefix}/preBias`, [inputDim], zerosInit, 'bias');
  const encoder = linear(store, `${prefix}/encoder`, inputDim, latentDim);
  const decoder = linear(store, `${prefix}/decoder`, latentDim, inputDim);
  const latents = (z: tf.Tensor2D): tf.Tensor2D => {
    const h = tf.relu(encoder.forward(tf.sub(z, preBias))); // [N, m]
    return keepTopK(h, topK); // [N, m], k non-zeros per row at most (ties aside)
  };
  return {
    inputDim,
    latentDim,
    topK,
    latents,
    forward(z) {
      return tf.add(decoder.forward(latents(z)), preBias); // [N, d]
    },
  };
}

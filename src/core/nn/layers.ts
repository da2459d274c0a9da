// The three parametrised layers every network here is made of: linear, conv2d, batchNorm.
// Each registers its tensors under a stable path prefix and exposes `forward(x, ctx)`.
// Layouts are TF.js's: activations NHWC, linear weights [in, out], conv kernels HWIO.
import * as tf from '@tensorflow/tfjs-core';
import type { ForwardContext, ParamGroupName } from './params';
import type { ParamSink } from './state';
import { kaimingNormalFanOut, onesInit, uniformFanIn, zerosInit } from './init';
import { conv2dTrainable } from './conv';
import type { Initializer } from './params';

export interface Linear {
  readonly inDim: number;
  readonly outDim: number;
  forward(x: tf.Tensor2D): tf.Tensor2D;
}

/** nn.Linear: `x W + b`, PyTorch's default init. Registers `${prefix}/kernel` [in, out], `${prefix}/bias` [out]. */
export function linear(store: ParamSink, prefix: string, inDim: number, outDim: number, opts: { bias?: boolean; group?: ParamGroupName } = {}): Linear {
  assertPositiveInt(`${prefix}: inDim`, inDim);
  assertPositiveInt(`${prefix}: outDim`, outDim);
  const group = opts.group ?? 'backbone';
  const init = uniformFanIn(inDim);
  const kernel = store.addParam(`${prefix}/kernel`, [inDim, outDim], init, 'weight', group);
  const bias = opts.bias === false ? null : store.addParam(`${prefix}/bias`, [outDim], init, 'bias', group);
  return {
    inDim,
    outDim,
    forward(x) {
      const y: tf.Tensor2D = tf.matMul(x, kernel as tf.Tensor2D); // [N, out]
      return bias ? (tf.add(y, bias) as tf.Tensor2D) : y;
    },
  };
}

export interface Conv2d {
  readonly inChannels: number;
  readonly outChannels: number;
  forward(x: tf.Tensor4D): tf.Tensor4D;
}

/**
 * nn.Conv2d without bias (every conv here is followed by BatchNorm, which would cancel it).
 * `padding` is explicit and symmetric, as PyTorch's: a 3x3 kernel with padding 2 grows
 * 32x32 to 34x34 (the solo-learn CIFAR stem). Output size floor((in + 2p - k) / s) + 1.
 * Registers `${prefix}/kernel` [k, k, in, out].
 */
export function conv2d(
  store: ParamSink,
  prefix: string,
  inChannels: number,
  outChannels: number,
  opts: { kernelSize: number; stride?: number; padding?: number; init?: Initializer },
): Conv2d {
  assertPositiveInt(`${prefix}: inChannels`, inChannels);
  assertPositiveInt(`${prefix}: outChannels`, outChannels);
  const { kernelSize: k, stride = 1, padding = 0 } = opts;
  const kernel = store.addParam(`${prefix}/kernel`, [k, k, inChannels, outChannels], opts.init ?? kaimingNormalFanOut, 'weight');
  return {
    inChannels,
    outChannels,
    forward(x) {
      if (x.shape[3] !== inChannels) throw new Error(`${prefix}: expected ${inChannels} input channels, got ${x.shape[3]}`);
      // Its gradient runs on every backend (wasm has no Conv2DBackpropFilter): see conv.ts.
      return conv2dTrainable(x, kernel as tf.Tensor4D, stride, padding); // [N, H', W', out]
    },
  };
}

export const BN_EPS = 1e-5;
export const BN_MOMENTUM = 0.1;

export interface BatchNorm {
  readonly channels: number;
  forward<T extends tf.Tensor2D | tf.Tensor4D>(x: T, ctx: ForwardContext): T;
}

/**
 * nn.BatchNorm1d ([N, C]) / nn.BatchNorm2d ([N, H, W, C]) with PyTorch semantics: statistics
 * over every axis but the last, eps 1e-5, momentum 0.1. Training normalises with the batch
 * mean and BIASED variance (and differentiates through them); the running variance is updated
 * with the UNBIASED one. The new running stats are recorded in ctx.bufferUpdates (kept past
 * the caller's tidy) for the trainer to assign after the optimiser step. Evaluation uses the
 * running stats and records nothing. Several training forwards with one context (solo-learn
 * runs the backbone once per view) compound their updates in order, as PyTorch's would.
 * Written from primitive ops:
 * tf.batchNorm needs care for gradients, and the folded form below costs two full-size
 * elementwise ops.
 * Registers `${prefix}/gamma`, `${prefix}/beta` (role 'norm') and buffers
 * `${prefix}/runningMean`, `${prefix}/runningVar`.
 */
export function batchNorm(store: ParamSink, prefix: string, channels: number): BatchNorm {
  assertPositiveInt(`${prefix}: channels`, channels);
  const gamma = store.addParam(`${prefix}/gamma`, [channels], onesInit, 'norm');
  const beta = store.addParam(`${prefix}/beta`, [channels], zerosInit, 'norm');
  const runningMean = store.addBuffer(`${prefix}/runningMean`, () => tf.zeros([channels]));
  const runningVar = store.addBuffer(`${prefix}/runningVar`, () => tf.ones([channels]));
  return {
    channels,
    forward<T extends tf.Tensor2D | tf.Tensor4D>(x: T, ctx: ForwardContext): T {
      if (x.shape[x.rank - 1] !== channels) throw new Error(`${prefix}: expected ${channels} channels, got ${x.shape[x.rank - 1]}`);
      let mean: tf.Tensor1D;
      let variance: tf.Tensor1D;
      if (ctx.training) {
        const axes = x.rank === 4 ? [0, 1, 2] : [0];
        const count = x.size / channels; // values per channel
        if (count < 2) throw new Error(`${prefix}: BatchNorm in training needs more than 1 value per channel (got a batch of shape [${x.shape.join(', ')}])`);
        const m = tf.moments(x, axes); // biased variance, two-pass
        mean = m.mean as tf.Tensor1D; // [C]
        variance = m.variance as tf.Tensor1D; // [C]
        recordRunningStats(ctx, runningMean, runningVar, mean, variance, count);
      } else {
        mean = runningMean as tf.Tensor1D;
        variance = runningVar as tf.Tensor1D;
      }
      const scale = tf.mul(gamma, tf.rsqrt(tf.add(variance, BN_EPS))); // [C]
      const shift = tf.sub(beta, tf.mul(mean, scale)); // [C]
      return tf.add(tf.mul(x, scale), shift) as T; // broadcasts over the last axis
    },
  };
}

function recordRunningStats(
  ctx: ForwardContext,
  runningMean: tf.Variable,
  runningVar: tf.Variable,
  mean: tf.Tensor1D,
  biasedVar: tf.Tensor1D,
  count: number,
): void {
  const update = (variable: tf.Variable, batchValue: tf.Tensor1D, factor: number): void => {
    const pending = ctx.bufferUpdates.find((u) => u.variable === variable);
    const base = pending ? pending.value : variable; // an earlier forward of this step
    const value = tf.keep(tf.tidy(() => tf.add(tf.mul(base, 1 - BN_MOMENTUM), tf.mul(batchValue, BN_MOMENTUM * factor))));
    if (pending) {
      pending.value.dispose();
      pending.value = value;
    } else {
      ctx.bufferUpdates.push({ variable, value });
    }
  };
  update(runningMean, mean, 1);
  update(runningVar, biasedVar, count / (count - 1)); // unbiased
}

/** Global average pool: [N, H, W, C] -> [N, C]. */
export function globalAvgPool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]) as tf.Tensor2D;
}

export function assertPositiveInt(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a positive integer, got ${value}`);
}

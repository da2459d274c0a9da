// The three parametrised layers every network here is made of: linear, conv2d, batchNorm
// (batchnorm.ts: a fused op with its own gradient).
// Each registers its tensors under a stable path prefix and exposes `forward(x, ctx)`.
// Layouts are TF.js's: activations NHWC, linear weights [in, out], conv kernels HWIO.
import * as tf from '@tensorflow/tfjs-core';
import type { ParamGroupName } from './params';
import type { ParamSink } from './state';
import { kaimingNormalFanOut, uniformFanIn } from './init';
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
      // Not tf.fused.matMul: under a gradient tape it reshapes to 3-D and saves four tensors
      // (9 launches against these 4).
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
  /** inputGradient false: the input is data (the images), never differentiated: skips dL/dx. */
  opts: { kernelSize: number; stride?: number; padding?: number; init?: Initializer; inputGradient?: boolean },
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
      return conv2dTrainable(x, kernel as tf.Tensor4D, stride, padding, undefined, opts.inputGradient ?? true); // [N, H', W', out]
    },
  };
}

export { BN_EPS, BN_MOMENTUM, batchNorm, type BatchNorm } from './batchnorm';

/** Global average pool: [N, H, W, C] -> [N, C]. */
export function globalAvgPool(x: tf.Tensor4D): tf.Tensor2D {
  return tf.mean(x, [1, 2]) as tf.Tensor2D;
}

export function assertPositiveInt(what: string, value: number): void {
  if (!Number.isInteger(value) || value < 1) throw new Error(`${what} must be a positive integer, got ${value}`);
}

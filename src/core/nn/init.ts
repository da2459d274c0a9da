// Seeded initialisers that reproduce PyTorch's defaults, so a run starts from the same
// distribution as the paper's (solo-learn on torchvision). Each one draws from TF.js's seeded
// generators (JS-side, so the values do not depend on the backend); the ParamStore derives
// the seed from (store seed, parameter name), so a model is a pure function of its seed.
import * as tf from '@tensorflow/tfjs-core';
import type { Initializer } from './params';

/**
 * U(-1/sqrt(fanIn), 1/sqrt(fanIn)): PyTorch's nn.Linear weight (kaiming_uniform with a = sqrt(5)
 * gives exactly this bound) and bias, and nn.Conv2d's default (fanIn = kh * kw * inChannels).
 */
export function uniformFanIn(fanIn: number): Initializer {
  const bound = 1 / Math.sqrt(fanIn);
  return (shape, seed) => tf.randomUniform(shape, -bound, bound, 'float32', seed);
}

/**
 * kaiming_normal_(mode='fan_out', nonlinearity='relu') for an HWIO conv kernel: N(0, 2 / fanOut)
 * with fanOut = kh * kw * outChannels. torchvision's ResNet initialises its convolutions so.
 */
export const kaimingNormalFanOut: Initializer = (shape, seed) => {
  if (shape.length !== 4) throw new Error(`kaimingNormalFanOut: expected an HWIO kernel shape, got [${shape.join(', ')}]`);
  const fanOut = shape[0] * shape[1] * shape[3];
  return tf.randomNormal(shape, 0, Math.sqrt(2 / fanOut), 'float32', seed);
};

/** Default of nn.Conv2d (not re-initialised by torchvision), for an HWIO kernel. */
export const convDefault: Initializer = (shape, seed) => {
  if (shape.length !== 4) throw new Error(`convDefault: expected an HWIO kernel shape, got [${shape.join(', ')}]`);
  return uniformFanIn(shape[0] * shape[1] * shape[2])(shape, seed);
};

/** BatchNorm beta, running mean, zero biases. */
export const zerosInit: Initializer = (shape) => tf.zeros(shape);

/** BatchNorm gamma, running variance. */
export const onesInit: Initializer = (shape) => tf.ones(shape);

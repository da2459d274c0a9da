// The online linear classifier (method.md): Linear(d -> numClasses) on stop_gradient(Z1),
// trained alongside the SSL objective with its own lr and no weight decay (param group
// 'classifier'). The stop-gradient is inside forward, so no caller can let it shape the encoder.
import type * as tf from '@tensorflow/tfjs-core';
import { stopGradient } from '../ops';
import type { ParamSink } from './state';
import { assertPositiveInt, linear } from './layers';

export interface Classifier {
  readonly numClasses: number;
  /** Z1 [N, d] -> logits [N, numClasses]; no gradient reaches Z1. */
  forward(z1: tf.Tensor2D): tf.Tensor2D;
}

export function createClassifier(store: ParamSink, inputDim: number, numClasses: number, prefix = 'classifier'): Classifier {
  assertPositiveInt('classifier: numClasses', numClasses);
  const fc = linear(store, prefix, inputDim, numClasses, { group: 'classifier' });
  return {
    numClasses,
    forward(z1) {
      return fc.forward(stopGradient(z1)); // [N, numClasses]
    },
  };
}

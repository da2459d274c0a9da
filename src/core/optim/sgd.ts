// SGD with momentum as torch.optim.SGD (dampening 0, no Nesterov): d = g + wd * p.
// Weight decay skips biases and norm parameters (RunConfig.optim.weightDecay's contract; plain
// torch SGD as solo-learn builds it would decay them too) and the classifier group (wd 0).
import * as tf from '@tensorflow/tfjs-core';
import type { Param } from '../nn/params';
import { MomentumOptimizer, type GroupStep } from './momentum';

export class SgdOptimizer extends MomentumOptimizer {
  readonly kind = 'sgd' as const;

  protected direction(p: tf.Tensor, g: tf.Tensor, param: Param, group: GroupStep): tf.Tensor {
    if (param.role !== 'weight' || group.weightDecay === 0) return g;
    return tf.add(g, tf.mul(p, group.weightDecayScalar));
  }
}

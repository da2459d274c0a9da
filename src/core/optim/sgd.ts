// SGD with momentum as torch.optim.SGD (dampening 0, no Nesterov): d = g + wd * p.
// Weight decay skips biases and norm parameters (RunConfig.optim.weightDecay's contract; plain
// torch SGD as solo-learn builds it would decay them too) and the classifier group (wd 0).
import * as tf from '@tensorflow/tfjs-core';
import { MomentumOptimizer, type FlatStep } from './momentum';

export class SgdOptimizer extends MomentumOptimizer {
  readonly kind = 'sgd' as const;

  protected direction({ layout, p, grads, weightDecay }: FlatStep): tf.Tensor2D {
    const g = layout.rows(grads);
    const decayOf = (s: number): number => {
      const param = layout.segments[s].param;
      return param.role === 'weight' ? weightDecay(param.group) : 0;
    };
    if (layout.segments.every((_, s) => decayOf(s) === 0)) return g;
    return tf.add(g, tf.mul(p, layout.rowConstant(`decay ${this.options.weightDecay}`, decayOf))); // g + wd p, wd per row
  }
}

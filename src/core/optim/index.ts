// The optimiser layer: SGD / LARS with solo-learn's param groups, and the lr schedule.
import type { RunConfig } from '../config';
import { LarsOptimizer } from './lars';
import type { Optimizer } from './optimizer';
import { SgdOptimizer } from './sgd';

export { LarsOptimizer, type LarsOptions } from './lars';
export { SgdOptimizer } from './sgd';
export type { FlatStep, MomentumOptions } from './momentum';
export { momentumKey, type LearningRates, type Optimizer } from './optimizer';
export { learningRateFactor, learningRatesAt, scheduleFromConfig, type ScheduleParams } from './schedule';

/** The run's optimiser; the learning rates come per step from learningRatesAt (schedule.ts). */
export function createOptimizer(config: RunConfig['optim']): Optimizer {
  const base = { momentum: config.momentum, weightDecay: config.weightDecay };
  switch (config.kind) {
    case 'lars':
      return new LarsOptimizer({ ...base, eta: config.larsEta, clip: config.larsClip });
    case 'sgd':
      return new SgdOptimizer(base);
    default: {
      const unknown: never = config.kind;
      throw new Error(`createOptimizer: unknown optimizer kind ${String(unknown)}`);
    }
  }
}

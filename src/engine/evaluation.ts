// Evaluation of a run's model as the run's config asks for it (the engine and the headless
// trainer share this): linear probe and weighted kNN of Z1 and Z2, plus the PCA embedding.
import type { RunConfig } from '../core/config';
import { evalOptions, evaluateModel, type EvalHooks } from '../eval/evaluate';
import type { EvalResult } from './run-types';
import type { Trainer } from './trainer';

export function evalOptionsFor(config: RunConfig) {
  const e = config.eval;
  return evalOptions({
    trainSubset: e.trainSubset,
    testSubset: e.testSubset,
    embeddingSample: e.embeddingSample,
    probe: { epochs: e.probeEpochs, lr: e.probeLr, seed: config.seed },
    knn: { k: e.knnK, temperature: e.knnTemperature },
  });
}

export function evaluateTrainer(trainer: Trainer, hooks?: EvalHooks): Promise<EvalResult> {
  return evaluateModel(trainer.model, trainer.dataset, evalOptionsFor(trainer.config), trainer.step, trainer.epoch, hooks);
}

// The learning rate as a pure function of the step (nanoGPT style): a resumed run needs only
// the step counter to be on the same schedule, and the optimiser holds no scheduler state.
import { scaledLearningRates, type RunConfig } from '../config';
import type { LearningRates } from './optimizer';

export interface ScheduleParams {
  warmupSteps: number; // linear ramp length; 0 = start at the peak
  totalSteps: number; // the cosine reaches minFactor here and stays there
  warmupStartFactor: number; // fraction of the peak lr at step 0
  minFactor: number; // fraction of the peak lr at and after totalSteps
}

/**
 * Multiplier of the peak lr at `step` (0-based): linear from warmupStartFactor (step 0) to 1
 * (step warmupSteps), then half a cosine from 1 down to minFactor (step totalSteps), then flat.
 * solo-learn's LinearWarmupCosineAnnealingLR reaches the peak one step earlier (it divides by
 * warmup - 1); the difference is one step of warm-up. If warmupSteps >= totalSteps the ramp
 * wins: the run ends while still warming up, as the configuration asked.
 */
export function learningRateFactor(step: number, s: ScheduleParams): number {
  if (!Number.isFinite(step) || step < 0) throw new Error(`learningRateFactor: bad step ${step}`);
  if (step < s.warmupSteps) {
    return s.warmupStartFactor + ((1 - s.warmupStartFactor) * step) / s.warmupSteps;
  }
  if (step >= s.totalSteps) return s.minFactor;
  const progress = (step - s.warmupSteps) / (s.totalSteps - s.warmupSteps); // [0, 1)
  return s.minFactor + 0.5 * (1 - s.minFactor) * (1 + Math.cos(Math.PI * progress));
}

/** Step counts of the run's schedule; the lr is stepped per batch, as solo-learn's `interval: step`. */
export function scheduleFromConfig(config: RunConfig, stepsPerEpoch: number): ScheduleParams {
  if (!Number.isInteger(stepsPerEpoch) || stepsPerEpoch < 1) {
    throw new Error(`scheduleFromConfig: stepsPerEpoch must be a positive integer, got ${stepsPerEpoch}`);
  }
  const { optim, train } = config;
  return {
    warmupSteps: Math.max(0, Math.round(optim.warmupEpochs * stepsPerEpoch)),
    totalSteps: train.epochs * stepsPerEpoch,
    warmupStartFactor: optim.warmupStartLr,
    minFactor: optim.minLr,
  };
}

/** Both groups' learning rates at `step`: batch-scaled peak (solo-learn) times the schedule. */
export function learningRatesAt(step: number, config: RunConfig, stepsPerEpoch: number): LearningRates {
  const factor = learningRateFactor(step, scheduleFromConfig(config, stepsPerEpoch));
  const peak = scaledLearningRates(config);
  return { backbone: peak.lr * factor, classifier: peak.classifierLr * factor };
}

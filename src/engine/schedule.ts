// What a run does after each logging interval, and when: a checkpoint every `checkpointEvery`
// steps (and, in the browser, on time too), an evaluation every `evalEveryEpochs` epochs. The
// browser's run loop (worker/run-session.ts) and the headless trainer (scripts/train.ts) both
// call afterInterval, so the two cannot drift apart again (they had: opposite orders).
//
// Order: the checkpoint first, then the evaluation. The checkpoint is what survives a crash, a
// lost device or a closed tab; an evaluation takes seconds to minutes (a probe on frozen
// features) and reads the weights without changing them, so its numbers are the same either
// way, but a failure during it must not cost the steps before it.
//
// Time-based saves (browser only): the first within FIRST_SAVE_MILLIS of training, then at
// least every SAVE_EVERY_MILLIS, so a run interrupted early has something to resume from.
// Time is training time (a paused run's clock stands still). A save costs one async read of
// every weight and an IndexedDB write (tens of ms for the small nets, about a second for a
// ResNet-18), so minutes apart is cheap. Pauses, page hides and the end of a run save too
// (run-session.ts). The headless trainer keeps the step-only schedule (no `millis`).
import type { RunConfig } from '../core/config';

export const FIRST_SAVE_MILLIS = 30_000;
export const SAVE_EVERY_MILLIS = 3 * 60_000;

export interface SinceLastSave {
  steps: number; // optimiser steps since the last save (or since the run or resume began)
  /** Training time since then; undefined: no time-based saves (the headless trainer). */
  millis?: number;
  /** Whether the run has a checkpoint at all (a resumed run does). */
  saved: boolean;
}

export function checkpointDue(checkpointEvery: number, since: SinceLastSave): boolean {
  if (since.steps <= 0) return false; // nothing new to save
  if (checkpointEvery > 0 && since.steps >= checkpointEvery) return true;
  return since.millis !== undefined && since.millis >= (since.saved ? SAVE_EVERY_MILLIS : FIRST_SAVE_MILLIS);
}

/** Whether the step just taken crossed an evaluation boundary (every E epochs). */
export function evaluationDue(config: RunConfig, stepsPerEpoch: number, previousStep: number, step: number): boolean {
  const every = config.train.evalEveryEpochs * stepsPerEpoch;
  return every > 0 && Math.floor(step / every) > Math.floor(previousStep / every);
}

/** Where a run stands at the end of a logging interval. */
export interface IntervalEnd {
  config: RunConfig;
  stepsPerEpoch: number;
  stepBefore: number; // the step the interval began at
  step: number;
  /** The run reached its last step: its final evaluation follows the loop, not this. */
  done: boolean;
  sinceSave(): SinceLastSave;
  /** A save or an evaluation someone asked for (the page), read when it is its turn. */
  saveRequested?: () => boolean;
  evaluateRequested?: () => boolean;
}

/** Does what falls due after an interval: the checkpoint, then the evaluation (why: above). */
export async function afterInterval(end: IntervalEnd, duties: { checkpoint(): Promise<void>; evaluate(): Promise<void> }): Promise<void> {
  if (end.saveRequested?.() || checkpointDue(end.config.train.checkpointEvery, end.sinceSave())) await duties.checkpoint();
  if (end.evaluateRequested?.() || (!end.done && evaluationDue(end.config, end.stepsPerEpoch, end.stepBefore, end.step))) await duties.evaluate();
}

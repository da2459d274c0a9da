// When the browser's run loop saves a checkpoint: every `checkpointEvery` steps as configured,
// and on time as well, so a run interrupted early (a closed tab, a crash) has something to
// resume from: the first save within FIRST_SAVE_MILLIS of training, then at least every
// SAVE_EVERY_MILLIS. Pauses, page hides and the end of the run save too (run-session.ts).
// Time is training time (a paused run's clock stands still). A save costs one async read of
// every weight and an IndexedDB write (tens of ms for the small nets, about a second for a
// ResNet-18), so minutes apart is cheap. The headless trainer keeps its step-only schedule.

export const FIRST_SAVE_MILLIS = 30_000;
export const SAVE_EVERY_MILLIS = 3 * 60_000;

export interface SinceLastSave {
  steps: number; // optimiser steps since the last save (or since the run or resume began)
  millis: number; // training time since then
  /** Whether the run has a checkpoint at all (a resumed run does). */
  saved: boolean;
}

export function checkpointDue(checkpointEvery: number, since: SinceLastSave): boolean {
  if (since.steps <= 0) return false; // nothing new to save
  if (checkpointEvery > 0 && since.steps >= checkpointEvery) return true;
  return since.millis >= (since.saved ? SAVE_EVERY_MILLIS : FIRST_SAVE_MILLIS);
}

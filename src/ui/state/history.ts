// A run's exact history in memory: the points read from IndexedDB merged with the live deltas
// the engine streams. Both are in step order; a step seen twice keeps the newer value (a
// resumed run re-logs the steps after its checkpoint).
import type { EvalResult, MetricPoint } from '../../engine/run-types';

export interface RunHistory {
  metrics: MetricPoint[];
  evaluations: EvalResult[];
  loaded: boolean; // IndexedDB was read (until then only live points are here)
  /** Stored points or evaluations that could not be read (and are not drawn), in words. */
  problem?: string;
}

export const EMPTY_HISTORY: RunHistory = { metrics: [], evaluations: [], loaded: false };

/** Merges two step-ordered lists; on equal steps `newer` wins. */
export function mergeByStep<T extends { step: number }>(older: readonly T[], newer: readonly T[]): T[] {
  if (newer.length === 0) return older as T[];
  if (older.length === 0) return newer as T[];
  // The common case while training: the delta starts after the last point.
  if (newer[0].step > older[older.length - 1].step) return [...older, ...newer];
  const out: T[] = [];
  let i = 0;
  let j = 0;
  while (i < older.length || j < newer.length) {
    if (j >= newer.length || (i < older.length && older[i].step < newer[j].step)) out.push(older[i++]);
    else {
      if (i < older.length && older[i].step === newer[j].step) i++;
      out.push(newer[j++]);
    }
  }
  return out;
}

/** Drops what was logged after `step` (a run resumed from an earlier checkpoint). */
export function truncateAfter(history: RunHistory, step: number): RunHistory {
  const last = history.metrics[history.metrics.length - 1];
  if (!last || last.step <= step) return history;
  return { ...history, metrics: history.metrics.filter((p) => p.step <= step), evaluations: history.evaluations.filter((e) => e.step <= step) };
}

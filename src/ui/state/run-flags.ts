// What to question about a run while it trains, as pure functions of what the page holds: a
// dead run (engine/dead-run.ts, from the logged values when they are here, else the flag the
// engine stored on the record) and an ETA too long to be meant.
import { detectDeadRun, type DeadRunFlag } from '../../engine/dead-run';
import type { MetricPoint, RunRecord } from '../../engine/run-types';

/** An ETA beyond a week is questioned (a 200-epoch ResNet-18 on wasm is about four days). */
export const LONG_ETA_MILLIS = 7 * 24 * 3600 * 1000;

export function deadRunFlag(run: RunRecord, metrics: readonly MetricPoint[] | undefined): DeadRunFlag | undefined {
  return metrics?.length ? detectDeadRun(run.config, metrics) : run.deadRun;
}

/** "3.5 days", "12 years": a long duration in the unit that reads. */
export function longDuration(ms: number): string {
  const days = ms / (24 * 3600 * 1000);
  if (days < 365) return `${days.toFixed(days < 10 ? 1 : 0)} days`;
  const years = days / 365.25;
  return `${years < 1e6 ? Math.round(years).toLocaleString('en') : years.toExponential(1)} years`;
}

/** A warning when the ETA is too long to be meant (undefined otherwise). */
export function etaWarning(etaMillis: number | undefined, epochs: number): string | undefined {
  if (etaMillis === undefined || !(etaMillis > LONG_ETA_MILLIS)) return undefined;
  return (
    `At this pace the run needs another ${longDuration(etaMillis)}. A run that long is fine if you meant it; ` +
    `otherwise pause it and start again with fewer epochs (train.epochs is ${epochs.toLocaleString('en')}), a smaller model, or a faster backend.`
  );
}

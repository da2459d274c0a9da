// A dead run, found in its logged values: every row of Z2 exactly zero and the SSL loss at its
// chance value, step after step. Then the SSL gradient is exactly 0 (the loss is bilinear in Z2
// through its Gram or cross-correlation matrix) and only the online classifier learns: a flat
// loss curve that is not a plateau but a run that cannot move. point_num = 2 does this on the
// default network (docs, method.md "Deviations"). The engine records the flag on the run, the
// page shows it on the run and in the header, the headless trainer prints it.
import type { RunConfig } from '../core/config';
import { projectorOutputDim } from '../core/config-memory';
import { methodSpec } from '../core/config-methods';
import type { MetricPoint } from './run-types';

/** Steps the run must stay dead before it is flagged (one step can be a fluke of its batch). */
export const DEAD_RUN_STEPS = 10;
/** All rows zero: the interval mean of the zero-row fraction is 1 only if every step's was. */
const ALL_ZERO = 1 - 1e-6;
/** The loss at chance, to float32 rounding of the interval mean. */
const LOSS_TOLERANCE = 1e-3;
/** Points logged before zeroRowsZ2 existed: the loss alone, to a tighter tolerance. */
const LOSS_ONLY_TOLERANCE = 1e-4;

export interface DeadRunFlag {
  sinceStep: number; // first step of the dead stretch
  message: string;
}

/** The SSL loss of all-zero (or fully collapsed) Z2, the method's (SimCLR log(2B-1), Barlow scale × P). */
export function chanceSslLoss(config: RunConfig): { value: number; formula: string } {
  return methodSpec(config.method).chanceLoss({ batchSize: config.train.batchSize, loss: config.loss, z2Width: projectorOutputDim(config) });
}

function isDead(point: MetricPoint, chance: number): boolean {
  const { sslLoss, zeroRowsZ2 } = point.values;
  if (!Number.isFinite(sslLoss)) return false;
  if (zeroRowsZ2 === undefined || !Number.isFinite(zeroRowsZ2)) return Math.abs(sslLoss - chance) <= LOSS_ONLY_TOLERANCE * Math.max(1, chance);
  return zeroRowsZ2 >= ALL_ZERO && Math.abs(sslLoss - chance) <= LOSS_TOLERANCE * Math.max(1, chance);
}

/**
 * The flag when the newest points (in step order) are dead for DEAD_RUN_STEPS steps or more;
 * undefined when the run is alive or has not been dead for long enough.
 */
export function detectDeadRun(config: RunConfig, points: readonly MetricPoint[]): DeadRunFlag | undefined {
  const chance = chanceSslLoss(config);
  let first = points.length;
  while (first > 0 && isDead(points[first - 1], chance.value)) first--;
  if (first === points.length) return undefined;
  const sinceStep = first > 0 ? points[first - 1].step : 0; // the stretch starts after the last live point
  const newest = points[points.length - 1].step;
  if (newest - sinceStep < DEAD_RUN_STEPS) return undefined;
  const cause = config.projector.pointNum === 2 ? ' point_num = 2 does this (docs, method.md “Deviations”): use 0 or 3 and more.' : '';
  const rowsKnown = points.slice(first).every((p) => p.values.zeroRowsZ2 !== undefined);
  const what = rowsKnown ? 'every row of Z2 is exactly zero, so the SSL loss sits' : 'the SSL loss has sat';
  return {
    sinceStep,
    message: `Dead run: since step ${sinceStep} ${what} at its chance value ${chance.formula} = ${chance.value.toFixed(4)} with a zero gradient; only the online classifier learns.${cause}`,
  };
}

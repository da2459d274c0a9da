// The dead-run flag beside a run's name in the table (the header says it in full): a run whose
// SSL loss sits at its chance value with a zero gradient is not a flat curve, it cannot move.
import { useMemo } from 'react';
import type { MetricPoint, RunRecord } from '../../engine/run-types';
import { deadRunFlag } from '../state/run-flags';

export function useDeadRun(run: RunRecord | undefined, metrics: readonly MetricPoint[] | undefined) {
  return useMemo(() => (run ? deadRunFlag(run, metrics) : undefined), [run, metrics]);
}

export function DeadRunBadge({ run, metrics }: { run: RunRecord; metrics: readonly MetricPoint[] | undefined }) {
  const flag = useDeadRun(run, metrics);
  if (!flag) return null;
  return (
    <span className="badge badge-error" title={flag.message} data-testid="dead-run-badge">
      dead run
    </span>
  );
}

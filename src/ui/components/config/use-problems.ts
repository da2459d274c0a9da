// The draft's problems, recomputed only when their inputs change (every field reads them).
import { useMemo } from 'react';
import { draftProblems, type FieldProblem } from '../../state/selectors';
import { useLab } from '../../state/store';

export function useDraftProblems(): FieldProblem[] {
  const draft = useLab((s) => s.draft);
  const fieldErrors = useLab((s) => s.fieldErrors);
  const backend = useLab((s) => s.backend);
  const lastBackend = useLab((s) => s.lastBackend);
  const gpuLimits = useLab((s) => s.gpuLimits);
  const readyDatasets = useLab((s) => s.readyDatasets);
  return useMemo(
    () => draftProblems({ draft, fieldErrors, backend, lastBackend, gpuLimits, readyDatasets }),
    [draft, fieldErrors, backend, lastBackend, gpuLimits, readyDatasets],
  );
}

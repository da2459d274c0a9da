// The names of the overlaid runs, as a hook that re-renders only when a name changes. Charts
// must not subscribe to the whole run records: those change with every progress event (the
// step), and fifteen SVG charts redrawn per event would hold the main thread.
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { useLab } from '../../state/store';

/** Name per run id (the id itself for a run not loaded yet); the same object while no name changes. */
export function useRunNames(runIds: readonly string[]): Record<string, string> {
  const names = useLab(useShallow((s) => runIds.map((id) => s.runs[id]?.name ?? id)));
  return useMemo(() => Object.fromEntries(runIds.map((id, i) => [id, names[i]])), [runIds, names]);
}

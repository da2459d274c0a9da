// The histories the charts draw: the store's, but updated at most every CHART_INTERVAL ms.
// A GPU run can flush metrics four times a second; redrawing fifteen SVG charts that often
// would take half the main thread. The first change after a quiet spell shows at once
// (leading edge) and the last one is never lost (trailing edge). Tables in the run list and
// the header read the store directly and stay exact and immediate.
import { useSyncExternalStore } from 'react';
import type { RunHistory } from '../../state/history';
import { labStore } from '../../state/store';

export const CHART_INTERVAL = 750;

type Histories = Record<string, RunHistory>;

let snapshot: Histories = labStore.getState().histories;
let lastEmit = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
const listeners = new Set<() => void>();

function emit(): void {
  timer = undefined;
  lastEmit = Date.now();
  snapshot = labStore.getState().histories;
  for (const listener of listeners) listener();
}

labStore.subscribe((state) => {
  if (state.histories === snapshot || timer !== undefined) return;
  timer = setTimeout(emit, Math.max(0, lastEmit + CHART_INTERVAL - Date.now()));
});

export function subscribeChartHistories(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

export function getChartHistories(): Histories {
  return snapshot;
}

export function useChartHistories(): Histories {
  return useSyncExternalStore(subscribeChartHistories, getChartHistories);
}

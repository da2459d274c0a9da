// The histories the charts draw: the store's, but updated at most every CHART_INTERVAL ms,
// and one chart per task. A GPU run can flush metrics several times a second; a recharts
// redraw costs tens of milliseconds (its own store re-renders the chart's parts
// synchronously), so fifteen charts redrawn together would hold the main thread for
// hundreds of milliseconds at a time. Instead each chart has a slot and takes the new
// histories in its own timer task, STAGGER_MILLIS after the previous slot: input and paint
// get in between. The first change after a quiet spell shows at once (leading edge) and the
// last one is never lost (trailing edge). Tables in the run list and the header read the
// store directly and stay exact and immediate.
import { useCallback, useSyncExternalStore } from 'react';
import type { RunHistory } from '../../state/history';
import { labStore } from '../../state/store';

export const CHART_INTERVAL = 1000;
export const STAGGER_MILLIS = 16;

type Histories = Record<string, RunHistory>;

interface Slot {
  snapshot: Histories;
  listeners: Set<() => void>;
  timer?: ReturnType<typeof setTimeout>;
}

let latest: Histories = labStore.getState().histories;
let lastEmit = 0;
let timer: ReturnType<typeof setTimeout> | undefined;
const slots = new Map<number, Slot>();

function slotFor(index: number): Slot {
  let slot = slots.get(index);
  if (!slot) slots.set(index, (slot = { snapshot: latest, listeners: new Set() }));
  return slot;
}

/** Hands the latest histories to every slot, each in its own task, staggered by slot index. */
function emit(): void {
  timer = undefined;
  lastEmit = Date.now();
  latest = labStore.getState().histories;
  const order = [...slots.keys()].sort((a, b) => a - b);
  order.forEach((index, rank) => {
    const slot = slots.get(index)!;
    if (slot.timer !== undefined || slot.snapshot === latest) return;
    const handOver = () => {
      slot.timer = undefined;
      slot.snapshot = latest;
      for (const listener of slot.listeners) listener();
    };
    // The first slot draws in this task (the leading edge), the others in later ones.
    if (rank === 0) handOver();
    else slot.timer = setTimeout(handOver, rank * STAGGER_MILLIS);
  });
}

labStore.subscribe((state) => {
  if (state.histories === latest || timer !== undefined) return;
  // Clamped both ways: a wall clock set back must not hold the charts for longer.
  timer = setTimeout(emit, Math.min(CHART_INTERVAL, Math.max(0, lastEmit + CHART_INTERVAL - Date.now())));
});

export function subscribeChartHistories(listener: () => void, slotIndex = 0): () => void {
  const slot = slotFor(slotIndex);
  slot.snapshot = latest; // a chart that mounts now draws what is there
  slot.listeners.add(listener);
  return () => {
    slot.listeners.delete(listener);
    if (slot.listeners.size === 0) {
      if (slot.timer !== undefined) clearTimeout(slot.timer);
      slots.delete(slotIndex);
    }
  };
}

export function getChartHistories(slotIndex = 0): Histories {
  return slots.get(slotIndex)?.snapshot ?? latest;
}

/** The histories for the chart in `slotIndex` (its position on the page). */
export function useChartHistories(slotIndex = 0): Histories {
  const subscribe = useCallback((listener: () => void) => subscribeChartHistories(listener, slotIndex), [slotIndex]);
  const get = useCallback(() => getChartHistories(slotIndex), [slotIndex]);
  return useSyncExternalStore(subscribe, get);
}

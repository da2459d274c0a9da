// Which runs are overlaid in the charts, which one the header follows, which one the run table
// diffs against, and each run's fixed style index (see run-styles.ts).
import type { StateCreator } from 'zustand';
import type { LabState } from './store';

export interface CompareSlice {
  selected: string[]; // overlaid in every chart, in selection order
  focusId?: string; // the run the header and Pause/Resume/Stop act on
  baselineId?: string; // the run the table's config differences are taken against
  styleIndex: Record<string, number>;
  toggleSelected(id: string): void;
  setSelected(ids: string[]): void;
  setFocus(id: string | undefined): void;
  setBaseline(id: string | undefined): void;
}

export const createCompareSlice: StateCreator<LabState, [], [], CompareSlice> = (set) => ({
  selected: [],
  focusId: undefined,
  baselineId: undefined,
  styleIndex: {},
  toggleSelected: (id) => set((s) => ({ selected: s.selected.includes(id) ? s.selected.filter((r) => r !== id) : [...s.selected, id] })),
  setSelected: (ids) => set((s) => ({ selected: ids.filter((id, i) => s.runs[id] && ids.indexOf(id) === i) })),
  setFocus: (focusId) => set({ focusId }),
  setBaseline: (baselineId) => set({ baselineId }),
});

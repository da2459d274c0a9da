// The lab's one store, in slices (zustand's slice pattern). Actions live on the state and are
// plain functions: React calls them through useLab, the engine bridge through
// labStore.getState(). Tests reset it with resetLab().
import { createStore } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { createCompareSlice, type CompareSlice } from './compare-slice';
import { createConfigSlice, type ConfigSlice } from './config-slice';
import { createDatasetsSlice, type DatasetsSlice } from './datasets-slice';
import { createEngineSlice, type EngineSlice } from './engine-slice';
import { createRunsSlice, type RunsSlice } from './runs-slice';
import { createStudiesSlice, type StudiesSlice } from './studies-slice';
import { createSweepSlice, type SweepSlice } from './sweep-slice';
import { createUiSlice, type UiSlice } from './ui-slice';

export type LabState = ConfigSlice & RunsSlice & EngineSlice & CompareSlice & SweepSlice & UiSlice & StudiesSlice & DatasetsSlice;

export const labStore = createStore<LabState>()((...a) => ({
  ...createConfigSlice(...a),
  ...createRunsSlice(...a),
  ...createEngineSlice(...a),
  ...createCompareSlice(...a),
  ...createSweepSlice(...a),
  ...createUiSlice(...a),
  ...createStudiesSlice(...a),
  ...createDatasetsSlice(...a),
}));

export function useLab<T>(selector: (state: LabState) => T): T {
  return useStore(labStore, selector);
}

export function resetLab(): void {
  labStore.setState(labStore.getInitialState(), true);
}

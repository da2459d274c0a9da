// The dataset panel's state in the lab's one store: what the cache holds, the running import
// and its progress, messages, storage space, the user's download URLs. The actions that talk
// to the data worker (download, import, verify, delete) are plain functions in
// ui/datasets/actions.ts, as the engine's are in ui/controller: they set this slice through
// setDatasets.
import type { StateCreator } from 'zustand';
import type { DatasetCacheState, StorageInfo } from '../../data/cache';
import { DATASET_IDS, type DatasetId } from '../../data/catalog';
import type { ImportProgress } from '../../data/import/progress';
import type { DataWorkerStats } from '../../data/worker/protocol';
import { loadOverrides, type SourceOverrides } from '../datasets/sources';
import type { LabState } from './store';

export type MessageTone = 'info' | 'success' | 'error';

export interface PanelMessage {
  key: number;
  tone: MessageTone;
  text: string;
  datasetId?: DatasetId;
}

export interface RunningJob {
  jobId: number;
  id: DatasetId;
  what: string; // "Downloading CIFAR-10 from huggingface.co" (or the mirror's host)
  progress?: ImportProgress;
  cancel: () => void;
}

export interface DatasetsState {
  loaded: boolean;
  datasets: Record<DatasetId, DatasetCacheState>;
  job?: RunningJob;
  busy?: { id: DatasetId; what: 'verify' | 'delete' };
  messages: PanelMessage[];
  storage?: StorageInfo;
  stats?: DataWorkerStats;
  overrides: SourceOverrides;
}

export interface DatasetsSlice {
  datasetPanel: DatasetsState;
  setDatasets(patch: Partial<DatasetsState>): void;
}

export const emptyDatasets = (): Record<DatasetId, DatasetCacheState> =>
  Object.fromEntries(DATASET_IDS.map((id) => [id, { id }])) as Record<DatasetId, DatasetCacheState>;

export const createDatasetsSlice: StateCreator<LabState, [], [], DatasetsSlice> = (set) => ({
  datasetPanel: { loaded: false, datasets: emptyDatasets(), messages: [], overrides: loadOverrides() },
  setDatasets: (patch) => set((s) => ({ datasetPanel: { ...s.datasetPanel, ...patch } })),
});

// The dataset panel's actions, on its slice of the lab store (ui/state/datasets-slice.ts):
// plain functions, usable outside React (the lab can call downloadDataset('cifar10') or read
// labStore.getState().datasetPanel). One data worker per page,
// created on first use; one import at a time from this page (two CIFAR imports at once would
// double the memory for no gain: both are bound by the same disk and CPU).
import { useLab, labStore } from '../state/store';
import { emptyDatasets, type DatasetsState, type MessageTone } from '../state/datasets-slice';
import type { DatasetCacheState } from '../../data/cache';
import { CATALOG, DATASET_IDS, hostsOf, SYNTHETIC_DEFAULT_SIZES, type DatasetId } from '../../data/catalog';
import type { CifarKind } from '../../data/formats';
import { DataClient, ImportFailedError, type ImportJob } from '../../data/worker/client';
import type { DataWorkerStats } from '../../data/worker/protocol';
import { saveOverrides, sourcesFor, type SourceOverrides } from './sources';

export type { DatasetsState, MessageTone, PanelMessage, RunningJob } from '../state/datasets-slice';

/** The panel's state (the lab store's datasetPanel slice), for components. */
export function useDatasetsStore<T = DatasetsState>(selector: (state: DatasetsState) => T = (s) => s as T): T {
  return useLab((s) => selector(s.datasetPanel));
}

const set = (patch: Partial<DatasetsState>) => labStore.getState().setDatasets(patch);
const get = () => labStore.getState().datasetPanel;
let client: DataClient | undefined;
let messageKey = 0;
const MESSAGES_KEPT = 6;

/** The page's data worker client (created on first use and kept for the page's lifetime). */
export function getDataClient(): DataClient {
  if (!client) {
    client = new DataClient();
    client.subscribe((event) => {
      if (event.type === 'datasets') applyStates(event.states, event.stats);
    });
  }
  return client;
}

function applyStates(states: DatasetCacheState[], stats: DataWorkerStats): void {
  const datasets = emptyDatasets();
  for (const s of states) datasets[s.id] = s;
  set({ datasets, stats, loaded: true });
}

export function say(tone: MessageTone, text: string, datasetId?: DatasetId): void {
  const messages = [...get().messages, { key: ++messageKey, tone, text, datasetId }].slice(-MESSAGES_KEPT);
  set({ messages });
}

export function dismissMessage(key: number): void {
  set({ messages: get().messages.filter((m) => m.key !== key) });
}

export async function refreshDatasets(): Promise<void> {
  try {
    const { states, stats } = await getDataClient().list();
    applyStates(states, stats);
  } catch (e) {
    say('error', `The dataset cache could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
  await refreshStorage();
}

export async function refreshStorage(): Promise<void> {
  const storage = await getDataClient()
    .storage()
    .catch(() => undefined);
  if (storage) set({ storage });
}

function startJob(id: DatasetId, what: string, start: (handlers: Parameters<DataClient['importFile']>[2]) => ImportJob): void {
  if (get().job) {
    say('error', `${get().job?.what} is still running; cancel it or wait for it to finish.`, id);
    return;
  }
  // Ask once an import starts (a user gesture led here): persistence keeps 180 MB of CIFAR
  // from being evicted under storage pressure. Headless and some browsers say no; that is fine.
  void getDataClient()
    .requestPersistence()
    .then((persisted) => set({ storage: { ...get().storage, persisted } }));
  const job = start({
    onProgress: (progress) => {
      const current = get().job;
      if (current?.jobId === job.jobId) set({ job: { ...current, progress } });
    },
    onNotice: (message) => say('info', message, id),
  });
  set({ job: { jobId: job.jobId, id, what, cancel: job.cancel } });
  job.done
    .then(
      (result) => say('success', result.message, id),
      (e: unknown) => {
        const tone: MessageTone = e instanceof ImportFailedError && e.failure.kind === 'cancelled' ? 'info' : 'error';
        say(tone, e instanceof Error ? e.message : String(e), id);
      },
    )
    .finally(() => {
      if (get().job?.jobId === job.jobId) set({ job: undefined });
      void refreshStorage();
    });
}

export function downloadDataset(id: CifarKind, via: 'parquet' | 'archive' = 'parquet'): void {
  const sources = sourcesFor(id, get().overrides);
  const from = hostsOf([sources.parquet.train, sources.parquet.test]);
  const what = via === 'parquet' ? `Downloading ${CATALOG[id].name} from ${from}` : `Downloading ${CATALOG[id].name} through this server's proxy`;
  startJob(id, what, (handlers) => getDataClient().download(id, via, sources, handlers));
}

export function importArchiveFile(id: CifarKind, file: File): void {
  startJob(id, `Importing ${file.name}`, (handlers) => getDataClient().importFile(id, file, handlers));
}

export function generateSynthetic(sizes: { trainSize: number; testSize: number } = SYNTHETIC_DEFAULT_SIZES): void {
  startJob('synthetic', 'Generating the synthetic set', (handlers) => getDataClient().generateSynthetic(sizes, handlers));
}

export function cancelJob(): void {
  get().job?.cancel();
}

export async function verifyDataset(id: DatasetId): Promise<void> {
  set({ busy: { id, what: 'verify' } });
  try {
    const report = await getDataClient().verify(id);
    const name = CATALOG[id].name;
    if (report.ok) say('success', `${name} verified: ${report.chunks} chunks, every checksum matches (${(report.millis / 1000).toFixed(1)} s).`, id);
    else say('error', `${name} failed verification: ${report.problems.slice(0, 3).join('; ')}. Delete it and import it again.`, id);
  } catch (e) {
    say('error', e instanceof Error ? e.message : String(e), id);
  } finally {
    set({ busy: undefined });
  }
}

export async function deleteDataset(id: DatasetId): Promise<void> {
  set({ busy: { id, what: 'delete' } });
  try {
    await getDataClient().delete(id);
    say('info', `${CATALOG[id].name} was deleted from this browser.`, id);
  } catch (e) {
    say('error', e instanceof Error ? e.message : String(e), id);
  } finally {
    set({ busy: undefined });
    void refreshStorage();
  }
}

export function setSourceOverrides(overrides: SourceOverrides): void {
  saveOverrides(overrides);
  set({ overrides });
}

/** For the lab: which datasets can be trained on now (the synthetic set always can). */
export function useReadyDatasets(): DatasetId[] {
  const datasets = useDatasetsStore((s) => s.datasets);
  return DATASET_IDS.filter((id) => id === 'synthetic' || !!datasets[id].complete);
}

// The data worker: imports (tarball files, Hugging Face parquet, the proxy, the synthetic set),
// verification and deletion, off the main thread. Parsing, PNG decoding and hashing run here;
// IndexedDB is written from here. The page talks to it through ./client.ts.
import { DatasetCache, DatasetNotCachedError, storageEstimate, type DataDb } from '../cache';
import { DATASET_IDS, type DatasetId } from '../catalog';
import { withDatasetLock } from '../import/lock';
import { JobRunner } from './jobs';
import { DATA_PROTOCOL_VERSION, assertNever, type DataCommand, type DataEvent } from './protocol';

function post(event: DataEvent): void {
  self.postMessage(event);
}

let cachePromise: Promise<DatasetCache> | undefined;
function cache(): Promise<DatasetCache> {
  cachePromise ??= DatasetCache.open().then(async (c) => {
    await c.purgeSuperseded(); // leftovers of a flip that a closed tab did not finish cleaning
    return c;
  });
  return cachePromise;
}
const db = async (): Promise<DataDb> => (await cache()).db;

const jobs = new JobRunner(db, post, () => sendDatasets());

async function sendDatasets(requestId?: number): Promise<void> {
  const c = await cache();
  const states = await Promise.all(DATASET_IDS.map((id) => c.state(id)));
  post({ type: 'datasets', requestId, states, stats: { ...jobs.stats } });
}

function refuseWhileImporting(id: DatasetId, what: string): void {
  if (jobs.isBusy(id)) throw new Error(`${id} is being imported: cancel the import before you ${what} it.`);
}

async function handle(command: DataCommand): Promise<void> {
  switch (command.type) {
    case 'hello':
      post({ type: 'hello', version: DATA_PROTOCOL_VERSION, stats: { ...jobs.stats } });
      return;
    case 'list':
      return sendDatasets(command.requestId);
    case 'importFile':
      return jobs.importFile(command);
    case 'download':
      return jobs.download(command);
    case 'generateSynthetic':
      return jobs.generateSynthetic(command);
    case 'cancel':
      jobs.cancel(command.jobId);
      return;
    case 'verify': {
      const { id, requestId } = command;
      refuseWhileImporting(id, 'verify');
      const report = await withDatasetLock(id, 'The verification', async () => (await cache()).verify(id));
      post({ type: 'verified', requestId, id, report });
      return sendDatasets();
    }
    case 'delete': {
      const { id, requestId } = command;
      refuseWhileImporting(id, 'delete');
      await withDatasetLock(id, 'The deletion', async () => (await cache()).delete(id));
      post({ type: 'deleted', requestId, id });
      return sendDatasets();
    }
    case 'estimate':
      post({ type: 'estimate', requestId: command.requestId, storage: await storageEstimate() });
      return;
    default:
      assertNever(command);
  }
}

// Set before anything asynchronous happens (testing.md: a module worker can miss messages
// that arrive while its top level awaits).
self.onmessage = (event: MessageEvent<DataCommand>) => {
  const command = event.data;
  handle(command).catch((e: unknown) => {
    const requestId = 'requestId' in command ? command.requestId : undefined;
    const message = e instanceof DatasetNotCachedError || e instanceof Error ? e.message : String(e);
    if (!(e instanceof DatasetNotCachedError)) console.error('[data] command failed:', command.type, e);
    post({ type: 'error', requestId, message });
  });
};

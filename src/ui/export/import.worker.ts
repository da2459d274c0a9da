// The import worker: unzips, validates and stores a run bundle away from the page's main
// thread (a bundle of 200,000 metric points froze the page for 14 s when this ran there).
// A worker of its own, started per import and ended after it, rather than the engine worker
// (busy training, and an import must not wait for or slow a run) or the dataset worker
// (another database, another job): it loads no TF.js, only fflate, valibot and idb.
import { RunsDb } from '../../engine/storage/runs-db';
import { storeBundle, type ImportRequest, type ImportWorkerReply } from './bundle-import';

const post = (reply: ImportWorkerReply, transfer: Transferable[] = []) => self.postMessage(reply, transfer);

self.onmessage = (event: MessageEvent<ImportRequest>) => {
  void (async () => {
    const db = await RunsDb.open();
    try {
      const outcome = await storeBundle(db, event.data, (progress) => post({ type: 'progress', progress }));
      const buffer = outcome.kind === 'checkpoint' ? outcome.bytes : outcome.checkpoint;
      post({ type: 'done', outcome }, buffer ? [buffer] : []);
    } finally {
      db.close();
    }
  })().catch((err: unknown) => post({ type: 'error', message: err instanceof Error ? err.message : String(err) }));
};

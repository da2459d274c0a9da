// The page's side of the import worker (export/import.worker.ts): one worker per import,
// ended when it answers. The file's bytes are transferred, not copied.
import type { ImportOutcome, ImportProgress, ImportRequest, ImportWorkerReply } from '../export/bundle-import';

/** Validates and stores a bundle somewhere (the worker in the page, inline in unit tests). */
export type Unpacker = (request: ImportRequest, onProgress?: (progress: ImportProgress) => void) => Promise<ImportOutcome>;

export const unpackInWorker: Unpacker = (request, onProgress) =>
  new Promise<ImportOutcome>((resolve, reject) => {
    const worker = new Worker(new URL('../export/import.worker.ts', import.meta.url), { type: 'module', name: 'import' });
    worker.onmessage = (event: MessageEvent<ImportWorkerReply>) => {
      const reply = event.data;
      if (reply.type === 'progress') {
        onProgress?.(reply.progress);
        return;
      }
      worker.terminate();
      if (reply.type === 'done') resolve(reply.outcome);
      else reject(new Error(reply.message));
    };
    worker.onerror = (event) => {
      // An uncaught failure in the worker (most often the browser refusing more memory).
      event.preventDefault();
      worker.terminate();
      reject(
        new Error(
          `${request.fileName} could not be imported: the import stopped (${event.message || 'the browser ended it, most likely for lack of memory'}). Close other tabs and try again; runs stored before are untouched.`,
        ),
      );
    };
    worker.postMessage(request, [request.bytes]);
  });

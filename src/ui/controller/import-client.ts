// The page's side of the import worker (export/import.worker.ts): one worker per import, ended
// when it answers, fails or is no longer waited for: ending it is what frees the memory of the
// bundle it holds, and stops its writes. The file's bytes are transferred, not copied. The wait
// is core/worker-rpc.ts's (AbortSignal, timeout), as for the other workers; there is no request
// id (the worker serves one request, then ends) and no version check (a fresh worker is
// started from the page's own build for every import).
import { awaitReply, type ReplyOptions } from '../../core/worker-rpc';
import type { ImportOutcome, ImportProgress, ImportRequest, ImportWorkerReply } from '../export/bundle-import';

export interface UnpackOptions extends ReplyOptions {
  onProgress?: (progress: ImportProgress) => void;
}

/** Validates and stores a bundle somewhere (the worker in the page, inline in unit tests). */
export type Unpacker = (request: ImportRequest, options?: UnpackOptions) => Promise<ImportOutcome>;

/** What the unpacker needs of a Worker (a fake in tests: Node has no module workers). */
export type ImportWorker = Pick<Worker, 'postMessage' | 'terminate'> & {
  onmessage: ((event: MessageEvent<ImportWorkerReply>) => void) | null;
  onerror: ((event: ErrorEvent) => void) | null;
};

const spawnImportWorker = (): ImportWorker => new Worker(new URL('../export/import.worker.ts', import.meta.url), { type: 'module', name: 'import' });

/** An Unpacker that runs each import in a worker from `spawn`. */
export function workerUnpacker(spawn: () => ImportWorker = spawnImportWorker): Unpacker {
  return (request, options = {}) => {
    let worker: ImportWorker | undefined;
    const end = () => worker?.terminate();
    return awaitReply<ImportOutcome>(
      `The import of ${request.fileName}`,
      (resolve, reject) => {
        worker = spawn();
        worker.onmessage = (event) => {
          const reply = event.data;
          if (reply.type === 'progress') options.onProgress?.(reply.progress);
          else if (reply.type === 'done') resolve(reply.outcome);
          else reject(new Error(reply.message));
        };
        worker.onerror = (event) => {
          // An uncaught failure in the worker (most often the browser refusing more memory).
          event.preventDefault();
          reject(
            new Error(
              `${request.fileName} could not be imported: the import stopped (${event.message || 'the browser ended it, most likely for lack of memory'}). Close other tabs and try again; runs stored before are untouched.`,
            ),
          );
        };
        worker.postMessage(request, [request.bytes]);
        return end; // answered, failed, aborted or timed out: the worker goes
      },
      { signal: options.signal, timeoutMs: options.timeoutMs },
    );
  };
}

export const unpackInWorker: Unpacker = workerUnpacker();

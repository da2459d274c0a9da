// The typed messages between the page and the data worker (imports, downloads, verification).
// Both sides switch exhaustively over `type`. Jobs (long imports) carry a jobId and report
// progress; requests (list, verify, delete, estimate) carry a requestId and get one answer.
// A File crosses by structured clone (a handle, not its bytes); the worker streams it.
import type { DatasetCacheState, DatasetManifest, StorageInfo, VerifyReport } from '../cache';
import type { DatasetId, DatasetSources } from '../catalog';
import type { CifarKind } from '../formats';
import type { ImportFailure } from '../import/failure';
import type { ImportProgress } from '../import/progress';

export const DATA_PROTOCOL_VERSION = 1;

export type DataCommand =
  | { type: 'hello'; version: number }
  | { type: 'list'; requestId: number }
  /** A Toronto binary tarball the user chose or dropped. */
  | { type: 'importFile'; jobId: number; kind: CifarKind; file: File }
  /** 'parquet': Hugging Face files; 'archive': the tarball through the same-origin proxy. */
  | { type: 'download'; jobId: number; kind: CifarKind; via: 'parquet' | 'archive'; sources: DatasetSources }
  | { type: 'generateSynthetic'; jobId: number; trainSize: number; testSize: number }
  | { type: 'cancel'; jobId: number }
  | { type: 'verify'; requestId: number; id: DatasetId }
  | { type: 'delete'; requestId: number; id: DatasetId }
  | { type: 'estimate'; requestId: number };

/** Work this worker did since it started: lets a test see that a reload re-parsed nothing. */
export interface DataWorkerStats {
  imports: number; // jobs started
  parsedFiles: number; // tarballs or parquet files read
  fetches: number; // HTTP downloads started
  chunksWritten: number;
}

export type ImportMode = 'fresh' | 'resumed' | 'restarted';

export type DataEvent =
  | { type: 'hello'; version: number; stats: DataWorkerStats }
  /** The cache's state: the answer to `list`, and sent unasked after every change. */
  | { type: 'datasets'; requestId?: number; states: DatasetCacheState[]; stats: DataWorkerStats }
  | { type: 'progress'; jobId: number; id: DatasetId; progress: ImportProgress }
  /** Resume-or-restart and other things worth telling the user while a job runs. */
  | { type: 'notice'; jobId: number; id: DatasetId; message: string }
  | {
      type: 'imported';
      jobId: number;
      id: DatasetId;
      manifest: DatasetManifest;
      mode: ImportMode;
      millis: number;
      timings: Record<string, number>;
      message: string;
    }
  | { type: 'failed'; jobId: number; id: DatasetId; failure: ImportFailure }
  | { type: 'verified'; requestId: number; id: DatasetId; report: VerifyReport }
  | { type: 'deleted'; requestId: number; id: DatasetId }
  | { type: 'estimate'; requestId: number; storage: StorageInfo }
  /** A request failed (verify of a missing dataset, delete while busy, a storage error). */
  | { type: 'error'; requestId?: number; message: string };

export { assertNever } from '../../core/assert-never'; // the workers' exhaustiveness guard

// Storing an imported run bundle: the import worker's job (import.worker.ts), kept as a plain
// function so the unit tests run it in Node and the page could run it inline. Everything is
// validated (decodeBundle) before anything is stored; the history then goes to IndexedDB in
// chunks, and a failure part-way (a full disk) deletes what this import wrote, so runs stored
// before are never touched and no half-imported run is left behind.
import type { RunRecord } from '../../engine/run-types';
import type { RunsDb } from '../../engine/storage/runs-db';
import { decodeBundle, sniffZip } from './bundle';

/** Metric points per IndexedDB transaction: large enough to be quick, small enough to report progress. */
export const STORE_CHUNK = 5_000;

export type ImportStore = Pick<RunsDb, 'putRun' | 'appendMetrics' | 'appendEvaluation' | 'deleteRun'>;

export interface ImportRequest {
  bytes: ArrayBuffer;
  fileName: string;
  /** The id the new run gets. */
  runId: string;
  /** Names of runs already in the table (an imported run with the same name gets a suffix). */
  takenNames: string[];
}

export type ImportOutcome =
  /** The file is a checkpoint, not a bundle: its bytes come back for the engine to import. */
  { kind: 'checkpoint'; bytes: ArrayBuffer } | { kind: 'stored'; run: RunRecord; metrics: number; evaluations: number; checkpoint?: ArrayBuffer };

export interface ImportProgress {
  stage: 'checking' | 'storing';
  done: number;
  total: number;
}

/** What the import worker (import.worker.ts) answers: progress, then the outcome or why not. */
export type ImportWorkerReply = { type: 'progress'; progress: ImportProgress } | { type: 'done'; outcome: ImportOutcome } | { type: 'error'; message: string };

export function uniqueName(name: string, taken: ReadonlySet<string>): string {
  if (!taken.has(name)) return name;
  for (let i = 2; ; i++) if (!taken.has(`${name} (imported ${i})`)) return `${name} (imported ${i})`;
}

/** Validates the whole bundle, then stores it as a new run (origin 'imported'). */
export async function storeBundle(db: ImportStore, request: ImportRequest, onProgress: (p: ImportProgress) => void = () => {}): Promise<ImportOutcome> {
  const bytes = new Uint8Array(request.bytes);
  if (sniffZip(bytes, request.fileName) === 'checkpoint') return { kind: 'checkpoint', bytes: request.bytes };
  onProgress({ stage: 'checking', done: 0, total: 1 });
  const bundle = decodeBundle(bytes, request.fileName);
  const status = bundle.run.status === 'running' || bundle.run.status === 'queued' ? 'interrupted' : bundle.run.status;
  const run: RunRecord = {
    ...bundle.run,
    id: request.runId,
    name: uniqueName(bundle.run.name, new Set(request.takenNames)),
    status,
    origin: 'imported',
    checkpointStep: undefined,
    updatedAt: Date.now(),
  };
  const total = bundle.metrics.length + bundle.evaluations.length;
  try {
    await db.putRun(run);
    for (let i = 0; i < bundle.metrics.length; i += STORE_CHUNK) {
      onProgress({ stage: 'storing', done: i, total });
      await db.appendMetrics(run.id, bundle.metrics.slice(i, i + STORE_CHUNK));
    }
    for (const result of bundle.evaluations) await db.appendEvaluation(run.id, result);
    onProgress({ stage: 'storing', done: total, total });
  } catch (err) {
    await db.deleteRun(run.id).catch(() => undefined); // leave nothing half-imported
    throw err;
  }
  const checkpoint = bundle.checkpoint ? (bundle.checkpoint.slice().buffer as ArrayBuffer) : undefined;
  return { kind: 'stored', run, metrics: bundle.metrics.length, evaluations: bundle.evaluations.length, checkpoint };
}

// The page's side of the data worker: typed requests with promises, import jobs with progress
// callbacks and cancel. No React here; the dataset panel's store wraps it.
import type { DatasetCacheState, StorageInfo, VerifyReport } from '../cache';
import type { DatasetId, DatasetSources } from '../catalog';
import type { CifarKind } from '../formats';
import type { ImportFailure } from '../import/failure';
import type { ImportProgress } from '../import/progress';
import { DATA_PROTOCOL_VERSION, type DataCommand, type DataEvent, type DataWorkerStats } from './protocol';

export type ImportResult = Extract<DataEvent, { type: 'imported' }>;
export type DataListener = (event: DataEvent) => void;

export interface ImportHandlers {
  onProgress?: (progress: ImportProgress) => void;
  onNotice?: (message: string) => void;
}

export interface ImportJob {
  jobId: number;
  id: DatasetId;
  /** Resolves when the dataset is cached and verified; rejects with ImportFailedError. */
  done: Promise<ImportResult>;
  cancel(): void;
}

export class ImportFailedError extends Error {
  override name = 'ImportFailedError';
  constructor(readonly failure: ImportFailure) {
    super(failure.message);
  }
}

type Pending = { resolve: (event: DataEvent) => void; reject: (error: Error) => void };

export class DataClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<DataListener>();
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(worker?: Worker) {
    this.worker = worker ?? new Worker(new URL('./data.worker.ts', import.meta.url), { type: 'module', name: 'data' });
    this.worker.onmessage = (event: MessageEvent<DataEvent>) => this.dispatch(event.data);
    this.worker.onerror = (event) => {
      const error = new Error(`The data worker crashed: ${event.message || 'unknown error'}`);
      for (const p of this.pending.values()) p.reject(error);
      this.pending.clear();
    };
    this.send({ type: 'hello', version: DATA_PROTOCOL_VERSION });
  }

  subscribe(listener: DataListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async list(): Promise<{ states: DatasetCacheState[]; stats: DataWorkerStats }> {
    const event = await this.request((requestId) => ({ type: 'list', requestId }), 'datasets');
    return { states: event.states, stats: event.stats };
  }

  importFile(kind: CifarKind, file: File, handlers: ImportHandlers = {}): ImportJob {
    return this.job(kind, handlers, (jobId) => ({ type: 'importFile', jobId, kind, file }));
  }

  download(kind: CifarKind, via: 'parquet' | 'archive', sources: DatasetSources, handlers: ImportHandlers = {}): ImportJob {
    return this.job(kind, handlers, (jobId) => ({ type: 'download', jobId, kind, via, sources }));
  }

  generateSynthetic(sizes: { trainSize: number; testSize: number }, handlers: ImportHandlers = {}): ImportJob {
    return this.job('synthetic', handlers, (jobId) => ({ type: 'generateSynthetic', jobId, ...sizes }));
  }

  async verify(id: DatasetId): Promise<VerifyReport> {
    return (await this.request((requestId) => ({ type: 'verify', requestId, id }), 'verified')).report;
  }

  async delete(id: DatasetId): Promise<void> {
    await this.request((requestId) => ({ type: 'delete', requestId, id }), 'deleted');
  }

  async storage(): Promise<StorageInfo> {
    return (await this.request((requestId) => ({ type: 'estimate', requestId }), 'estimate')).storage;
  }

  /**
   * Asks the browser to keep this origin's data under storage pressure. persist() exists on
   * the main thread only (a Window API: the worker's program, tsconfig.worker.json, lacks it),
   * so it is asked here and not in the worker.
   */
  async requestPersistence(): Promise<boolean> {
    const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
    if (!storage || typeof storage.persist !== 'function') return false;
    if (storage.persisted && (await storage.persisted())) return true;
    return storage.persist().catch(() => false);
  }

  terminate(): void {
    this.worker.terminate();
    const error = new Error('The data worker was stopped.');
    for (const p of this.pending.values()) p.reject(error);
    this.pending.clear();
    this.listeners.clear();
  }

  private send(command: DataCommand): void {
    this.worker.postMessage(command);
  }

  private request<T extends DataEvent['type']>(make: (requestId: number) => DataCommand, answer: T): Promise<Extract<DataEvent, { type: T }>> {
    const requestId = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(requestId, {
        resolve: (event) => (event.type === answer ? resolve(event as Extract<DataEvent, { type: T }>) : reject(new Error(`unexpected ${event.type}`))),
        reject,
      });
      this.send(make(requestId));
    });
  }

  private job(id: DatasetId, handlers: ImportHandlers, make: (jobId: number) => DataCommand): ImportJob {
    const jobId = this.nextId++;
    const done = new Promise<ImportResult>((resolve, reject) => {
      this.pending.set(jobId, {
        resolve: (event) => {
          if (event.type === 'imported') resolve(event);
          else if (event.type === 'failed') reject(new ImportFailedError(event.failure));
        },
        reject,
      });
    });
    // Callers that only follow events (the store) need not handle the rejection themselves.
    done.catch(() => undefined);
    const job: ImportJob = { jobId, id, done, cancel: () => this.send({ type: 'cancel', jobId }) };
    const unsubscribe = this.subscribe((event) => {
      if (!('jobId' in event) || event.jobId !== jobId) return;
      if (event.type === 'progress') handlers.onProgress?.(event.progress);
      else if (event.type === 'notice') handlers.onNotice?.(event.message);
      else unsubscribe();
    });
    this.send(make(jobId));
    return job;
  }

  private dispatch(event: DataEvent): void {
    for (const listener of this.listeners) listener(event);
    const key = 'jobId' in event ? event.jobId : 'requestId' in event ? event.requestId : undefined;
    if (key === undefined) return;
    const pending = this.pending.get(key);
    if (!pending) return;
    if (event.type === 'progress' || event.type === 'notice') return;
    this.pending.delete(key);
    if (event.type === 'error') pending.reject(new Error(event.message));
    else pending.resolve(event);
  }
}

// The page's side of the data worker: typed requests with promises, import jobs with progress
// callbacks and cancel. Requests and jobs are numbered and waited on through core/worker-rpc.ts
// (cancel by AbortSignal, timeouts, a crash or a worker of another build fails them with a
// message). No React here; the dataset panel's store wraps it.
import type { DatasetCacheState, StorageInfo, VerifyReport } from '../cache';
import type { DatasetId, DatasetSources } from '../catalog';
import type { CifarKind } from '../formats';
import type { ImportFailure } from '../import/failure';
import type { ImportProgress } from '../import/progress';
import { PendingRequests, protocolMismatch, type ReplyOptions } from '../../core/worker-rpc';
import { DATA_PROTOCOL_VERSION, type DataCommand, type DataEvent, type DataWorkerStats } from './protocol';

export type ImportResult = Extract<DataEvent, { type: 'imported' }>;
export type DataListener = (event: DataEvent) => void;

export interface ImportHandlers {
  onProgress?: (progress: ImportProgress) => void;
  onNotice?: (message: string) => void;
  /** Cancels the job when it fires, as cancel() does. */
  signal?: AbortSignal;
}

/** Quick reads (the list, the storage estimate): a worker that does not answer them is stuck. */
const READ_TIMEOUT_MS = 60_000;

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

export class DataClient {
  private readonly worker: Worker;
  private readonly listeners = new Set<DataListener>();
  private readonly pending = new PendingRequests<DataEvent>();

  constructor(worker?: Worker) {
    this.worker = worker ?? new Worker(new URL('./data.worker.ts', import.meta.url), { type: 'module', name: 'data' });
    this.worker.onmessage = (event: MessageEvent<DataEvent>) => this.dispatch(event.data);
    this.worker.onerror = (event) => {
      // A crashed worker answers nothing more: this request and every later one fail with why.
      this.pending.failAll(new Error(`The data worker crashed: ${event.message || 'unknown error'}`), true);
    };
    this.send({ type: 'hello', version: DATA_PROTOCOL_VERSION });
  }

  subscribe(listener: DataListener): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  async list(options: ReplyOptions = { timeoutMs: READ_TIMEOUT_MS }): Promise<{ states: DatasetCacheState[]; stats: DataWorkerStats }> {
    const event = await this.request((requestId) => ({ type: 'list', requestId }), 'datasets', options);
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

  async verify(id: DatasetId, options: ReplyOptions = {}): Promise<VerifyReport> {
    return (await this.request((requestId) => ({ type: 'verify', requestId, id }), 'verified', options)).report;
  }

  async delete(id: DatasetId, options: ReplyOptions = {}): Promise<void> {
    await this.request((requestId) => ({ type: 'delete', requestId, id }), 'deleted', options);
  }

  async storage(options: ReplyOptions = { timeoutMs: READ_TIMEOUT_MS }): Promise<StorageInfo> {
    return (await this.request((requestId) => ({ type: 'estimate', requestId }), 'estimate', options)).storage;
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
    this.pending.failAll(new Error('The data worker was stopped.'), true);
    this.listeners.clear();
  }

  private send(command: DataCommand): void {
    this.worker.postMessage(command);
  }

  private async request<T extends DataEvent['type']>(
    make: (requestId: number) => DataCommand,
    answer: T,
    options: ReplyOptions,
  ): Promise<Extract<DataEvent, { type: T }>> {
    const event = await this.pending.request(`The data worker's answer (${answer})`, (requestId) => this.send(make(requestId)), options);
    if (event.type !== answer) throw new Error(`unexpected ${event.type}`);
    return event as Extract<DataEvent, { type: T }>;
  }

  private job(id: DatasetId, handlers: ImportHandlers, make: (jobId: number) => DataCommand): ImportJob {
    let jobId = 0;
    const cancel = () => this.send({ type: 'cancel', jobId });
    // The job ends with the worker's own answer (imported, or failed: cancelled too), so the
    // signal cancels the job rather than the wait.
    handlers.signal?.addEventListener('abort', cancel, { once: true });
    const done = this.pending.request<ImportResult>(`The import of ${id}`, (assigned) => {
      jobId = assigned;
      this.followJob(assigned, handlers);
      this.send(make(assigned));
    });
    void done.finally(() => handlers.signal?.removeEventListener('abort', cancel)).catch(() => undefined);
    // Callers that only follow events (the store) need not handle the rejection themselves.
    done.catch(() => undefined);
    return { jobId, id, done, cancel };
  }

  private followJob(jobId: number, handlers: ImportHandlers): void {
    const unsubscribe = this.subscribe((event) => {
      if (!('jobId' in event) || event.jobId !== jobId) return;
      if (event.type === 'progress') handlers.onProgress?.(event.progress);
      else if (event.type === 'notice') handlers.onNotice?.(event.message);
      else unsubscribe();
    });
  }

  private dispatch(event: DataEvent): void {
    for (const listener of this.listeners) listener(event);
    if (event.type === 'hello') {
      const mismatch = protocolMismatch('data worker', DATA_PROTOCOL_VERSION, event.version);
      if (mismatch) this.pending.failAll(mismatch, true);
      return;
    }
    const key = 'jobId' in event ? event.jobId : 'requestId' in event ? event.requestId : undefined;
    if (key === undefined || event.type === 'progress' || event.type === 'notice') return;
    if (event.type === 'error') this.pending.settle(key, { error: new Error(event.message) });
    else if (event.type === 'failed') this.pending.settle(key, { error: new ImportFailedError(event.failure) });
    else this.pending.settle(key, { reply: event });
  }
}

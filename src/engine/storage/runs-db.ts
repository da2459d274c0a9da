// Where runs live between page loads. IndexedDB database 'bottleneck-lab-runs':
//   runs         RunRecord by id (small: the run table reads them all)
//   metrics      MetricPoint by [runId, step] (the history the charts draw)
//   evaluations  EvalResult by [runId, step]
//   checkpoints  { runId, step, bytes } by [runId, step]; the newest two per run are kept,
//                so a failed or partial write never leaves a run without a good checkpoint.
// The worker writes; the page reads (and deletes, imports). Datasets have their own database.
import { openDB, type DBSchema, type IDBPDatabase } from 'idb';
import type { EvalResult, MetricPoint, RunRecord } from '../run-types';

export const RUNS_DB_NAME = 'bottleneck-lab-runs';
const VERSION = 1;
const CHECKPOINTS_KEPT = 2;
const READ_CHUNK = 5_000;

export interface StoredCheckpoint {
  runId: string;
  step: number;
  bytes: Uint8Array;
}

interface RunsSchema extends DBSchema {
  runs: { key: string; value: RunRecord };
  metrics: { key: [string, number]; value: MetricPoint & { runId: string } };
  evaluations: { key: [string, number]; value: EvalResult & { runId: string } };
  checkpoints: { key: [string, number]; value: StoredCheckpoint };
}

/** A quota or storage failure, phrased for people; what was stored before is untouched. */
export class StorageFullError extends Error {
  constructor(what: string, cause: unknown) {
    super(`The browser's storage is full: ${what} could not be saved. Free space (delete old runs or cached datasets) and try again.`);
    this.name = 'StorageFullError';
    this.cause = cause;
  }
}

export function isQuotaError(err: unknown): boolean {
  return err instanceof DOMException ? err.name === 'QuotaExceededError' : err instanceof StorageFullError;
}

const runRange = (runId: string) => IDBKeyRange.bound([runId, -Infinity], [runId, Infinity]);

export class RunsDb {
  private quotaFaultsPending = 0;

  private constructor(private readonly db: IDBPDatabase<RunsSchema>) {}

  /**
   * Fault tests: the next checkpoint write fails as a full disk makes it fail
   * (QuotaExceededError, before anything is written). Headless Chromium ignores quota overrides, so this is how the
   * recovery path is exercised in the browser.
   */
  simulateQuotaExceeded(writes = 1): void {
    this.quotaFaultsPending += writes;
  }

  static async open(name = RUNS_DB_NAME): Promise<RunsDb> {
    const db = await openDB<RunsSchema>(name, VERSION, {
      upgrade(database) {
        database.createObjectStore('runs', { keyPath: 'id' });
        database.createObjectStore('metrics', { keyPath: ['runId', 'step'] });
        database.createObjectStore('evaluations', { keyPath: ['runId', 'step'] });
        database.createObjectStore('checkpoints', { keyPath: ['runId', 'step'] });
      },
    });
    return new RunsDb(db);
  }

  async listRuns(): Promise<RunRecord[]> {
    const runs = await this.db.getAll('runs');
    return runs.sort((a, b) => a.createdAt - b.createdAt);
  }

  getRun(id: string): Promise<RunRecord | undefined> {
    return this.db.get('runs', id);
  }

  async putRun(run: RunRecord): Promise<void> {
    await this.guard(`the run "${run.name}"`, () => this.db.put('runs', run));
  }

  /** Applies `change` to the stored record in one transaction (no lost updates). */
  async updateRun(id: string, change: (run: RunRecord) => RunRecord): Promise<RunRecord> {
    return this.guard('the run record', async () => {
      const tx = this.db.transaction('runs', 'readwrite');
      const current = await tx.store.get(id);
      if (!current) throw new Error(`No run ${id} is stored.`);
      const next = { ...change(current), updatedAt: Date.now() };
      await tx.store.put(next);
      await tx.done;
      return next;
    });
  }

  async deleteRun(id: string): Promise<void> {
    const tx = this.db.transaction(['runs', 'metrics', 'evaluations', 'checkpoints'], 'readwrite');
    await Promise.all([
      tx.objectStore('runs').delete(id),
      tx.objectStore('metrics').delete(runRange(id)),
      tx.objectStore('evaluations').delete(runRange(id)),
      tx.objectStore('checkpoints').delete(runRange(id)),
    ]);
    await tx.done;
  }

  async appendMetrics(runId: string, points: MetricPoint[]): Promise<void> {
    if (!points.length) return;
    await this.guard('metrics', async () => {
      const tx = this.db.transaction('metrics', 'readwrite');
      await Promise.all(points.map((p) => tx.store.put({ ...p, runId })));
      await tx.done;
    });
  }

  /**
   * The run's metric history in step order, read READ_CHUNK points per request: one getAll of
   * 200,000 points is one long task on the page's main thread (deserialising them all).
   */
  async metrics(runId: string): Promise<MetricPoint[]> {
    const out: MetricPoint[] = [];
    let range = runRange(runId);
    for (;;) {
      const rows = await this.db.getAll('metrics', range, READ_CHUNK);
      for (const { runId: _ignored, ...point } of rows) out.push(point);
      if (rows.length < READ_CHUNK) return out;
      range = IDBKeyRange.bound([runId, rows[rows.length - 1].step], [runId, Infinity], true);
    }
  }

  /** Drops metric points after `step` (a run resumed from an earlier checkpoint re-logs them). */
  async truncateMetrics(runId: string, step: number): Promise<void> {
    await this.db.delete('metrics', IDBKeyRange.bound([runId, step], [runId, Infinity], true));
    await this.db.delete('evaluations', IDBKeyRange.bound([runId, step], [runId, Infinity], true));
  }

  async appendEvaluation(runId: string, result: EvalResult): Promise<void> {
    await this.guard('the evaluation', () => this.db.put('evaluations', { ...result, runId }));
  }

  async evaluations(runId: string): Promise<EvalResult[]> {
    const rows = await this.db.getAll('evaluations', runRange(runId));
    return rows.map(({ runId: _ignored, ...result }) => result);
  }

  /**
   * Stores a checkpoint, then drops all but the newest CHECKPOINTS_KEPT. The new one is
   * written in its own transaction first: if that fails (quota), the older ones are intact.
   */
  async putCheckpoint(runId: string, step: number, bytes: Uint8Array): Promise<void> {
    await this.guard(`the checkpoint at step ${step}`, async () => {
      if (this.quotaFaultsPending > 0) {
        this.quotaFaultsPending--;
        throw new DOMException('Simulated: the quota has been exceeded.', 'QuotaExceededError');
      }
      return this.db.put('checkpoints', { runId, step, bytes });
    });
    const keys = await this.db.getAllKeys('checkpoints', runRange(runId));
    const stale = keys.slice(0, Math.max(0, keys.length - CHECKPOINTS_KEPT));
    if (stale.length) {
      const tx = this.db.transaction('checkpoints', 'readwrite');
      await Promise.all(stale.map((k) => tx.store.delete(k)));
      await tx.done;
    }
  }

  async latestCheckpoint(runId: string): Promise<StoredCheckpoint | undefined> {
    const cursor = await this.db.transaction('checkpoints').store.openCursor(runRange(runId), 'prev');
    return cursor?.value;
  }

  async checkpointSteps(runId: string): Promise<number[]> {
    const keys = await this.db.getAllKeys('checkpoints', runRange(runId));
    return keys.map(([, step]) => step);
  }

  close(): void {
    this.db.close();
  }

  private async guard<T>(what: string, write: () => Promise<T>): Promise<T> {
    try {
      return await write();
    } catch (err) {
      if (isQuotaError(err) || (err instanceof Error && /quota/i.test(err.message))) throw new StorageFullError(what, err);
      throw err;
    }
  }
}

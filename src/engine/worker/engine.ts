// The engine's command handler: the state of one engine (backend, runs database, the run whose
// model is loaded, the one being loaded) and what each command does with it. Everything the
// worker global provides comes through `host`, so the same handler runs in the Web Worker
// (engine.worker.ts, a thin shell) and in Node tests against a fake host on the CPU backend.
import { describeAdapter, type BackendPreference, type BackendReport } from '../backends/types';
import { decodeCheckpoint, type Checkpoint } from '../checkpoint/format';
import type { InMemoryDataset } from '../../data/types';
import { explainFailure } from '../failure-messages';
import { assertConfigFits } from '../memory-guard';
import { PROTOCOL_VERSION, assertNever, echoRequestId, type EngineCommand, type EngineEvent } from '../protocol';
import { newRunRecord } from '../run-record';
import type { RunRecord } from '../run-types';
import { checkFusedOps, compareWithCpu } from '../self-test';
import type { RunsDb } from '../storage/runs-db';
import { exportCheckpointFile, importCheckpointFile } from './checkpoint-files';
import { errorKind, isForPeople, UserError } from './engine-errors';
import { loadRunDataset } from './datasets';
import { exportFeatures } from './features';
import { exportForPytorch, inspectForImport, storeImportedWeights, WeightsImportError } from './pytorch';
import { RunSession } from './run-session';

/** What the engine needs of the place it runs in (the worker global, or a test's fake). */
export interface EngineHost {
  post(event: EngineEvent, transfer?: Transferable[]): void;
  /** Picks and initialises a TF.js backend (the worker: backends/browser.ts). */
  selectBackend(preference: BackendPreference): Promise<BackendReport>;
  /** The runs database; called once, on first use. */
  openDb(): Promise<RunsDb>;
  /** Fault tests: destroys the WebGPU device; false when there is none. */
  destroyDevice(): boolean;
  /** Fault tests: an uncaught error outside any handler, as a real crash looks to the page. */
  crash(): void;
  /** The runs' training clock (default performance.now; tests drive their own). */
  now?: () => number;
}

export interface Engine {
  /** Carries out one command; rejects with why it failed. Resolves when a started run settles. */
  handle(command: EngineCommand): Promise<void>;
  /** handle, with a failure posted as an `error` event carrying the command's request id (what the worker does with each message). */
  receive(command: EngineCommand): void;
}

export function createEngine(host: EngineHost): Engine {
  const post = (event: EngineEvent, transfer: Transferable[] = []) => host.post(event, transfer);
  let faultInjection = false;
  let db: Promise<RunsDb> | undefined;
  let backend: BackendReport | undefined;
  let session: RunSession | undefined;
  /**
   * A run being started or resumed has no session until its data has loaded; a pause or stop
   * pressed meanwhile is kept here and handed to the session before its loop begins.
   */
  let loading: { runId: string; request?: 'pause' | 'stop' } | undefined;

  const runsDb = () =>
    (db ??= host.openDb().catch((err: unknown) => {
      db = undefined; // the next command tries again
      throw err;
    }));

  /** Selects a backend when none is active yet or another one is asked for. */
  async function ensureBackend(runId: string, preference: BackendPreference): Promise<BackendReport> {
    if (!backend || (preference !== 'auto' && preference !== backend.name)) backend = await host.selectBackend(preference);
    post({ type: 'backend', runId, report: backend });
    return backend;
  }

  function busyWith(runId: string): void {
    if (session?.isRunning && session.runId !== runId) {
      throw new UserError('internal', `Another run (${session.runId}) is training; pause or stop it first, or queue this one.`);
    }
  }

  /** A session for `record` on the loaded data; the previous run's model is disposed. */
  function adopt(record: RunRecord, store: RunsDb, report: BackendReport, dataset: InMemoryDataset, checkpoint?: Checkpoint): RunSession {
    const next = RunSession.create(record.id, { post, db: store, backendName: report.name, now: host.now }, record, dataset, checkpoint);
    if (session && session !== next) session.dispose();
    session = next;
    if (loading?.runId === next.runId && loading.request === 'pause') next.requestPause();
    if (loading?.runId === next.runId && loading.request === 'stop') next.requestStop();
    loading = undefined;
    return next;
  }

  /** Pause or stop: the loaded run takes it at once; a run still loading takes it when adopted. */
  function request(runId: string, kind: 'pause' | 'stop'): boolean {
    if (session?.runId === runId) {
      if (kind === 'pause') session.requestPause();
      else session.requestStop();
      return true;
    }
    if (loading?.runId === runId) loading.request = kind;
    return false;
  }

  async function startRun(command: Extract<EngineCommand, { type: 'start' }>): Promise<void> {
    busyWith(command.runId);
    loading = { runId: command.runId }; // before the first await: a pause may follow at once
    const store = await runsDb();
    const record = newRunRecord({ id: command.runId, name: command.name, config: command.config, now: Date.now(), group: command.group });
    await store.putRun(record);
    let next: RunSession;
    let backendName: string | undefined;
    try {
      const report = await ensureBackend(command.runId, command.backend);
      backendName = report.name;
      assertConfigFits(command.config, report.name); // before the data is loaded or a tensor made
      post({ type: 'progress', runId: command.runId, status: 'running', phase: 'loading-data', step: 0, totalSteps: 0, epoch: 0 });
      next = adopt(record, store, report, await loadRunDataset(command.config));
      await store.updateRun(command.runId, (r) => ({ ...r, totalSteps: next.trainer.totalSteps, backend: report.name, adapter: describeAdapter(report) }));
    } catch (err) {
      // The run never trained: record why, so the table does not show it as running forever.
      const message = explainFailure(err, { backend: backendName, config: command.config, doing: 'starting the run' });
      loading = undefined;
      await store.updateRun(command.runId, (r) => ({ ...r, status: 'failed', message }));
      post({ type: 'progress', runId: command.runId, status: 'failed', step: 0, totalSteps: 0, epoch: 0, message });
      throw err;
    }
    await next.run();
  }

  async function resumeRun(runId: string, preference: BackendPreference = 'auto'): Promise<void> {
    busyWith(runId);
    if (session?.runId === runId && session.status === 'paused' && (preference === 'auto' || preference === backend?.name)) {
      await session.run(); // paused in this engine: the model is still in memory
      return;
    }
    loading = { runId }; // before the first await: a pause may follow at once
    const store = await runsDb();
    const record = await store.getRun(runId);
    if (!record) throw new UserError('data', `There is no stored run ${runId} to resume.`);
    const saved = await store.latestCheckpoint(runId);
    if (!saved)
      throw new UserError(
        'data',
        `The run "${record.name}" has no checkpoint to resume from: it stopped before its first save. Start it again (More → Use this config, then Start).`,
      );
    const report = await ensureBackend(runId, preference);
    assertConfigFits(record.config, report.name); // another backend may hold less than the one it trained on
    post({ type: 'progress', runId, status: 'running', phase: 'loading-data', step: saved.step, totalSteps: record.totalSteps, epoch: 0 });
    const checkpoint = decodeCheckpoint(saved.bytes, `the checkpoint of "${record.name}"`);
    const dataset = await loadRunDataset(record.config);
    await store.truncateMetrics(runId, saved.step);
    const next = adopt(record, store, report, dataset, checkpoint);
    await store.updateRun(runId, (r) => ({ ...r, step: saved.step, backend: report.name, adapter: describeAdapter(report) }));
    await next.run();
  }

  async function exportCheckpoint(command: Extract<EngineCommand, { type: 'exportCheckpoint' }>): Promise<void> {
    const { runId } = command;
    if (session?.runId === runId && !session.isRunning) await session.saveCheckpoint();
    const event = await exportCheckpointFile(await runsDb(), runId);
    post({ ...event, ...echoRequestId(command) }, [event.bytes]);
  }

  async function importCheckpoint(command: Extract<EngineCommand, { type: 'importCheckpoint' }>): Promise<void> {
    // Decoding creates tensors, so some backend must be ready; a fresh engine has none yet.
    // Chosen silently: a `backend` event would tell the page this run is starting.
    backend ??= await host.selectBackend('auto');
    const name = await importCheckpointFile(await runsDb(), command);
    post({ type: 'imported', ...echoRequestId(command), runId: command.runId, name });
  }

  /**
   * PyTorch weights as a new run: stored (the `imported` answer), then loaded and evaluated, so
   * the page shows the evaluation and embeddings and can continue training it. A failure after
   * the answer (the dataset is not cached, ...) is reported as the evaluation's.
   */
  async function importWeights(command: Extract<EngineCommand, { type: 'importWeights' }>): Promise<void> {
    busyWith(command.runId);
    const report = await ensureBackend(command.runId, command.backend);
    const store = await runsDb();
    let record: RunRecord;
    try {
      record = await storeImportedWeights(store, command, report.name);
    } catch (err) {
      throw err instanceof WeightsImportError ? new UserError('import', err.message) : err;
    }
    post({ type: 'imported', ...echoRequestId(command), runId: command.runId, name: command.name });
    loading = { runId: command.runId };
    try {
      post({ type: 'progress', runId: command.runId, status: 'paused', phase: 'loading-data', step: 0, totalSteps: 0, epoch: 0 });
      const saved = await store.latestCheckpoint(command.runId);
      const dataset = await loadRunDataset(record.config);
      const next = adopt(record, store, report, dataset, decodeCheckpoint(saved!.bytes, command.fileName));
      await store.updateRun(command.runId, (r) => ({ ...r, totalSteps: next.trainer.totalSteps, backend: report.name, adapter: describeAdapter(report) }));
      await next.evaluate();
    } catch (err) {
      loading = undefined;
      post({ type: 'error', runId: command.runId, kind: errorKind(err), message: err instanceof Error ? err.message : String(err), command: 'evaluate' });
    }
  }

  async function injectFault(command: Extract<EngineCommand, { type: 'injectFault' }>): Promise<void> {
    if (!faultInjection) throw new UserError('protocol', 'Fault injection is not enabled in this worker.');
    switch (command.fault) {
      case 'nan':
        if (session) session.trainer.poisonNextStep = true;
        return;
      case 'device-lost':
        if (!host.destroyDevice()) throw new UserError('backend', 'There is no WebGPU device to lose on this backend.');
        return;
      case 'quota':
        // Only the checkpoint write fails: the metric appends before it go through, as on a disk
        // that fills up while a large checkpoint is written.
        (await runsDb()).simulateQuotaExceeded();
        return;
      case 'crash':
        host.crash();
        session?.requestPause();
        return;
      default:
        assertNever(command.fault);
    }
  }

  async function stop(runId: string): Promise<void> {
    if (!request(runId, 'stop') || !session || session.isRunning) return;
    // Loaded but not training (paused): the loop will not run again to record the stop.
    await (await runsDb()).updateRun(runId, (r) => ({ ...r, status: 'stopped' }));
    const t = session.trainer;
    post({ type: 'progress', runId, status: 'stopped', step: t.step, totalSteps: t.totalSteps, epoch: t.epoch });
  }

  async function handle(command: EngineCommand): Promise<void> {
    switch (command.type) {
      case 'hello':
        faultInjection = command.faultInjection === true;
        post({ type: 'hello', version: PROTOCOL_VERSION, faultInjection });
        return;
      case 'selfTest': {
        busyWith('');
        const report = await host.selectBackend(command.backend);
        backend = report;
        const comparison = await compareWithCpu(report.name);
        const fused = await checkFusedOps();
        post({ type: 'selfTestResult', ...echoRequestId(command), result: { backend: report, ...comparison, fused } });
        return;
      }
      case 'start':
        return startRun(command);
      case 'resume':
        return resumeRun(command.runId, command.backend);
      case 'pause':
        request(command.runId, 'pause');
        return;
      case 'stop':
        return stop(command.runId);
      case 'saveCheckpoint':
        if (loading?.runId === command.runId) return; // still loading its data: nothing trained to save yet
        if (session?.runId !== command.runId) throw new UserError('data', 'Only the run loaded in the engine can be saved now.');
        return session.requestSave();
      case 'evaluate':
        if (session?.runId !== command.runId) throw new UserError('data', 'Load the run (resume or start it) before evaluating it.');
        return session.requestEvaluation();
      case 'exportCheckpoint':
        return exportCheckpoint(command);
      case 'importCheckpoint':
        return importCheckpoint(command);
      case 'exportFeatures': {
        if (session?.runId !== command.runId) throw new UserError('data', 'Load the run (resume or start it) before exporting its features.');
        const event = await exportFeatures(session.runId, session.trainer, command.limit);
        post({ ...event, ...echoRequestId(command) }, [event.z1, event.z2, event.labels]);
        return;
      }
      case 'exportPytorch': {
        if (session?.runId === command.runId && !session.isRunning && command.format === 'safetensors') await session.saveCheckpoint();
        const file = await exportForPytorch(await runsDb(), command.runId, command.format).catch((err: unknown) => {
          throw new UserError('data', err instanceof Error ? err.message : String(err));
        });
        post({ type: 'exported', ...echoRequestId(command), runId: command.runId, ...file }, [file.bytes]);
        return;
      }
      case 'inspectWeights': {
        try {
          post({ type: 'weightsInspected', ...echoRequestId(command), report: inspectForImport(command.bytes, command.fileName, command.base) });
        } catch (err) {
          throw err instanceof WeightsImportError ? new UserError('import', err.message) : err;
        }
        return;
      }
      case 'importWeights':
        return importWeights(command);
      case 'injectFault':
        return injectFault(command);
      default:
        assertNever(command);
    }
  }

  function receive(command: EngineCommand): void {
    handle(command).catch((err: unknown) => {
      const runId = 'runId' in command ? command.runId : undefined;
      // Errors meant for people pass as they are; an engine's raw text is explained first.
      const config = command.type === 'start' ? command.config : session && session.runId === runId ? session.trainer.config : undefined;
      const message = isForPeople(err) ? (err as Error).message : explainFailure(err, { backend: backend?.name, config });
      post({ type: 'error', runId, kind: errorKind(err), message, command: command.type, ...echoRequestId(command) });
    });
  }

  return { handle, receive };
}

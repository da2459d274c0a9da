/// <reference lib="webworker" />
// The engine worker: owns TF.js, the backend, the dataset in memory and the one run that
// trains at a time. The page sends commands (protocol.ts) and reads history from RunsDb.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { PROTOCOL_VERSION, assertNever, type EngineCommand, type EngineEvent, type EngineErrorKind } from '../protocol';
import { selectBackend } from '../backends/browser';
import type { BackendPreference, BackendReport } from '../backends/types';
import { checkFusedOps, compareWithCpu } from '../self-test';
import { RunsDb } from '../storage/runs-db';
import { CheckpointError, decodeCheckpoint } from '../checkpoint/format';
import type { RunRecord } from '../run-types';
import { DatasetUnavailableError, loadRunDataset } from './datasets';
import { RunSession } from './run-session';
import { destroyDevice } from './gpu-device';
import { exportFeatures } from './features';
import { exportForPytorch, inspectForImport, storeImportedWeights, WeightsImportError } from './pytorch';
import { assertConfigFits, MemoryLimitError } from '../memory-guard';
import { stepFileName } from '../file-names';
import { newRunRecord } from '../run-record';
import { explainFailure, isOutOfMemory } from '../failure-messages';

const scope = self as unknown as DedicatedWorkerGlobalScope;

let faultInjection = false;
let db: RunsDb | undefined;
let backend: BackendReport | undefined;
let session: RunSession | undefined;
/**
 * A run being started or resumed has no session until its data has loaded; a pause or stop
 * pressed meanwhile is kept here and handed to the session before its loop begins.
 */
let loading: { runId: string; request?: 'pause' | 'stop' } | undefined;

function post(event: EngineEvent, transfer: Transferable[] = []): void {
  scope.postMessage(event, transfer);
}

async function runsDb(): Promise<RunsDb> {
  db ??= await RunsDb.open();
  return db;
}

/** Selects a backend when none is active yet or another one is asked for. */
async function ensureBackend(runId: string, preference: BackendPreference): Promise<BackendReport> {
  if (!backend || (preference !== 'auto' && preference !== backend.name)) backend = await selectBackend(preference);
  post({ type: 'backend', runId, report: backend });
  return backend;
}

function describeAdapter(report: BackendReport): string | undefined {
  const a = report.adapter;
  return report.name === 'webgpu' && a ? [a.vendor, a.architecture, a.description].filter(Boolean).join(' ') : undefined;
}

function busyWith(runId: string): void {
  if (session?.isRunning && session.runId !== runId) {
    throw new UserError('internal', `Another run (${session.runId}) is training; pause or stop it first, or queue this one.`);
  }
}

/** Hands the loop of `next` the worker, disposing the previous run's model. */
function adopt(next: RunSession): RunSession {
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
  const now = Date.now();
  const record = newRunRecord({ id: command.runId, name: command.name, config: command.config, now, group: command.group });
  await store.putRun(record);
  let next: RunSession;
  let backendName: string | undefined;
  try {
    const report = await ensureBackend(command.runId, command.backend);
    backendName = report.name;
    assertConfigFits(command.config, report.name); // before the data is loaded or a tensor made
    post({ type: 'progress', runId: command.runId, status: 'running', phase: 'loading-data', step: 0, totalSteps: 0, epoch: 0 });
    const dataset = await loadRunDataset(command.config);
    next = adopt(RunSession.create(command.runId, { post, db: store, backendName: report.name }, record, dataset));
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
    await session.run(); // paused in this worker: the model is still in memory
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
  const next = adopt(RunSession.create(runId, { post, db: store, backendName: report.name }, record, dataset, checkpoint));
  await store.updateRun(runId, (r) => ({ ...r, step: saved.step, backend: report.name, adapter: describeAdapter(report) }));
  await next.run();
}

async function exportCheckpoint(runId: string): Promise<void> {
  if (session?.runId === runId && !session.isRunning) await session.saveCheckpoint();
  const store = await runsDb();
  const [record, saved] = await Promise.all([store.getRun(runId), store.latestCheckpoint(runId)]);
  if (!record || !saved) throw new UserError('data', `The run ${runId} has no stored checkpoint yet.`);
  const bytes = saved.bytes.slice().buffer as ArrayBuffer;
  const fileName = stepFileName(record.name, saved.step, 'zip');
  post({ type: 'exported', runId, fileName, bytes }, [bytes]);
}

async function importCheckpoint(command: Extract<EngineCommand, { type: 'importCheckpoint' }>): Promise<void> {
  const bytes = new Uint8Array(command.bytes);
  // Decoding creates tensors, so some backend must be ready; a fresh worker has none yet.
  // Chosen silently: a `backend` event would tell the page this run is starting.
  backend ??= await selectBackend('auto');
  let checkpoint;
  try {
    checkpoint = decodeCheckpoint(bytes, command.fileName);
  } catch (err) {
    // TF.js's own words ("Tensor must have a shape …") are kept, inside a sentence for people.
    const message =
      err instanceof CheckpointError
        ? err.message
        : `${command.fileName} could not be read as a checkpoint (${err instanceof Error ? err.message : String(err)})`;
    throw new UserError('import', message);
  }
  const { meta } = checkpoint;
  for (const t of [...checkpoint.model.values(), ...checkpoint.optimizer.values()]) t.dispose();
  const store = await runsDb();
  const existing = await store.getRun(command.runId);
  const now = Date.now();
  const name = existing?.name ?? command.fileName.replace(/\.zip$/, '');
  const stepsPerEpoch = meta.epoch > 0 ? meta.step / meta.epoch : undefined;
  const record = newRunRecord(
    { id: command.runId, name, config: meta.config, now },
    {
      datasetId: meta.datasetId,
      status: 'paused',
      createdAt: existing?.createdAt ?? now,
      step: meta.step,
      // Never below the checkpoint's own step (a record with step > totalSteps does not read back).
      totalSteps: Math.max(meta.step, existing?.totalSteps ?? (stepsPerEpoch ? Math.round(stepsPerEpoch * meta.config.train.epochs) : meta.step)),
      trainMillis: existing?.trainMillis ?? 0,
      checkpointStep: meta.step,
      backend: existing?.backend,
      origin: 'imported',
      lastEval: existing?.lastEval,
      bestEval: existing?.bestEval,
    },
  );
  if (record.step >= record.totalSteps) record.status = 'done';
  await store.putCheckpoint(command.runId, meta.step, bytes);
  await store.putRun(record);
  post({ type: 'imported', runId: command.runId, name });
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
  post({ type: 'imported', runId: command.runId, name: command.name });
  loading = { runId: command.runId };
  try {
    post({ type: 'progress', runId: command.runId, status: 'paused', phase: 'loading-data', step: 0, totalSteps: 0, epoch: 0 });
    const saved = await store.latestCheckpoint(command.runId);
    const dataset = await loadRunDataset(record.config);
    const next = adopt(
      RunSession.create(command.runId, { post, db: store, backendName: report.name }, record, dataset, decodeCheckpoint(saved!.bytes, command.fileName)),
    );
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
      if (!destroyDevice()) throw new UserError('backend', 'There is no WebGPU device to lose on this backend.');
      return;
    case 'quota':
      // Only the checkpoint write fails: the metric appends before it go through, as on a disk
      // that fills up while a large checkpoint is written.
      (await runsDb()).simulateQuotaExceeded();
      return;
    case 'crash':
      // An uncaught error outside any handler: what a real crash looks like to the page.
      setTimeout(() => {
        throw new Error('Injected worker crash');
      }, 0);
      session?.requestPause();
      return;
    default:
      assertNever(command.fault);
  }
}

async function handle(command: EngineCommand): Promise<void> {
  switch (command.type) {
    case 'hello':
      faultInjection = command.faultInjection === true;
      post({ type: 'hello', version: PROTOCOL_VERSION, faultInjection });
      return;
    case 'selfTest': {
      busyWith('');
      const report = await selectBackend(command.backend);
      backend = report;
      const comparison = await compareWithCpu(report.name);
      const fused = await checkFusedOps();
      post({ type: 'selfTestResult', result: { backend: report, ...comparison, fused } });
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
      if (request(command.runId, 'stop') && session) {
        if (!session.isRunning) {
          await (await runsDb()).updateRun(command.runId, (r) => ({ ...r, status: 'stopped' }));
          post({
            type: 'progress',
            runId: command.runId,
            status: 'stopped',
            step: session.trainer.step,
            totalSteps: session.trainer.totalSteps,
            epoch: session.trainer.epoch,
          });
        }
      }
      return;
    case 'saveCheckpoint':
      if (loading?.runId === command.runId) return; // still loading its data: nothing trained to save yet
      if (session?.runId !== command.runId) throw new UserError('data', 'Only the run loaded in the engine can be saved now.');
      return session.requestSave();
    case 'evaluate':
      if (session?.runId !== command.runId) throw new UserError('data', 'Load the run (resume or start it) before evaluating it.');
      return session.requestEvaluation();
    case 'exportCheckpoint':
      return exportCheckpoint(command.runId);
    case 'importCheckpoint':
      return importCheckpoint(command);
    case 'exportFeatures': {
      if (session?.runId !== command.runId) throw new UserError('data', 'Load the run (resume or start it) before exporting its features.');
      const event = await exportFeatures(session.runId, session.trainer, command.limit);
      post(event, [event.z1, event.z2, event.labels]);
      return;
    }
    case 'exportPytorch': {
      if (session?.runId === command.runId && !session.isRunning && command.format === 'safetensors') await session.saveCheckpoint();
      const file = await exportForPytorch(await runsDb(), command.runId, command.format).catch((err: unknown) => {
        throw new UserError('data', err instanceof Error ? err.message : String(err));
      });
      post({ type: 'exported', runId: command.runId, ...file }, [file.bytes]);
      return;
    }
    case 'inspectWeights': {
      try {
        post({ type: 'weightsInspected', report: inspectForImport(command.bytes, command.fileName, command.base) });
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

/** An error meant for the person, with the recovery the page should offer. */
class UserError extends Error {
  constructor(
    readonly kind: EngineErrorKind,
    message: string,
  ) {
    super(message);
  }
}

function errorKind(err: unknown): EngineErrorKind {
  if (err instanceof UserError) return err.kind;
  if (err instanceof DatasetUnavailableError) return 'data';
  if (err instanceof MemoryLimitError || isOutOfMemory(err)) return 'memory';
  if (err instanceof Error && /backend/i.test(err.message)) return 'backend';
  return 'internal';
}

// Set before any await (testing.md: a module worker that awaits first can miss messages).
scope.onmessage = (event: MessageEvent<EngineCommand>) => {
  const command = event.data;
  handle(command).catch((err: unknown) => {
    const runId = 'runId' in command ? command.runId : undefined;
    // Errors meant for people pass as they are; an engine's raw text is explained first.
    const config = command.type === 'start' ? command.config : session && session.runId === runId ? session.trainer.config : undefined;
    const message = err instanceof UserError || err instanceof MemoryLimitError ? err.message : explainFailure(err, { backend: backend?.name, config });
    post({ type: 'error', runId, kind: errorKind(err), message, command: command.type });
  });
};

// Engine events → store actions. The worker writes the history to IndexedDB; these events are
// the live deltas in between: metric points (batched per frame), status and phase changes,
// evaluations, backend reports and failures. Nothing here renders or imports React.
import { describeAdapter } from '../../engine/backends/types';
import { protocolMismatch } from '../../core/worker-rpc';
import { PROTOCOL_VERSION, type EngineEvent } from '../../engine/protocol';
import type { MetricPoint, RunStatus } from '../../engine/run-types';
import type { RunsDb } from '../../engine/storage/runs-db';
import { isFinished } from '../state/sweep';
import { labStore } from '../state/store';
import { FrameBatcher, type Scheduler } from './frame-batcher';
import { requestEvent, type EngineChannel } from '../../engine/client';

/** What the page needs of EngineClient (a fake in tests). */
export type EngineLike = EngineChannel;
export { requestEvent };

export type RunsStoreLike = Pick<
  RunsDb,
  'listRuns' | 'getRun' | 'putRun' | 'updateRun' | 'deleteRun' | 'metrics' | 'evaluations' | 'appendMetrics' | 'appendEvaluation'
>;

export interface BridgeHooks {
  /** A run reached done/stopped/diverged/failed (the sweep queue moves on). */
  onRunFinished(runId: string, status: RunStatus): void;
  /** The store has no record of a run the engine talks about (another tab, a late event). */
  refreshRun(runId: string): void;
}

type MetricsEvent = Extract<EngineEvent, { type: 'metrics' }>;
type ProgressEvent = Extract<EngineEvent, { type: 'progress' }>;
type ErrorEvent = Extract<EngineEvent, { type: 'error' }>;

const PHASE_WORDS: Record<string, string> = {
  'loading-data': 'loading data',
  compiling: 'compiling shaders',
  training: 'training',
  evaluating: 'evaluating',
  saving: 'saving a checkpoint',
};

export function connectEngine(
  engine: EngineLike,
  hooks: BridgeHooks,
  options: { schedule?: Scheduler; now?: () => number } = {},
): { disconnect(): void; flush(): void } {
  const now = options.now ?? (() => Date.now());
  const state = () => labStore.getState();
  const name = (runId: string) => state().runs[runId]?.name ?? 'the run';

  const metrics = new FrameBatcher<MetricsEvent>((events) => {
    const batches: Record<string, MetricPoint[]> = {};
    for (const e of events) (batches[e.runId] ??= []).push(...e.points);
    state().appendMetrics(batches);
  }, options.schedule);

  function onProgress(e: ProgressEvent): void {
    const s = state();
    const before = s.live[e.runId];
    const run = s.runs[e.runId];
    s.applyProgress(e.runId, { status: e.status, phase: e.phase, step: e.step, totalSteps: e.totalSteps, epoch: e.epoch, message: e.message }, now());
    if (!run) {
      hooks.refreshRun(e.runId);
      return;
    }
    // A resume from an earlier checkpoint re-logs the steps after it.
    if (e.status === 'running') s.truncateHistory(e.runId, e.step);
    s.patchRun(e.runId, { status: e.status, step: e.step, totalSteps: e.totalSteps || run.totalSteps, ...(e.message ? { message: e.message } : {}) });
    if (before?.status !== e.status) {
      s.announce(`${run.name}: ${e.status}${e.message ? `. ${e.message}` : ''}`);
      if (isFinished(e.status) || e.status === 'paused') hooks.refreshRun(e.runId);
      if (isFinished(e.status)) hooks.onRunFinished(e.runId, e.status);
    } else if (e.phase && before?.phase !== e.phase && e.phase !== 'training') {
      s.announce(`${run.name}: ${PHASE_WORDS[e.phase]}`);
    } else if (e.phase === 'training' && before?.phase === 'compiling') {
      s.announce(`${run.name}: training`);
    }
  }

  function onError(e: ErrorEvent): void {
    const s = state();
    // A divergence is shown on the run itself (header, table, live region); other failures
    // need an action, so they get a notice that stays until dismissed.
    // Failures of a request (export, import, self-check: it carries the request's id) are
    // reported by whoever asked.
    const requested = e.requestId !== undefined;
    if (!requested && (e.kind !== 'diverged' || !e.runId)) s.pushNotice({ runId: e.runId, kind: e.kind, message: e.message });
    s.announce(e.message);
    if (e.kind === 'crashed') {
      // The client restarts the worker (a new hello follows); what was training is cut off.
      s.setEngineCrashed(e.message);
      for (const [runId, live] of Object.entries(s.live)) if (live.status === 'running') s.setLiveStatus(runId, 'interrupted', e.message);
      return;
    }
    if (!e.runId) return;
    if (e.command === 'start') {
      // Refused before the engine stored the run (another run was training): the optimistic
      // record goes; if the engine did store it, the refresh shows what it recorded.
      s.setLiveStatus(e.runId, 'failed', e.message);
      hooks.refreshRun(e.runId);
      hooks.onRunFinished(e.runId, 'failed');
    }
  }

  function handle(event: EngineEvent): void {
    const s = state();
    switch (event.type) {
      case 'hello': {
        const mismatch = protocolMismatch('training engine', PROTOCOL_VERSION, event.version);
        if (mismatch) {
          s.pushNotice({ kind: 'protocol', message: mismatch.message });
          return;
        }
        s.setEngineReady(event.version, event.faultInjection);
        return;
      }
      case 'selfTestResult':
        s.applyBackend(undefined, event.result.backend);
        return;
      case 'backend':
        s.applyBackend(event.runId, event.report);
        s.patchRun(event.runId, { backend: event.report.name, adapter: describeAdapter(event.report) });
        return;
      case 'progress':
        metrics.flush(); // points logged before a status change are applied before it
        onProgress(event);
        return;
      case 'metrics':
        metrics.push(event);
        return;
      case 'evaluation':
        metrics.flush();
        s.appendEvaluation(event.runId, event.result);
        s.announce(`${name(event.runId)}: evaluated at step ${event.result.step}, linear probe on Z1 ${(event.result.z1.linearTop1 * 100).toFixed(1)}%`);
        return;
      case 'checkpointSaved':
        s.patchRun(event.runId, { checkpointStep: event.step });
        return;
      case 'exported':
      case 'imported':
      case 'features':
      case 'weightsInspected':
        return; // answers to requests (transfer.ts and pytorch.ts await them)
      case 'error':
        metrics.flush();
        onError(event);
        return;
    }
  }

  const unsubscribe = engine.subscribe(handle);
  return { disconnect: unsubscribe, flush: () => metrics.flush() };
}

// The page's commands: start, pause, resume, stop, sweeps, loading histories, deleting runs.
// Components call these; they talk to the engine and IndexedDB and update the store. Exports
// and imports are in transfer.ts.
import type { RunConfig } from '../../core/config';
import { presetOf, type PresetId } from '../../core/config-presets';
import type { BackendPreference } from '../../engine/backends/types';
import type { SelfTestResult } from '../../engine/protocol';
import type { RunGroup, RunRecord, RunStatus } from '../../engine/run-types';
import { newRunRecord } from '../../engine/run-record';
import { checkStoredHistory, checkStoredRuns } from './stored-runs';
import { cancelSweep, createSweep, itemGroup, markFinished, markStarted, nextItemIndex, sweepRunIds } from '../state/sweep';
import { labStore } from '../state/store';
import { plannedSteps } from '../../core/config-datasets';
import { connectEngine, requestEvent, type EngineLike, type RunsStoreLike } from './bridge';
import type { Scheduler } from './frame-batcher';

export interface ControllerDeps {
  engine: EngineLike;
  db: Promise<RunsStoreLike>;
  schedule?: Scheduler;
  now?: () => number;
  newId?: () => string;
}

export class LabController {
  readonly engine: EngineLike;
  readonly db: Promise<RunsStoreLike>;
  private readonly now: () => number;
  private readonly newId: () => string;
  private readonly loading = new Map<string, Promise<void>>();
  private readonly connection: { disconnect(): void; flush(): void };

  constructor(deps: ControllerDeps) {
    this.engine = deps.engine;
    this.db = deps.db;
    this.now = deps.now ?? (() => Date.now());
    this.newId = deps.newId ?? (() => crypto.randomUUID());
    this.connection = connectEngine(
      this.engine,
      { onRunFinished: (id, status) => this.advanceSweeps(id, status), refreshRun: (id) => void this.refreshRun(id) },
      deps,
    );
  }

  private get state() {
    return labStore.getState();
  }

  dispose(): void {
    this.connection.disconnect();
  }

  /** Applies pending metric deltas now (tests; the page relies on the frame batcher). */
  flush(): void {
    this.connection.flush();
  }

  /** Reads the run list from IndexedDB (the source of truth after a reload). */
  async loadRuns(): Promise<void> {
    // Every record is validated on read: one that an older build wrote, or that storage
    // corrupted, becomes a row that says what is wrong (and can be deleted), never a crash.
    const { runs: records, unreadable } = checkStoredRuns(await (await this.db).listRuns());
    const s = this.state;
    s.setRuns(records, unreadable);
    const selected = this.state.selected;
    // A first visit with stored runs overlays the newest few; a remembered selection wins.
    if (selected.length === 0 && records.length) s.setSelected(this.state.runOrder.slice(-3));
    // The header follows the run it followed before the reload (else the newest), so Resume
    // acts on it without a click in the table.
    const focus = this.state.focusId;
    if (!(focus && this.state.runs[focus]) && this.state.runOrder.length) s.setFocus(this.state.runOrder[this.state.runOrder.length - 1]);
    const followed = this.state.focusId;
    await Promise.all([...new Set([...this.state.selected, ...(followed ? [followed] : [])])].map((id) => this.ensureHistory(id)));
  }

  /** Loads a run's stored history once (merged with live points that came first). */
  ensureHistory(runId: string): Promise<void> {
    if (this.state.histories[runId]?.loaded) return Promise.resolve();
    let pending = this.loading.get(runId);
    if (!pending) {
      pending = (async () => {
        const db = await this.db;
        const [metrics, evaluations] = await Promise.all([db.metrics(runId), db.evaluations(runId)]);
        const checked = await checkStoredHistory(metrics, evaluations);
        if (this.state.runs[runId]) this.state.setHistory(runId, checked.metrics, checked.evaluations, checked.problem);
      })().finally(() => this.loading.delete(runId));
      this.loading.set(runId, pending);
    }
    return pending;
  }

  /** Re-reads a run's record (after it finished, or when an event names an unknown run). */
  async refreshRun(runId: string): Promise<void> {
    const raw = await (await this.db).getRun(runId);
    const s = this.state;
    const current = s.runs[runId];
    const { runs: readable, unreadable } = checkStoredRuns(raw ? [raw] : []);
    const record = readable[0];
    if (unreadable[0] && !s.live[runId]) s.markUnreadable(unreadable[0]);
    else if (record) {
      // What the events told us and the record may lack yet (the worker writes it later) stays.
      const merged: RunRecord = {
        ...record,
        backend: record.backend ?? current?.backend,
        adapter: record.adapter ?? current?.adapter,
        lastEval: record.lastEval ?? current?.lastEval,
        bestEval: record.bestEval ?? current?.bestEval,
      };
      s.upsertRun(s.live[runId] ? { ...merged, status: s.live[runId].status } : merged);
    } else if (s.runs[runId] && s.live[runId]?.status !== 'running') s.removeRun(runId); // never stored
  }

  private nextName(config: RunConfig): string {
    const numbers = Object.values(this.state.runs).map((r) => Number(/^#(\d+)/.exec(r.name)?.[1] ?? 0));
    return `#${Math.max(0, this.state.runOrder.length, ...numbers) + 1} ${presetOf(config).label}`;
  }

  /** Starts a run of `config` (the draft by default); returns its id. A study's run carries its `group`. */
  startRun(config: RunConfig = this.state.draft, name?: string, group?: RunGroup): string {
    const s = this.state;
    const id = this.newId();
    const now = this.now();
    const runName = name?.trim() || s.runName.trim() || this.nextName(config);
    const totalSteps = plannedSteps(config); // the engine reports the exact number once the data is loaded
    const record = newRunRecord({ id, name: runName, config: structuredClone(config), now, group }, { totalSteps });
    s.upsertRun(record);
    s.setHistory(id, [], []); // nothing stored yet: no IndexedDB read needed
    s.applyProgress(id, { status: 'running', phase: 'loading-data', step: 0, totalSteps, epoch: 0 }, now);
    s.setSelected([...this.state.selected, id]);
    s.setFocus(id);
    s.setRunName('');
    s.announce(`${runName}: starting`);
    this.engine.send({ type: 'start', runId: id, name: runName, config: record.config, backend: s.backend, ...(group ? { group } : {}) });
    return id;
  }

  pause(runId: string): void {
    this.state.announce(`${this.state.runs[runId]?.name ?? 'The run'}: pausing after this step`);
    this.engine.send({ type: 'pause', runId });
  }

  /**
   * Asks the engine to checkpoint the training run after its current step: the page calls
   * this when it is hidden or closed, so a tab that is then discarded or killed leaves a
   * recent checkpoint behind (a hidden tab keeps its worker running long enough to save).
   */
  saveTrainingRun(): void {
    for (const [runId, live] of Object.entries(this.state.live)) if (live.status === 'running') this.engine.send({ type: 'saveCheckpoint', runId });
  }

  /** Linear probe + kNN now (after the current step); the result streams in like any evaluation. */
  evaluateNow(runId: string): void {
    this.state.announce(`${this.state.runs[runId]?.name ?? 'The run'}: evaluating after this step`);
    this.engine.send({ type: 'evaluate', runId });
  }

  /** Continues a paused, interrupted or imported run from its last checkpoint. */
  resume(runId: string): void {
    this.state.setFocus(runId);
    if (!this.state.selected.includes(runId)) this.state.setSelected([...this.state.selected, runId]);
    void this.ensureHistory(runId);
    this.engine.send({ type: 'resume', runId, backend: this.state.backend });
  }

  async stop(runId: string): Promise<void> {
    const s = this.state;
    this.engine.send({ type: 'stop', runId });
    // A run not loaded in the engine (interrupted in an earlier visit) is stopped on record only.
    if (s.live[runId]?.status !== 'running') {
      const record = await (await this.db).updateRun(runId, (r) => ({ ...r, status: 'stopped' })).catch(() => undefined);
      if (record) this.state.upsertRun(record);
      if (this.state.live[runId]) this.state.setLiveStatus(runId, 'stopped');
      this.advanceSweeps(runId, 'stopped');
    }
  }

  async deleteRun(runId: string): Promise<void> {
    if (this.state.live[runId]?.status === 'running') throw new Error('Stop the run before deleting it.');
    await (await this.db).deleteRun(runId);
    this.state.removeRun(runId);
  }

  /** Queues one run per preset and seed on the draft's data and budget, and starts the first. */
  startSweep(presets: readonly PresetId[], base: RunConfig = this.state.draft, seeds = this.state.sweepSeeds): string {
    const s = this.state;
    const id = this.newId();
    s.addSweep(createSweep(id, `Sweep ${s.sweeps.length + 1}`, base, presets, s.strengths, seeds));
    this.advanceSweeps();
    return id;
  }

  cancelSweep(sweepId: string): void {
    const sweep = this.state.sweeps.find((sw) => sw.id === sweepId);
    if (!sweep) return;
    this.state.updateSweep(sweepId, cancelSweep);
    const running = sweep.items.find((i) => i.status === 'running' && i.runId);
    if (running?.runId) void this.stop(running.runId);
  }

  /** Records a finished run in its sweep and starts the sweep's next item. */
  private advanceSweeps(finishedRunId?: string, status?: RunStatus): void {
    for (const sweep of this.state.sweeps) {
      let next = finishedRunId && status ? markFinished(sweep, finishedRunId, status) : sweep;
      const index = nextItemIndex(next);
      if (index >= 0) {
        const item = next.items[index];
        const runId = this.startRun(item.config, item.name, itemGroup(next, item));
        next = markStarted(next, index, runId);
      }
      if (next !== sweep) this.state.updateSweep(sweep.id, () => next);
      if (next.state === 'done' && sweep.state === 'running') {
        this.state.setSelected(sweepRunIds(next));
        // Several seeds per variant: show each variant as its mean with a 95% band.
        if (next.seeds > 1 && this.state.chartGrouping === 'runs') this.state.setChartGrouping('ci95');
        this.state.announce(
          next.seeds > 1
            ? `${next.label} finished: ${next.items.length} runs (${next.seeds} seeds per variant) overlaid as variant means with 95% bands.`
            : `${next.label} finished: ${next.items.length} runs overlaid for comparison.`,
        );
      }
    }
  }

  /** The backend self-check (kept from the first page: e2e/webgpu-worker.e2e.ts drives it). */
  async selfTest(backend: BackendPreference): Promise<SelfTestResult | undefined> {
    this.state.setSelfTest({ busy: true });
    try {
      const { result } = await requestEvent(this.engine, { type: 'selfTest', backend });
      this.state.setSelfTest({ busy: false, result });
      return result;
    } catch (err) {
      this.state.setSelfTest({ busy: false, error: err instanceof Error ? err.message : String(err) });
      return undefined;
    }
  }
}

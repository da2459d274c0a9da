// One run inside the worker: the training loop with pause/stop, throttled metric deltas,
// autosaved checkpoints (by steps and by time: ../schedule.ts; on pause; when the
// page is hidden or closed), and the faults a run must survive. State that must outlive the page
// (the record, metric history, checkpoints) goes to RunsDb as it happens.
import { DivergedError, Trainer } from '../trainer';
import type { Checkpoint } from '../checkpoint/format';
import type { EngineErrorKind, EngineEvent, EnginePhase } from '../protocol';
import type { MetricPoint, RunRecord, RunStatus } from '../run-types';
import { StorageFullError, isQuotaError, type RunsDb } from '../storage/runs-db';
import type { InMemoryDataset } from '../../data/types';
import { watchDeviceLoss } from './gpu-device';
import { evaluateTrainer } from '../evaluation';
import { explainFailure } from '../failure-messages';
import { detectDeadRun, type DeadRunFlag } from '../dead-run';
import { afterInterval, checkpointDue, type SinceLastSave } from '../schedule';

/** Metric messages go out at most this often (the page redraws on each). */
const FLUSH_MILLIS = 250;
/** Logged points kept for the dead-run check (a stretch longer than this is still dead). */
const RECENT_POINTS = 64;

export interface SessionHost {
  post(event: EngineEvent, transfer?: Transferable[]): void;
  db: RunsDb;
  backendName: string;
  /** Milliseconds from some origin (performance.now by default; tests drive their own clock). */
  now?: () => number;
}

export class RunSession {
  private pauseRequested = false;
  private stopRequested = false;
  private deviceLostMessage: string | undefined;
  private pending: MetricPoint[] = [];
  private lastFlush = 0;
  private lastSavedStep: number;
  private hasCheckpoint: boolean; // resumed from one, or saved one in this session
  private saveClock = 0; // training time when the last save (or this loop) began counting
  private saveRequested = false;
  private compiled = false;
  private unrecordedMillis = 0; // training wall time not yet added to the run record
  private running = false;
  private evaluateRequested = false;
  private lastEvalStep = -1;
  private recent: MetricPoint[] = []; // the newest logged points, for the dead-run check
  private deadRun: DeadRunFlag | undefined;
  status: RunStatus = 'paused';

  constructor(
    readonly runId: string,
    private readonly host: SessionHost,
    readonly trainer: Trainer,
  ) {
    this.lastSavedStep = trainer.step;
    this.hasCheckpoint = trainer.step > 0;
    watchDeviceLoss((message) => {
      this.deviceLostMessage = message;
    });
  }

  static create(runId: string, host: SessionHost, record: RunRecord, dataset: InMemoryDataset, checkpoint?: Checkpoint): RunSession {
    return new RunSession(runId, host, new Trainer(record.config, dataset, checkpoint));
  }

  get isRunning(): boolean {
    return this.running;
  }

  requestPause(): void {
    this.pauseRequested = true;
  }

  requestStop(): void {
    this.stopRequested = true;
  }

  /**
   * Saves a checkpoint soon: after the current step while training (the loop owns the
   * weights; reading them mid-step would mix two steps), at once while paused. The page asks
   * when it is hidden or closed.
   */
  async requestSave(): Promise<void> {
    if (this.running) this.saveRequested = true;
    else await this.saveCheckpoint();
  }

  private get clock(): number {
    return (this.host.now ?? (() => performance.now()))();
  }

  private sinceSave(): SinceLastSave {
    return { steps: this.trainer.step - this.lastSavedStep, millis: this.clock - this.saveClock, saved: this.hasCheckpoint };
  }

  /** Whether a save is due within an interval: asked for, or by time (the step schedule keeps to interval ends). */
  private saveDueMidInterval(): boolean {
    return this.saveRequested || checkpointDue(0, this.sinceSave());
  }

  /** Evaluates after the current interval (while running) or at once (while paused). */
  async requestEvaluation(): Promise<void> {
    if (this.running) this.evaluateRequested = true;
    else await this.evaluate();
  }

  /** Linear probe + kNN of Z1 and Z2 on the current weights; stored and streamed to the page. */
  async evaluate(): Promise<void> {
    const t = this.trainer;
    if (t.step === this.lastEvalStep) return;
    const status = this.status;
    this.progress(status, 'evaluating');
    const result = await evaluateTrainer(t);
    this.lastEvalStep = t.step;
    await this.host.db.appendEvaluation(this.runId, result);
    await this.host.db.updateRun(this.runId, (r) => ({ ...r, lastEval: result }));
    this.host.post({ type: 'evaluation', runId: this.runId, result });
    this.progress(status, status === 'running' ? 'training' : undefined);
  }

  private progress(status: RunStatus, phase?: EnginePhase, message?: string): void {
    const t = this.trainer;
    this.status = status;
    this.host.post({ type: 'progress', runId: this.runId, status, phase, step: t.step, totalSteps: t.totalSteps, epoch: t.epoch, message });
  }

  private async flush(force = false): Promise<void> {
    const now = performance.now();
    if (!this.pending.length || (!force && now - this.lastFlush < FLUSH_MILLIS)) return;
    const points = this.pending;
    this.pending = [];
    this.lastFlush = now;
    this.host.post({ type: 'metrics', runId: this.runId, points });
    this.progress('running', 'training');
    const trainMillis = this.unrecordedMillis;
    this.unrecordedMillis = 0;
    await this.host.db.appendMetrics(this.runId, points);
    await this.host.db.updateRun(this.runId, (r) => ({ ...r, step: this.trainer.step, status: 'running', trainMillis: r.trainMillis + trainMillis }));
  }

  /** Stores a checkpoint of the current step. Throws StorageFullError when storage is full. */
  async saveCheckpoint(): Promise<void> {
    const t = this.trainer;
    if (t.step === this.lastSavedStep && (await this.host.db.latestCheckpoint(this.runId))?.step === t.step) return;
    this.progress(this.status, 'saving');
    const bytes = await t.checkpoint({ backend: this.host.backendName, runId: this.runId });
    await this.host.db.putCheckpoint(this.runId, t.step, bytes);
    this.lastSavedStep = t.step;
    this.hasCheckpoint = true;
    this.saveClock = this.clock;
    await this.host.db.updateRun(this.runId, (r) => ({ ...r, checkpointStep: t.step, step: t.step }));
    this.host.post({ type: 'checkpointSaved', runId: this.runId, step: t.step, bytes: bytes.byteLength });
  }

  /** Trains until the end, a pause, a stop or a fault. Resolves when the loop has settled. */
  async run(): Promise<void> {
    if (this.running) return;
    this.running = true;
    // Requests are cleared when the loop settles, not here: a pause or stop pressed while the
    // run's data loaded (before this loop began) still lands, before the first step.
    const t = this.trainer;
    this.saveClock = this.clock; // time paused does not count towards the next save
    try {
      await this.host.db.updateRun(this.runId, (r) => ({ ...r, status: 'running', message: undefined }));
      this.progress('running', this.compiled ? 'training' : 'compiling');
      while (!t.done && !this.pauseRequested && !this.stopRequested) {
        const first = !this.compiled;
        const stepBefore = t.step;
        const started = performance.now();
        const point = await t.runInterval({
          // A save that falls due by time (or that the page asks for) ends the interval early:
          // the first save must not wait for a long logging interval of slow steps.
          shouldStop: () => this.pauseRequested || this.stopRequested || this.deviceLostMessage !== undefined || this.saveDueMidInterval(),
          yieldBetweenSteps: true,
          // The first step compiles every shader: report it as its own phase, not as a slow step.
          maxSteps: first ? 1 : undefined,
        });
        this.unrecordedMillis += performance.now() - started;
        if (this.deviceLostMessage) throw new DeviceLostError(this.deviceLostMessage);
        if (first) {
          this.compiled = true;
          this.progress('running', 'training');
        }
        if (point) {
          this.pending.push(point);
          await this.checkDeadRun(point);
        }
        await this.flush();
        await afterInterval(
          {
            config: t.config,
            stepsPerEpoch: t.stepsPerEpoch,
            stepBefore,
            step: t.step,
            done: t.done,
            sinceSave: () => this.sinceSave(),
            saveRequested: () => this.saveRequested,
            evaluateRequested: () => this.evaluateRequested,
          },
          {
            checkpoint: async () => {
              this.saveRequested = false;
              await this.saveCheckpoint();
            },
            evaluate: async () => {
              this.evaluateRequested = false;
              await this.flush(true);
              await this.evaluate();
            },
          },
        );
      }
      await this.flush(true);
      await this.saveCheckpoint();
      if (t.done) await this.evaluate(); // every finished run has its final numbers
      const status: RunStatus = t.done ? 'done' : this.stopRequested ? 'stopped' : 'paused';
      await this.host.db.updateRun(this.runId, (r) => ({ ...r, status, step: t.step }));
      this.progress(status);
    } catch (err) {
      await this.fail(err);
    } finally {
      this.running = false;
      this.pauseRequested = false;
      this.stopRequested = false;
      this.saveRequested = false;
    }
  }

  /** Records on the run when its logged values turn dead, or come back (the page reads the record). */
  private async checkDeadRun(point: MetricPoint): Promise<void> {
    this.recent = [...this.recent.slice(-(RECENT_POINTS - 1)), point];
    const flag = detectDeadRun(this.trainer.config, this.recent);
    if (flag?.sinceStep === this.deadRun?.sinceStep && !flag === !this.deadRun) return;
    this.deadRun = flag;
    await this.host.db.updateRun(this.runId, (r) => ({ ...r, deadRun: flag }));
  }

  private async fail(err: unknown): Promise<void> {
    const t = this.trainer;
    // A lost device often shows first as a failing GPU call; `lost` resolves a moment later.
    if (!(err instanceof DivergedError) && this.deviceLostMessage === undefined) {
      await new Promise((resolve) => setTimeout(resolve, 1000));
    }
    if (this.deviceLostMessage !== undefined && !(err instanceof DeviceLostError)) err = new DeviceLostError(this.deviceLostMessage);
    this.pending = [];
    let status: RunStatus;
    let kind: EngineErrorKind;
    let message = err instanceof Error ? err.message : String(err);
    if (err instanceof DivergedError) {
      status = 'diverged';
      kind = 'diverged';
      message = `${message} The last good checkpoint (step ${this.lastSavedStep}) is kept; lower the learning rate or lmbd and start again.`;
    } else if (err instanceof StorageFullError || isQuotaError(err)) {
      status = 'paused';
      kind = 'quota';
      message = `${message} Training is paused; the checkpoint of step ${this.lastSavedStep} is intact.`;
    } else if (err instanceof DeviceLostError) {
      status = 'interrupted';
      kind = 'device-lost';
      message = `${message} Resume from the checkpoint of step ${this.lastSavedStep} on the same or another backend.`;
    } else {
      status = 'failed';
      kind = 'internal';
      message = explainFailure(err, { backend: this.host.backendName, config: t.config, doing: this.status === 'running' ? 'training' : undefined });
    }
    await this.host.db
      .updateRun(this.runId, (r) => ({ ...r, status, message, step: status === 'paused' ? t.step : this.lastSavedStep }))
      .catch(() => undefined); // storage may be the thing that failed; the event still tells the page
    this.progress(status, undefined, message);
    this.host.post({ type: 'error', runId: this.runId, kind, message });
  }

  dispose(): void {
    this.trainer.dispose();
  }
}

export class DeviceLostError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DeviceLostError';
  }
}

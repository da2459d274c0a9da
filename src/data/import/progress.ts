// Progress of an import, as the panel shows it: the phase, bytes or records done out of a total,
// a rate and the time left in the phase. Reports are throttled (a 170 MB tarball parses in a
// few seconds in thousands of pieces; the page needs ten updates a second at most).

export type ImportPhase = 'prepare' | 'download' | 'import' | 'decode' | 'generate' | 'verify';

export interface ImportProgress {
  phase: ImportPhase;
  file?: string; // the file being read, when there is one
  done: number; // in `unit`s
  total?: number; // unknown for a download without Content-Length
  unit: 'bytes' | 'images' | 'chunks';
  records: number; // images stored or parsed so far in this attempt
  totalRecords?: number;
  rate?: number; // `unit`s per second, smoothed
  etaSeconds?: number; // of this phase
  fraction: number; // of the whole attempt, 0..1 (what an interruption records)
}

export type ProgressListener = (progress: ImportProgress) => void;

const INTERVAL_MS = 100;

/** Turns raw counters into throttled ImportProgress reports with a smoothed rate. */
export class ProgressTracker {
  private phase: ImportPhase = 'prepare';
  private file: string | undefined;
  private unit: ImportProgress['unit'] = 'bytes';
  private total: number | undefined;
  private done = 0;
  private phaseStart = 0;
  private lastSent = -Infinity;
  private lastSample = { at: 0, done: 0 };
  private rate: number | undefined;
  /** The phase's share of the attempt: fraction = base + span * done / total. */
  private base = 0;
  private span = 0;
  records = 0;
  totalRecords: number | undefined;

  constructor(
    private readonly listener: ProgressListener,
    private readonly now: () => number = () => performance.now(),
  ) {}

  /** Starts a phase covering [base, base + span] of the attempt. */
  begin(phase: ImportPhase, options: { unit: ImportProgress['unit']; total?: number; file?: string; base: number; span: number }): void {
    this.phase = phase;
    this.unit = options.unit;
    this.total = options.total;
    this.file = options.file;
    this.base = options.base;
    this.span = options.span;
    this.done = 0;
    this.rate = undefined;
    this.phaseStart = this.now();
    this.lastSample = { at: this.phaseStart, done: 0 };
    this.emit(true);
  }

  setTotal(total: number | undefined): void {
    this.total = total;
  }

  update(done: number, force = false): void {
    this.done = done;
    this.emit(force || done === this.total); // the last step of a phase is always shown
  }

  get fraction(): number {
    const within = this.total ? Math.min(1, this.done / this.total) : 0;
    return Math.min(1, this.base + this.span * within);
  }

  snapshot(): ImportProgress {
    const remaining = this.total !== undefined ? Math.max(0, this.total - this.done) : undefined;
    return {
      phase: this.phase,
      file: this.file,
      done: this.done,
      total: this.total,
      unit: this.unit,
      records: this.records,
      totalRecords: this.totalRecords,
      rate: this.rate,
      etaSeconds: this.rate && remaining !== undefined ? remaining / this.rate : undefined,
      fraction: this.fraction,
    };
  }

  private emit(force: boolean): void {
    const now = this.now();
    if (!force && now - this.lastSent < INTERVAL_MS) return;
    const dt = (now - this.lastSample.at) / 1000;
    if (dt >= 0.25) {
      const instant = (this.done - this.lastSample.done) / dt;
      // Exponential smoothing: a network stall shows within a second without the rate jumping.
      this.rate = this.rate === undefined ? instant : 0.6 * this.rate + 0.4 * instant;
      this.lastSample = { at: now, done: this.done };
    }
    this.lastSent = now;
    this.listener(this.snapshot());
  }
}

// The records of a run as the engine produces them and IndexedDB stores them. Plain data
// (no tensors): shared by the worker, the page and the headless trainer.
import type { RunConfig } from '../core/config';
import type { StepMetrics } from '../core/step-metrics';
import type { BackendName } from './backends/types';

/** One logged point: the metrics and timing as means over every step of the logging interval. */
export interface MetricPoint {
  step: number; // steps completed
  epoch: number; // fractional epochs completed
  lr: number; // backbone learning rate of the last step
  values: StepMetrics; // interval means (points stored before 2026-12-02 hold the last step's values)
  stepMillis: number; // mean wall time per step over the interval (includes the sync)
  imagesPerSecond: number;
  /** TF.js bookkeeping after the interval: a count that grows means a leak. */
  memory: { tensors: number; bytes: number };
}

// Evaluation results are defined by the evaluation layer (eval/ may not import engine/).
export type { EvalResult, FeatureScores } from '../eval/types';
import type { EvalResult } from '../eval/types';

export type RunStatus =
  | 'queued' // waiting in the sweep queue
  | 'running'
  | 'paused'
  | 'interrupted' // the page closed or the worker died mid-run: resumable from its checkpoint
  | 'done'
  | 'stopped' // stopped by the user before the end
  | 'diverged'
  | 'failed';

/**
 * Membership of a study (a sweep with seeds): runs that share `studyId` and `variant` differ
 * only in the seed, so the lab shows them as one variant (mean, interval, band).
 */
export interface RunGroup {
  studyId: string;
  studyLabel: string; // "Sweep 2"
  variant: string; // the preset's label, e.g. "+Discrete"
  seed: number;
}

export interface RunRecord {
  id: string;
  name: string;
  config: RunConfig;
  datasetId: string;
  status: RunStatus;
  createdAt: number; // ms since epoch
  updatedAt: number;
  step: number;
  totalSteps: number;
  backend?: BackendName;
  adapter?: string; // adapter description, for the run table
  checkpointStep?: number; // step of the last stored checkpoint
  trainMillis: number; // wall time spent training (excludes pauses)
  message?: string; // why it stopped, diverged or failed
  /** Latest evaluation, kept on the record for the run table (final once the run is done). */
  lastEval?: EvalResult;
  /**
   * Written by builds before 2026-12-02: the evaluation with the highest test accuracy. Never
   * shown: a maximum picked on the test split is optimistically biased (docs/method.md).
   */
  bestEval?: EvalResult;
  /** Set for runs of a study (a sweep with seeds). */
  group?: RunGroup;
  /** Where the run came from. */
  origin: 'local' | 'imported';
  /** PyTorch weights it was imported from: the file and the architecture inferred from it. */
  importedFrom?: { fileName: string; format: string; architecture: string[] };
  /** Set while the logged values show a dead run (SSL loss at chance, Z2 all zeros: engine/dead-run.ts). */
  deadRun?: { sinceStep: number; message: string };
}

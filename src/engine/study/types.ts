// A study: projector variants x seeds on one budget, and what it found. This is the schema of
// study.json, written by `npm run study` and by the lab's "Export study", read by the lab's
// "Import study". Plain JSON: a value that could not be computed is null (JSON has no NaN), an
// interval that does not exist (n = 1) is null with a note.
import type { RunConfig } from '../../core/config';

export const STUDY_FORMAT = 'bottleneck-lab/study';
export const STUDY_VERSION = 1;

/** Final values of one run, in the order the table shows them. */
export const STUDY_METRICS = [
  'z1LinearTop1', // final linear probe on Z1 (encoder), test top-1
  'z2LinearTop1', // the same probe on Z2 (projector)
  'z1KnnTop1',
  'z2KnnTop1',
  'miZ1Z2', // mean over the last logging interval
  'hZ1',
  'hZ2',
  'sslLoss',
  'zeroRowsZ2', // share of all-zero rows of Z2 (discrete projector)
] as const;

export type StudyMetric = (typeof STUDY_METRICS)[number];

export const METRIC_LABELS: Record<StudyMetric, string> = {
  z1LinearTop1: 'Z1 linear top-1',
  z2LinearTop1: 'Z2 linear top-1',
  z1KnnTop1: 'Z1 kNN top-1',
  z2KnnTop1: 'Z2 kNN top-1',
  miZ1Z2: 'I(Z1;Z2)',
  hZ1: 'H(Z1)',
  hZ2: 'H(Z2)',
  sslLoss: 'SSL loss',
  zeroRowsZ2: 'all-zero rows of Z2',
};

/** Accuracies in [0, 1] (shown as %; differences in percentage points). */
export const PERCENT_METRICS: ReadonlySet<StudyMetric> = new Set(['z1LinearTop1', 'z2LinearTop1', 'z1KnnTop1', 'z2KnnTop1', 'zeroRowsZ2']);

/** One run's final values: the last evaluation and the last logging interval's means. */
export type StudyRun = { seed: number; step: number } & Record<StudyMetric, number | null> & {
    z1LinearTop5?: number | null;
    z2LinearTop5?: number | null;
    runId?: string; // the lab's run id (lab exports)
    seconds?: number; // training wall time
  };

export interface StudyStat {
  mean: number | null;
  ci95: [number, number] | null; // null: no interval (n = 1, or no values)
  n: number;
  note?: string; // why there is no interval
}

export interface StudyVariant {
  name: string; // baseline, lmbd, discrete, sae, lmbd+discrete, …
  config: RunConfig; // the config of seed `runs[0].seed`; runs differ in the seed only
  runs: StudyRun[];
  summary: Record<StudyMetric, StudyStat>;
}

/** Variant minus baseline, paired by seed (only seeds both have a value for). */
export interface StudyDifference {
  variant: string;
  against: string; // the baseline variant's name
  metric: StudyMetric;
  mean: number | null;
  ci95: [number, number] | null;
  n: number;
  seeds: number[];
  note?: string;
}

/** How the numbers were obtained: what a reader needs beside the table. */
export interface StudyProtocol {
  host: 'headless' | 'lab';
  dataset: string; // synthetic, cifar10, cifar100
  trainImages: number; // images a run trains on
  method: string;
  encoder: string; // e.g. "convnet [16,32,64]"
  epochs: number;
  batchSize: number;
  stepsPerRun: number;
  logEvery: number; // steps per logging interval (I and H are that interval's means)
  seeds: number[];
  probe: string; // the probe protocol in words (eval/labels.ts)
  statistics: string; // how the intervals are computed
  zeroRows?: string; // the zero-row convention, when a variant is discrete
  backend?: string;
  wallSeconds?: number; // the whole study, start to end
  createdAt: string; // ISO time
}

export interface StudyJson {
  format: typeof STUDY_FORMAT;
  version: typeof STUDY_VERSION;
  label: string; // "Study 2026-12-02" or the lab's sweep label
  protocol: StudyProtocol;
  variants: StudyVariant[];
  differences: StudyDifference[];
}

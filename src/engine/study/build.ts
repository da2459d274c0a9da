// Builds a study from runs: each run's final values, each variant's mean with its t-based 95%
// interval over seeds, and every variant's difference to the baseline paired by seed. The
// headless study and the lab both call this, so study.json means one thing wherever it was made.
// Nothing is selected on the test split: every accuracy is the run's final evaluation.
import type { RunConfig } from '../../core/config';
import { encoderOutputDim } from '../../core/config';
import { variantOf } from '../../core/config-presets';
import { probeProtocolText, ZERO_ROW_CONVENTION } from '../../eval/labels';
import { meanInterval, pairedDifference } from '../../eval/stats';
import type { EvalResult, MetricPoint } from '../run-types';
import {
  STUDY_FORMAT,
  STUDY_METRICS,
  STUDY_VERSION,
  type StudyDifference,
  type StudyJson,
  type StudyMetric,
  type StudyProtocol,
  type StudyRun,
  type StudyStat,
  type StudyVariant,
} from './types';

const orNull = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v : null);

/**
 * A run's final values: its last evaluation, which must be at (or after) its last logged
 * step, and the means of its last logging interval. Undefined for a run without both.
 */
export function finalRunValues(seed: number, metrics: readonly MetricPoint[], evaluations: readonly EvalResult[]): StudyRun | undefined {
  const last = metrics[metrics.length - 1];
  const evaluation = evaluations[evaluations.length - 1];
  if (!last || !evaluation || evaluation.step < last.step) return undefined;
  const v = last.values;
  return {
    seed,
    step: evaluation.step,
    z1LinearTop1: orNull(evaluation.z1.linearTop1),
    z2LinearTop1: orNull(evaluation.z2.linearTop1),
    z1KnnTop1: orNull(evaluation.z1.knnTop1),
    z2KnnTop1: orNull(evaluation.z2.knnTop1),
    z1LinearTop5: orNull(evaluation.z1.linearTop5),
    z2LinearTop5: orNull(evaluation.z2.linearTop5),
    miZ1Z2: orNull(v.miZ1Z2),
    hZ1: orNull(v.hZ1),
    hZ2: orNull(v.hZ2),
    sslLoss: orNull(v.sslLoss),
    zeroRowsZ2: orNull(v.zeroRowsZ2),
  };
}

function stat(values: number[]): StudyStat {
  const r = meanInterval(values);
  return { mean: orNull(r.mean), ci95: r.ci95 ?? null, n: r.n, ...(r.note ? { note: r.note } : {}) };
}

const metricOf = (run: StudyRun, metric: StudyMetric) => run[metric] ?? NaN;

export function summarizeRuns(runs: readonly StudyRun[]): Record<StudyMetric, StudyStat> {
  return Object.fromEntries(STUDY_METRICS.map((m) => [m, stat(runs.map((r) => metricOf(r, m)))])) as Record<StudyMetric, StudyStat>;
}

/** The variant the others are compared with: the first with every switch off, else the first. */
export function baselineVariant<T extends { config: RunConfig }>(variants: readonly T[]): T | undefined {
  return variants.find((v) => Object.values(variantOf(v.config)).every((on) => !on)) ?? variants[0];
}

export function studyDifferences(variants: readonly StudyVariant[]): StudyDifference[] {
  const base = baselineVariant(variants);
  if (!base) return [];
  const out: StudyDifference[] = [];
  for (const variant of variants) {
    if (variant === base) continue;
    for (const metric of STUDY_METRICS) {
      const bySeed = (runs: StudyRun[]) => new Map(runs.map((r) => [r.seed, metricOf(r, metric)]));
      const d = pairedDifference(bySeed(variant.runs), bySeed(base.runs));
      out.push({
        variant: variant.name,
        against: base.name,
        metric,
        mean: orNull(d.mean),
        ci95: d.ci95 ?? null,
        n: d.n,
        seeds: d.seeds,
        ...(d.note ? { note: d.note } : {}),
      });
    }
  }
  return out;
}

export interface VariantRuns {
  name: string;
  config: RunConfig;
  runs: StudyRun[];
}

export function buildStudy(label: string, protocol: StudyProtocol, variants: readonly VariantRuns[]): StudyJson {
  const built: StudyVariant[] = variants.map((v) => {
    // Seed order everywhere: the sums (and so the last bits of the means) do not depend on
    // the order the runs finished in, and a study read back from its file gives equal numbers.
    const runs = [...v.runs].sort((a, b) => a.seed - b.seed);
    return { name: v.name, config: v.config, runs, summary: summarizeRuns(runs) };
  });
  return { format: STUDY_FORMAT, version: STUDY_VERSION, label, protocol, variants: built, differences: studyDifferences(built) };
}

export const STATISTICS_TEXT =
  'mean over seeds; 95% CI = mean ± t(0.975, n−1)·s/√n (Student t, computed); n = 1 gives no interval; ' +
  'differences to the baseline are paired by seed (same seed: same data order and initialisation stream)';

/** The protocol of a study whose runs share `config` up to the variant switches and the seed. */
export function studyProtocol(
  config: RunConfig,
  seeds: readonly number[],
  extra: { host: 'headless' | 'lab'; trainImages: number; stepsPerRun: number; evalProtocol?: EvalResult['protocol']; anyDiscrete: boolean; backend?: string },
): StudyProtocol {
  const e = config.encoder;
  const encoder = e.kind === 'convnet' ? `convnet [${e.convChannels.join(',')}]` : `resnet18 width ${e.width}`;
  return {
    host: extra.host,
    dataset: config.data.dataset,
    trainImages: extra.trainImages,
    method: config.method,
    encoder: `${encoder} (${encoderOutputDim(config)}-d Z1), projector ${config.projector.hiddenDim}→${config.projector.outputDim}`,
    epochs: config.train.epochs,
    batchSize: config.train.batchSize,
    stepsPerRun: extra.stepsPerRun,
    logEvery: config.train.logEvery,
    seeds: [...seeds].sort((a, b) => a - b),
    probe: probeProtocolText(
      extra.evalProtocol ?? { probeEpochs: config.eval.probeEpochs, knnK: config.eval.knnK, trainImages: config.eval.trainSubset || undefined },
    ),
    statistics: STATISTICS_TEXT,
    ...(extra.anyDiscrete ? { zeroRows: ZERO_ROW_CONVENTION } : {}),
    ...(extra.backend ? { backend: extra.backend } : {}),
    createdAt: new Date().toISOString(),
  };
}

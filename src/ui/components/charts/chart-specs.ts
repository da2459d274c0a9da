// The charts of the lab: one metric per chart (small multiples), so every run keeps one style
// everywhere. Values come from the logged metric points or from the evaluations.
import type { EvalResult, MetricPoint } from '../../../engine/run-types';
import { PROBE_NOT_SOLO_LEARN, PROBE_SHORT, ZERO_ROW_SHORT } from '../../../eval/labels';

// Beside every accuracy: which probe produced it (docs/method.md).
const PROBE_NOTE = ` Final-layer features frozen; ${PROBE_SHORT} (Adam, unaugmented), ${PROBE_NOT_SOLO_LEARN}.`;

export type ChartGroup = 'loss' | 'information' | 'accuracy' | 'speed';

interface BaseSpec {
  id: string;
  title: string;
  yLabel: string;
  group: ChartGroup;
  hint: string; // one line under the title: what to look for
  percent?: boolean; // values in [0, 1] shown as %
}

export type ChartSpec =
  (BaseSpec & { source: 'metrics'; value: (p: MetricPoint) => number }) | (BaseSpec & { source: 'evaluations'; value: (e: EvalResult) => number });

export const GROUP_TITLES: Record<ChartGroup, string> = {
  loss: 'Loss and online classifier',
  information: 'Information (matrix-entropy proxies, nats)',
  accuracy: 'Downstream accuracy (at each evaluation)',
  speed: 'Schedule and speed',
};

export const CHART_SPECS: readonly ChartSpec[] = [
  {
    id: 'ssl-loss',
    title: 'SSL loss',
    yLabel: 'loss',
    group: 'loss',
    source: 'metrics',
    value: (p) => p.values.sslLoss,
    hint: 'The self-supervised loss on the projector output Z2.',
  },
  {
    id: 'total-loss',
    title: 'Total loss',
    yLabel: 'loss',
    group: 'loss',
    source: 'metrics',
    value: (p) => p.values.loss,
    hint: 'SSL + online classifier + lmbd · I(Z1;Z2).',
  },
  {
    id: 'mi',
    title: 'I(Z1;Z2)',
    yLabel: 'nats',
    group: 'information',
    source: 'metrics',
    value: (p) => p.values.miZ1Z2,
    hint: `What the projector lets through from the encoder: lower is a tighter bottleneck. ${ZERO_ROW_SHORT}`,
  },
  {
    id: 'iz1r',
    title: 'I(Z1;R) proxy',
    yLabel: 'nats',
    group: 'information',
    source: 'metrics',
    value: (p) => p.values.iZ1R,
    hint: '−SSL loss on the encoder features: keep it high.',
  },
  {
    id: 'hz1',
    title: 'H(Z1)',
    yLabel: 'nats',
    group: 'information',
    source: 'metrics',
    value: (p) => p.values.hZ1,
    hint: 'Matrix entropy of the encoder features.',
  },
  {
    id: 'hz2',
    title: 'H(Z2)',
    yLabel: 'nats',
    group: 'information',
    source: 'metrics',
    value: (p) => p.values.hZ2,
    hint: `Matrix entropy of the projector output. ${ZERO_ROW_SHORT}`,
  },
  {
    id: 'lower',
    title: 'Lower bound',
    yLabel: 'nats',
    group: 'information',
    source: 'metrics',
    value: (p) => p.values.lowerBound,
    hint: 'I(Z1;R) − I(Z1;Z2): the paper\u2019s lower bound on I(Y;Z1), up to I(R;Y).',
  },
  {
    id: 'upper',
    title: 'Upper bound',
    yLabel: 'nats',
    group: 'information',
    source: 'metrics',
    value: (p) => p.values.upperBound,
    hint: 'H(Z1) − I(Z1;Z2), up to I(Y;Z2).',
  },
  {
    id: 'zero-rows',
    title: 'All-zero rows of Z2',
    yLabel: 'share of rows',
    group: 'information',
    percent: true,
    source: 'metrics',
    value: (p) => p.values.zeroRowsZ2,
    hint: 'Discrete projector only: rows rounded to all zeros. The entropies above count them as one shared direction (the official code lets them shrink the Gram trace).',
  },
  {
    id: 'classifier',
    title: 'Online classifier accuracy',
    yLabel: 'top-1',
    group: 'loss',
    percent: true,
    source: 'metrics',
    value: (p) => p.values.classifierAcc,
    hint: 'A linear classifier on detached Z1, trained alongside (batch accuracy).',
  },
  {
    id: 'linear-z1',
    title: 'Linear probe, Z1 (encoder)',
    yLabel: 'top-1',
    group: 'accuracy',
    percent: true,
    source: 'evaluations',
    value: (e) => e.z1.linearTop1,
    hint: `Test accuracy of a linear probe on the features downstream tasks use.${PROBE_NOTE}`,
  },
  {
    id: 'linear-z2',
    title: 'Linear probe, Z2 (projector)',
    yLabel: 'top-1',
    group: 'accuracy',
    percent: true,
    source: 'evaluations',
    value: (e) => e.z2.linearTop1,
    hint: `The same probe after the projector: usually lower than Z1.${PROBE_NOTE}`,
  },
  {
    id: 'knn-z1',
    title: 'kNN, Z1 (encoder)',
    yLabel: 'top-1',
    group: 'accuracy',
    percent: true,
    source: 'evaluations',
    value: (e) => e.z1.knnTop1,
    hint: `Weighted k-nearest-neighbour accuracy on Z1 (frozen features, ${PROBE_SHORT} protocol).`,
  },
  {
    id: 'knn-z2',
    title: 'kNN, Z2 (projector)',
    yLabel: 'top-1',
    group: 'accuracy',
    percent: true,
    source: 'evaluations',
    value: (e) => e.z2.knnTop1,
    hint: `Weighted k-nearest-neighbour accuracy on Z2 (frozen features, ${PROBE_SHORT} protocol).`,
  },
  {
    id: 'lr',
    title: 'Learning rate',
    yLabel: 'lr',
    group: 'speed',
    source: 'metrics',
    value: (p) => p.lr,
    hint: 'Warm-up, then cosine decay (scaled by batch / 256).',
  },
  {
    id: 'step-time',
    title: 'Step time',
    yLabel: 'ms / step',
    group: 'speed',
    source: 'metrics',
    value: (p) => p.stepMillis,
    hint: 'Mean wall time per step over each logging interval.',
  },
  {
    id: 'throughput',
    title: 'Images per second',
    yLabel: 'images / s',
    group: 'speed',
    source: 'metrics',
    value: (p) => p.imagesPerSecond,
    hint: 'Training throughput (each image is two views).',
  },
];

export function chartSpec(id: string): ChartSpec | undefined {
  return CHART_SPECS.find((s) => s.id === id);
}

/** Formats a value for tooltips and tables. */
export function formatValue(value: number | null | undefined, percent = false): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  if (percent) return `${(value * 100).toFixed(1)}%`;
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-3 || abs >= 1e5)) return value.toExponential(2);
  return value.toFixed(abs >= 100 ? 0 : abs >= 10 ? 2 : 3);
}

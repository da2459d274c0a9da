// study.md: the table a researcher pastes (variant, Z1/Z2 probe and kNN, I(Z1;Z2), the paired
// difference to the baseline with its interval, n) and the protocol that produced it. The lab's
// study table formats its cells with the same functions.
import { configVariantName } from './variants';
import { PERCENT_METRICS, type StudyDifference, type StudyJson, type StudyMetric, type StudyStat } from './types';

/** "40.1%" / "0.532"; em dash for no value. */
export function formatMetric(metric: StudyMetric, value: number | null | undefined): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '—';
  return PERCENT_METRICS.has(metric) ? `${(value * 100).toFixed(1)}%` : value.toFixed(3);
}

function formatBound(metric: StudyMetric, value: number, signed: boolean): string {
  const v = PERCENT_METRICS.has(metric) ? value * 100 : value;
  const text = v.toFixed(PERCENT_METRICS.has(metric) ? 1 : 3);
  return signed && v > 0 ? `+${text}` : text.replace('-', '−');
}

/** The interval part of a cell: "[38.9, 41.3]", "(n = 1: no interval)" or "". */
export function formatInterval(metric: StudyMetric, s: StudyStat): string {
  if (s.ci95) return `[${formatBound(metric, s.ci95[0], false)}, ${formatBound(metric, s.ci95[1], false)}]`;
  return s.n === 1 ? '(n = 1: no interval)' : '';
}

/** "40.1% [38.9, 41.3]" (95% CI), or "40.1% (n = 1: no interval)". */
export function formatStat(metric: StudyMetric, s: StudyStat): string {
  if (s.mean === null) return '—';
  const interval = formatInterval(metric, s);
  return `${formatMetric(metric, s.mean)}${interval ? ` ${interval}` : ''}`;
}

/** The two parts of a difference: "+1.2 pts" and "[−0.8, +3.2], n = 3" (accuracies in percentage points). */
export function differenceParts(d: StudyDifference | undefined): [string, string] {
  if (!d || d.mean === null) return [d && d.n === 0 ? 'no paired seeds' : '—', ''];
  const unit = PERCENT_METRICS.has(d.metric) ? ' pts' : '';
  const ci = d.ci95 ? `[${formatBound(d.metric, d.ci95[0], true)}, ${formatBound(d.metric, d.ci95[1], true)}]` : '(no interval)';
  return [`${formatBound(d.metric, d.mean, true)}${unit}`, `${ci}, n = ${d.n}`];
}

/** "+1.2 pts [−0.8, +3.2], n = 3". */
export function formatDifference(d: StudyDifference | undefined): string {
  const [value, rest] = differenceParts(d);
  return rest ? `${value} ${rest}` : value;
}

export function differenceOf(study: StudyJson, variant: string, metric: StudyMetric): StudyDifference | undefined {
  return study.differences.find((d) => d.variant === variant && d.metric === metric);
}

const TABLE_METRICS: StudyMetric[] = ['z1LinearTop1', 'z2LinearTop1', 'z1KnnTop1', 'z2KnnTop1', 'miZ1Z2'];

function strengths(study: StudyJson): string {
  return study.variants
    .map((v) => {
      const c = v.config;
      const parts = [
        c.loss.lmbd > 0 ? `lmbd ${c.loss.lmbd}` : '',
        c.projector.pointNum > 0 ? `point_num ${c.projector.pointNum}` : '',
        c.projector.sae.enabled ? `SAE m = ${c.projector.sae.latentDim}, top-k ${c.projector.sae.topK}` : '',
      ].filter(Boolean);
      return `${v.name} (${parts.length ? parts.join(', ') : 'plain MLP projector, lmbd 0'})`;
    })
    .join('; ');
}

export function studyMarkdown(study: StudyJson): string {
  const p = study.protocol;
  const base = study.differences[0]?.against ?? study.variants[0]?.name;
  const head = [
    'variant',
    'n',
    'Z1 linear top-1',
    'Z2 linear top-1',
    'Z1 kNN top-1',
    'Z2 kNN top-1',
    'I(Z1;Z2)',
    `Δ Z1 linear vs ${base} (paired)`,
    `Δ I(Z1;Z2) vs ${base} (paired)`,
  ];
  const rows = study.variants.map((v) => {
    const n = Math.max(...TABLE_METRICS.map((m) => v.summary[m].n));
    const isBase = v.name === base;
    return [
      configVariantName(v.config) === v.name ? v.name : `${v.name} (${configVariantName(v.config)})`,
      String(n),
      ...TABLE_METRICS.map((m) => formatStat(m, v.summary[m])),
      isBase ? '(baseline)' : formatDifference(differenceOf(study, v.name, 'z1LinearTop1')),
      isBase ? '(baseline)' : formatDifference(differenceOf(study, v.name, 'miZ1Z2')),
    ];
  });
  const line = (cells: string[]) => `| ${cells.join(' | ')} |`;
  const minutes = p.wallSeconds !== undefined ? `${Math.floor(p.wallSeconds / 60)} min ${Math.round(p.wallSeconds % 60)} s` : undefined;
  return [
    `# ${study.label}`,
    '',
    line(head),
    line(head.map(() => '---')),
    ...rows.map(line),
    '',
    'Accuracies are final values (the last evaluation of each run; nothing is selected on the test split), as mean [95% CI] over seeds.',
    'I(Z1;Z2) is the mean over the last logging interval, in nats.',
    '',
    '## Protocol',
    '',
    `- Data: ${p.dataset}, ${p.trainImages.toLocaleString('en')} training images.`,
    `- Model: ${p.method}, ${p.encoder}.`,
    `- Budget (every run): ${p.epochs} ${p.epochs === 1 ? 'epoch' : 'epochs'} at batch ${p.batchSize} = ${p.stepsPerRun.toLocaleString('en')} steps; metrics logged as means over ${p.logEvery}-step intervals.`,
    `- Variants: ${strengths(study)}.`,
    `- Seeds: ${p.seeds.join(', ')} (the same for every variant).`,
    `- Accuracy: ${p.probe}.`,
    `- Statistics: ${p.statistics}.`,
    ...(p.zeroRows ? [`- I(Z1;Z2) and H(Z2) of discrete variants: ${p.zeroRows}`] : []),
    `- Ran: ${p.host === 'lab' ? 'in the lab (browser)' : 'headless (npm run study)'}${p.backend ? `, backend ${p.backend}` : ''}${minutes ? `, wall time ${minutes}` : ''}${p.createdAt ? `, ${p.createdAt}` : ''}.`,
    '',
  ].join('\n');
}

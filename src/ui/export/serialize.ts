// Metrics as files people open elsewhere: CSV for spreadsheets, JSON lines for scripts.
// NaN and Infinity (a diverged run) are written as empty CSV cells and as JSON null, and
// read back as NaN: JSON has no NaN.
import type { EvalResult, MetricPoint } from '../../engine/run-types';
import { probeProtocolText } from '../../eval/labels';

export const METRIC_KEYS = [
  'loss',
  'sslLoss',
  'classifierLoss',
  'classifierAcc',
  'miZ1Z2',
  'hZ1',
  'hZ2',
  'iZ1R',
  'lowerBound',
  'upperBound',
  'zeroRowsZ2',
] as const satisfies readonly (keyof MetricPoint['values'])[];

/** Values added after the first release: absent from older files, read back as NaN (no value). */
const OPTIONAL_KEYS: ReadonlySet<string> = new Set(['zeroRowsZ2']);

const cell = (v: number) => (Number.isFinite(v) ? String(v) : '');

export function metricsToCsv(points: readonly MetricPoint[]): string {
  const header = ['step', 'epoch', 'lr', ...METRIC_KEYS, 'stepMillis', 'imagesPerSecond'];
  const rows = points.map((p) => [p.step, p.epoch, p.lr, ...METRIC_KEYS.map((k) => p.values[k]), p.stepMillis, p.imagesPerSecond].map(cell).join(','));
  return [header.join(','), ...rows].join('\n') + '\n';
}

const quoted = (text: string) => `"${text.replace(/"/g, '""')}"`;

/** One row per evaluation; the last column names the probe protocol that produced the numbers. */
export function evaluationsToCsv(results: readonly EvalResult[]): string {
  const header = ['step', 'epoch', 'z1LinearTop1', 'z1LinearTop5', 'z1KnnTop1', 'z2LinearTop1', 'z2LinearTop5', 'z2KnnTop1', 'millis', 'probeProtocol'];
  const rows = results.map(
    (r) =>
      [r.step, r.epoch, r.z1.linearTop1, r.z1.linearTop5, r.z1.knnTop1, r.z2.linearTop1, r.z2.linearTop5, r.z2.knnTop1, r.millis].map(cell).join(',') +
      `,${quoted(probeProtocolText(r.protocol))}`,
  );
  return [header.join(','), ...rows].join('\n') + '\n';
}

export function toJsonLines(items: readonly unknown[]): string {
  return items.map((item) => JSON.stringify(item)).join('\n') + (items.length ? '\n' : '');
}

/** Parses JSON lines; throws with the 1-based line number of the first bad line. */
export function fromJsonLines(text: string, what: string): unknown[] {
  const out: unknown[] = [];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    try {
      out.push(JSON.parse(line));
    } catch {
      throw new Error(`${what}, line ${i + 1}: not valid JSON`);
    }
  });
  return out;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
// null stands for a non-finite number (see the header).
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : v === null ? NaN : undefined);

/** A metric point read from untrusted JSON, or a reason it is not one. */
export function readMetricPoint(raw: unknown): MetricPoint | string {
  if (!isObject(raw) || !isObject(raw.values)) return 'not a metric point';
  const step = num(raw.step);
  const epoch = num(raw.epoch);
  if (step === undefined || !Number.isInteger(step) || step < 0) return 'step must be a whole number ≥ 0';
  if (epoch === undefined) return 'epoch must be a number';
  const values = {} as MetricPoint['values'];
  for (const key of METRIC_KEYS) {
    const v = raw.values[key] === undefined && OPTIONAL_KEYS.has(key) ? NaN : num(raw.values[key]);
    if (v === undefined) return `values.${key} must be a number`;
    values[key] = v;
  }
  const memory = isObject(raw.memory) ? { tensors: num(raw.memory.tensors) ?? NaN, bytes: num(raw.memory.bytes) ?? NaN } : { tensors: NaN, bytes: NaN };
  return { step, epoch, lr: num(raw.lr) ?? NaN, values, stepMillis: num(raw.stepMillis) ?? NaN, imagesPerSecond: num(raw.imagesPerSecond) ?? NaN, memory };
}

function readScores(raw: unknown): EvalResult['z1'] | undefined {
  if (!isObject(raw)) return undefined;
  const [linearTop1, linearTop5, knnTop1] = [num(raw.linearTop1), num(raw.linearTop5), num(raw.knnTop1)];
  if (linearTop1 === undefined || linearTop5 === undefined || knnTop1 === undefined) return undefined;
  return { linearTop1, linearTop5, knnTop1 };
}

/** An evaluation read from untrusted JSON, or a reason it is not one. */
export function readEvaluation(raw: unknown): EvalResult | string {
  if (!isObject(raw)) return 'not an evaluation';
  const step = num(raw.step);
  const epoch = num(raw.epoch);
  const z1 = readScores(raw.z1);
  const z2 = readScores(raw.z2);
  if (step === undefined || epoch === undefined) return 'step and epoch must be numbers';
  if (!z1 || !z2) return 'z1 and z2 must hold linearTop1, linearTop5 and knnTop1';
  const protocol = isObject(raw.protocol)
    ? (raw.protocol as unknown as EvalResult['protocol'])
    : { trainImages: NaN, testImages: NaN, probeEpochs: NaN, knnK: NaN, knnTemperature: NaN };
  return { step, epoch, z1, z2, millis: num(raw.millis) ?? NaN, protocol };
}

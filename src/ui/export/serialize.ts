// Metrics as files people open elsewhere: CSV for spreadsheets, JSON lines for scripts.
// NaN and Infinity (a diverged run) are written as empty CSV cells and as JSON null, and
// read back as NaN: JSON has no NaN.
// Reading them back (with every field checked) is engine/run-schema.ts's job.
import { METRIC_KEYS } from '../../engine/run-schema';
import type { EvalResult, MetricPoint } from '../../engine/run-types';
import { probeProtocolText } from '../../eval/labels';

export { METRIC_KEYS };

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

// Chart data: one row per x value with a column per run (recharts draws each run as a Line
// over the shared rows, and the hover tooltip lists every run at that x). Each run's points
// are downsampled before merging; tables pass limit = Infinity for the exact history.
// Downsampling works on the history's own records, so a long history (200,000 points) costs
// one pass per chart and no per-point objects: those allocations, times fifteen charts, were
// what held the main thread after such a history was imported.
import type { EvalResult, MetricPoint } from '../../../engine/run-types';
import type { RunHistory } from '../../state/history';
import { downsampleMinMax, DRAW_LIMIT } from '../../state/downsample';
import type { XAxis } from '../../state/ui-slice';
import type { ChartSpec } from './chart-specs';

export type ChartRow = { x: number } & Record<string, number | null>;

interface SeriesPoint {
  x: number;
  y: number;
}

/** One run's (x, y) points for a chart, in x order. */
export function runSeries(spec: ChartSpec, history: RunHistory | undefined, x: XAxis): SeriesPoint[] {
  if (!history) return [];
  const pick = (p: { step: number; epoch: number }) => (x === 'step' ? p.step : p.epoch);
  return spec.source === 'metrics'
    ? history.metrics.map((p) => ({ x: pick(p), y: spec.value(p) }))
    : history.evaluations.map((e) => ({ x: pick(e), y: spec.value(e) }));
}

/** The records a chart reads from a history, and its value of each. */
function sourceOf(spec: ChartSpec, history: RunHistory): { items: readonly (MetricPoint | EvalResult)[]; value: (p: MetricPoint | EvalResult) => number } {
  const value = spec.value as (p: MetricPoint | EvalResult) => number;
  return { items: spec.source === 'metrics' ? history.metrics : history.evaluations, value };
}

/** How many finite values a chart has of one run (what it draws or tables, before downsampling). */
export function finiteCount(spec: ChartSpec, history: RunHistory | undefined): number {
  if (!history) return 0;
  const { items, value } = sourceOf(spec, history);
  let n = 0;
  for (const p of items) if (Number.isFinite(value(p))) n++;
  return n;
}

/** Rows for `runIds` (missing values are null; NaN/Inf become null: a gap, not a crash). */
export function chartRows(
  spec: ChartSpec,
  runIds: readonly string[],
  histories: Readonly<Record<string, RunHistory>>,
  x: XAxis,
  limit = DRAW_LIMIT,
): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  for (const id of runIds) {
    const history = histories[id];
    if (!history) continue;
    const { items, value } = sourceOf(spec, history);
    for (const p of downsampleMinMax(items, value, limit)) {
      const px = x === 'step' ? p.step : p.epoch;
      const py = value(p);
      let row = rows.get(px);
      if (!row) {
        row = { x: px } as ChartRow;
        rows.set(px, row);
      }
      row[id] = Number.isFinite(py) ? py : null;
    }
  }
  return [...rows.values()].sort((a, b) => a.x - b.x);
}

/** Row indices at which to draw a run's markers: about `count` of them, staggered per run. */
export function markerRows(rows: readonly ChartRow[], runId: string, styleIndex: number, count = 6): Set<number> {
  const present: number[] = [];
  rows.forEach((row, i) => {
    if (row[runId] !== undefined && row[runId] !== null) present.push(i);
  });
  if (present.length <= count) return new Set(present);
  const stride = present.length / count;
  // Offsetting by the style index keeps two runs' markers from landing on the same x.
  const offset = ((styleIndex * 0.37) % 1) * stride;
  const out = new Set<number>();
  for (let k = 0; k < count; k++) out.add(present[Math.min(present.length - 1, Math.floor(offset + k * stride))]);
  return out;
}

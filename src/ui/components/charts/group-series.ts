// Chart rows for series that may stand for several runs (a study variant drawn as its mean
// with a band). A one-run series is that run's points, downsampled like chartRows (series.ts);
// a group's runs are aligned on x and averaged first (eval/stats.ts meanCurve, exact), then the
// mean curve is downsampled with its band. Band edges go in `<id>~lo` / `<id>~hi` columns and the
// number of runs averaged in `<id>~n`, so every column stays a number (recharts draws the band
// as an Area over [lo, hi]).
import { meanCurve, type BandKind } from '../../../eval/stats';
import { downsampleMinMax, DRAW_LIMIT } from '../../state/downsample';
import type { RunHistory } from '../../state/history';
import type { ChartSeries } from '../../state/studies';
import type { XAxis } from '../../state/ui-slice';
import type { ChartSpec } from './chart-specs';
import { chartRows, runSeries, type ChartRow } from './series';

export const bandKeys = (id: string) => ({ lo: `${id}~lo`, hi: `${id}~hi`, n: `${id}~n` });

/** True for a series that averages runs (a group), whatever its current size. */
export const isGroupSeries = (s: ChartSeries) => s.id !== s.runIds[0];

export function seriesRows(
  spec: ChartSpec,
  series: readonly ChartSeries[],
  histories: Readonly<Record<string, RunHistory>>,
  x: XAxis,
  band: BandKind,
  limit = DRAW_LIMIT,
): ChartRow[] {
  const rows = new Map<number, ChartRow>();
  const put = (at: number, key: string, value: number | null) => {
    let row = rows.get(at);
    if (!row) rows.set(at, (row = { x: at } as ChartRow));
    row[key] = value;
  };
  for (const s of series) {
    if (!isGroupSeries(s)) {
      // The history's own records are downsampled before any point is made (series.ts): a
      // 200,000-point history costs one pass, not 200,000 objects per chart.
      for (const row of chartRows(spec, [s.id], histories, x, limit)) put(row.x, s.id, row[s.id] ?? null);
      continue;
    }
    const curve = meanCurve(
      s.runIds.map((id) => runSeries(spec, histories[id], x)),
      band,
    );
    const keys = bandKeys(s.id);
    for (const p of downsampleMinMax(curve, (q) => q.mean, limit)) {
      put(p.x, s.id, p.mean);
      put(p.x, keys.n, p.n);
      if (p.band) {
        put(p.x, keys.lo, p.band[0]);
        put(p.x, keys.hi, p.band[1]);
      }
    }
  }
  return [...rows.values()].sort((a, b) => a.x - b.x);
}

/** Series with a band drawn somewhere (at least one x where it could be formed). */
export function seriesWithBands(rows: readonly ChartRow[], series: readonly ChartSeries[]): string[] {
  return series.filter((s) => isGroupSeries(s) && rows.some((r) => typeof r[bandKeys(s.id).lo] === 'number')).map((s) => s.id);
}

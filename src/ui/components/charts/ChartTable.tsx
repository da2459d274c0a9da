// The chart's data as a table: every logged point (never downsampled), a page at a time. A
// study variant's column holds its mean over seeds with the band and the number of runs.
import { useMemo, useState } from 'react';
import type { BandKind } from '../../../eval/stats';
import { useChartHistories } from './chart-histories';
import type { ChartSeries } from '../../state/studies';
import type { XAxis } from '../../state/ui-slice';
import { formatValue, type ChartSpec } from './chart-specs';
import { bandKeys, isGroupSeries, seriesRows } from './group-series';
import type { ChartRow } from './series';

function cell(row: ChartRow, s: ChartSeries, percent?: boolean): string {
  const value = formatValue(row[s.id], percent);
  if (!isGroupSeries(s) || row[s.id] === undefined || row[s.id] === null) return value;
  const k = bandKeys(s.id);
  const lo = row[k.lo];
  const hi = row[k.hi];
  const band = typeof lo === 'number' && typeof hi === 'number' ? ` [${formatValue(lo, percent)}, ${formatValue(hi, percent)}]` : '';
  return `${value}${band} (n = ${row[k.n] ?? 0})`;
}

const PAGE = 50;

export function ChartTable({
  spec,
  series,
  names,
  x,
  slot,
  band,
}: {
  spec: ChartSpec;
  series: readonly ChartSeries[];
  names: Record<string, string>;
  x: XAxis;
  slot: number;
  band: BandKind;
}) {
  const histories = useChartHistories(slot);
  const rows = useMemo(() => seriesRows(spec, series, histories, x, band, Infinity), [spec, series, histories, x, band]);
  const pages = Math.max(1, Math.ceil(rows.length / PAGE));
  // The newest page by default: while training, that is where the numbers change.
  const [page, setPage] = useState<number | undefined>(undefined);
  const current = Math.min(page ?? pages - 1, pages - 1);
  const shown = rows.slice(current * PAGE, (current + 1) * PAGE);
  return (
    <div className="chart-table">
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">
            {spec.title} by {x}
          </caption>
          <thead>
            <tr>
              <th scope="col">{x}</th>
              {series.map((s) => (
                <th key={s.id} scope="col">
                  {names[s.id]}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {shown.map((row) => (
              <tr key={row.x}>
                <th scope="row" className="num">
                  {x === 'epoch' ? row.x.toFixed(3) : row.x}
                </th>
                {series.map((s) => (
                  <td key={s.id} className="num">
                    {cell(row, s, spec.percent)}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      {pages > 1 && (
        <div className="pager">
          <button type="button" className="tool" disabled={current === 0} onClick={() => setPage(current - 1)}>
            Earlier
          </button>
          <span>
            rows {current * PAGE + 1}–{Math.min(rows.length, (current + 1) * PAGE)} of {rows.length}
          </span>
          <button type="button" className="tool" disabled={current >= pages - 1} onClick={() => setPage(current + 1)}>
            Later
          </button>
        </div>
      )}
    </div>
  );
}

// The chart's data as a table: every logged point (never downsampled), a page at a time.
import { useMemo, useState } from 'react';
import { useChartHistories } from './chart-histories';
import type { XAxis } from '../../state/ui-slice';
import { formatValue, type ChartSpec } from './chart-specs';
import { chartRows } from './series';

const PAGE = 50;

export function ChartTable({
  spec,
  runIds,
  names,
  x,
  slot,
}: {
  spec: ChartSpec;
  runIds: readonly string[];
  names: Record<string, string>;
  x: XAxis;
  slot: number;
}) {
  const histories = useChartHistories(slot);
  const rows = useMemo(() => chartRows(spec, runIds, histories, x, Infinity), [spec, runIds, histories, x]);
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
              {runIds.map((id) => (
                <th key={id} scope="col">
                  {names[id]}
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
                {runIds.map((id) => (
                  <td key={id} className="num">
                    {formatValue(row[id], spec.percent)}
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

// Hover values: every drawn line at the hovered x, with its style sample and exact value (a
// study variant's mean with its band and the number of runs averaged there).
import type { TooltipContentProps } from 'recharts';
import { styleFor } from '../../state/run-styles';
import type { Theme, XAxis } from '../../state/ui-slice';
import { RunStyleSample } from '../RunStyleSample';
import { formatValue } from './chart-specs';
import { bandKeys } from './group-series';

interface Extra {
  names: Record<string, string>;
  styles: Record<string, number>;
  theme: Theme;
  x: XAxis;
  percent?: boolean;
}

export function ChartTooltip(props: TooltipContentProps & Extra) {
  const { active, payload, label, names, styles, theme, x, percent } = props;
  if (!active || !payload?.length) return null;
  return (
    <div className="chart-tooltip">
      <div className="chart-tooltip-x">
        {x} {typeof label === 'number' ? (x === 'epoch' ? label.toFixed(2) : label.toLocaleString('en')) : label}
      </div>
      <table>
        <tbody>
          {payload.map((entry) => {
            // Bands are drawn by areas whose dataKey is a function: their values show in the mean's row.
            if (typeof entry.dataKey !== 'string') return null;
            const id = entry.dataKey;
            const row = (entry.payload ?? {}) as Record<string, number | null | undefined>;
            const k = bandKeys(id);
            const lo = row[k.lo];
            const hi = row[k.hi];
            const band = typeof lo === 'number' && typeof hi === 'number' ? ` [${formatValue(lo, percent)}, ${formatValue(hi, percent)}]` : '';
            const n = typeof row[k.n] === 'number' ? `, n = ${row[k.n]}` : '';
            return (
              <tr key={id}>
                <td>
                  <RunStyleSample style={styleFor(styles[id] ?? 0)} theme={theme} width={22} />
                </td>
                <td>{names[id] ?? id}</td>
                <td className="num">
                  {formatValue(entry.value as number | null, percent)}
                  {band}
                  {n}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

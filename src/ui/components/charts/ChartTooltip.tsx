// Hover values: every overlaid run at the hovered x, with its style sample and exact value.
import type { TooltipContentProps } from 'recharts';
import { styleFor } from '../../state/run-styles';
import type { Theme, XAxis } from '../../state/ui-slice';
import { RunStyleSample } from '../RunStyleSample';
import { formatValue } from './chart-specs';

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
            const id = String(entry.dataKey);
            return (
              <tr key={id}>
                <td>
                  <RunStyleSample style={styleFor(styles[id] ?? 0)} theme={theme} width={22} />
                </td>
                <td>{names[id] ?? id}</td>
                <td className="num">{formatValue(entry.value as number | null, percent)}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

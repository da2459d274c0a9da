// The runs a chart shows, each with its style sample (colour, dash and marker).
import { styleFor } from '../../state/run-styles';
import { useLab } from '../../state/store';
import { RunStyleSample } from '../RunStyleSample';

export function ChartLegend({ runIds }: { runIds: readonly string[] }) {
  const runs = useLab((s) => s.runs);
  const styleIndex = useLab((s) => s.styleIndex);
  const theme = useLab((s) => s.theme);
  return (
    <ul className="chart-legend" aria-label="Runs">
      {runIds.map((id) =>
        runs[id] ? (
          <li key={id}>
            <RunStyleSample style={styleFor(styleIndex[id] ?? 0)} theme={theme} />
            <span>{runs[id].name}</span>
          </li>
        ) : null,
      )}
    </ul>
  );
}

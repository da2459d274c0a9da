// The runs a chart shows, each with its style sample (colour, dash and marker).
import { styleFor } from '../../state/run-styles';
import { useShallow } from 'zustand/react/shallow';
import { useLab } from '../../state/store';
import { RunStyleSample } from '../RunStyleSample';
import { useRunNames } from './run-names';

export function ChartLegend({ runIds }: { runIds: readonly string[] }) {
  const names = useRunNames(runIds);
  const loaded = useLab(useShallow((s) => runIds.filter((id) => id in s.runs)));
  const styleIndex = useLab((s) => s.styleIndex);
  const theme = useLab((s) => s.theme);
  return (
    <ul className="chart-legend" aria-label="Runs">
      {runIds.map((id) =>
        loaded.includes(id) ? (
          <li key={id}>
            <RunStyleSample style={styleFor(styleIndex[id] ?? 0)} theme={theme} />
            <span>{names[id]}</span>
          </li>
        ) : null,
      )}
    </ul>
  );
}

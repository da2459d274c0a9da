// The runs a chart shows, each with its style sample (colour, dash and marker); with series
// given, one entry per drawn line (a study variant's entry stands for its runs' mean).
import { styleFor } from '../../state/run-styles';
import { useShallow } from 'zustand/react/shallow';
import type { ChartSeries } from '../../state/studies';
import { useLab } from '../../state/store';
import { RunStyleSample } from '../RunStyleSample';
import { useRunNames } from './run-names';

export function ChartLegend({
  runIds,
  series,
  names: seriesNames,
  styles,
}: {
  runIds: readonly string[];
  series?: readonly ChartSeries[];
  names?: Record<string, string>;
  styles?: Record<string, number>;
}) {
  const names = useRunNames(runIds);
  const loaded = useLab(useShallow((s) => runIds.filter((id) => id in s.runs)));
  const styleIndex = useLab((s) => s.styleIndex);
  const theme = useLab((s) => s.theme);
  if (series && seriesNames && styles) {
    return (
      <ul className="chart-legend" aria-label="Runs">
        {series.map((s) =>
          s.runIds.some((id) => loaded.includes(id)) ? (
            <li key={s.id} data-group={s.id !== s.runIds[0] ? 'true' : undefined}>
              <RunStyleSample style={styleFor(styles[s.id] ?? 0)} theme={theme} />
              <span>{seriesNames[s.id]}</span>
            </li>
          ) : null,
        )}
      </ul>
    );
  }
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

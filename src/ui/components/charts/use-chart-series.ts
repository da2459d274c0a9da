// The series a chart draws for the overlaid runs (studies.ts chartSeries), as a hook that
// re-renders only when a name, a group or the grouping changes: never on a progress event
// (charts must not subscribe to whole run records; see run-names.ts).
import { useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { bandLabel } from './band-label';
import type { RunRecord } from '../../../engine/run-types';
import { chartSeries, type ChartSeries } from '../../state/studies';
import { useLab } from '../../state/store';

export interface ChartSeriesView {
  series: ChartSeries[];
  names: Record<string, string>;
  styles: Record<string, number>; // a group takes its first run's style
  band: 'ci95' | 'minmax';
  bandText: string;
}

export function useChartSeries(runIds: readonly string[]): ChartSeriesView {
  const grouping = useLab((s) => s.chartGrouping);
  // Flat strings (shallow-compared): name and group of each run.
  const keys = useLab(
    useShallow((s) =>
      runIds.flatMap((id) => {
        const r = s.runs[id];
        return [r?.name ?? id, r?.group ? JSON.stringify(r.group) : ''];
      }),
    ),
  );
  const styleIndex = useLab((s) => s.styleIndex);
  // The series (and so the chart's rows) depend on names and groups only: a style change redraws
  // the lines, it does not recompute the data.
  const lines = useMemo(() => {
    const runs: Record<string, RunRecord> = {};
    runIds.forEach((id, i) => {
      const group = keys[2 * i + 1];
      runs[id] = { name: keys[2 * i], ...(group ? { group: JSON.parse(group) } : {}) } as RunRecord;
    });
    const series = chartSeries(runIds, runs, grouping);
    const band = grouping === 'minmax' ? ('minmax' as const) : ('ci95' as const);
    return { series, names: Object.fromEntries(series.map((s) => [s.id, s.name])), band, bandText: bandLabel(band) };
  }, [runIds, keys, grouping]);
  const styles = useMemo(() => Object.fromEntries(lines.series.map((s) => [s.id, styleIndex[s.runIds[0]] ?? 0])), [lines, styleIndex]);
  return useMemo(() => ({ ...lines, styles }), [lines, styles]);
}

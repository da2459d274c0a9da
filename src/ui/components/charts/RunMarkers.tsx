// Each run's marker shapes (a few per line, so colour is never the only cue), drawn as plain
// SVG from the chart's own scales. Not recharts dots (props built for every point) nor
// ReferenceDots (each one a subscriber to recharts' store): both dominated the redraws.
import { useXAxisScale, useYAxisScale } from 'recharts';
import { markerIsOpen, markerPath, styleFor } from '../../state/run-styles';
import type { Theme } from '../../state/ui-slice';
import { runColor } from '../RunStyleSample';
import type { ChartRow } from './series';

export interface RunMarkersProps {
  rows: readonly ChartRow[];
  runIds: readonly string[];
  markers: Record<string, Set<number>>;
  styleIndex: Record<string, number>;
  theme: Theme;
}

export function RunMarkers({ rows, runIds, markers, styleIndex, theme }: RunMarkersProps) {
  const xScale = useXAxisScale();
  const yScale = useYAxisScale();
  if (!xScale || !yScale) return null;
  return (
    <g className="run-markers" pointerEvents="none">
      {runIds.flatMap((id) => {
        const style = styleFor(styleIndex[id] ?? 0);
        const color = runColor(style, theme);
        const open = markerIsOpen(style.marker);
        const d = markerPath(style.marker, 3.5);
        return [...(markers[id] ?? [])].map((i) => {
          const value = rows[i]?.[id];
          const cx = typeof value === 'number' ? xScale(rows[i].x) : undefined;
          const cy = typeof value === 'number' ? yScale(value) : undefined;
          if (cx === undefined || cy === undefined || !Number.isFinite(cx) || !Number.isFinite(cy)) return null;
          return (
            <path key={`${id}-${i}`} d={d} transform={`translate(${cx} ${cy})`} fill={open ? 'none' : color} stroke={color} strokeWidth={open ? 1.8 : 1} />
          );
        });
      })}
    </g>
  );
}

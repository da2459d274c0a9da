// A run's style as a tiny picture (line with its dash and marker): legends, tooltips and the
// run table use it, so a run is recognisable without relying on colour.
import { markerIsOpen, markerPath, type RunStyle } from '../state/run-styles';
import type { Theme } from '../state/ui-slice';

export function runColor(style: RunStyle, theme: Theme): string {
  return theme === 'dark' ? style.colorDark : style.color;
}

export function RunStyleSample({ style, theme, width = 28 }: { style: RunStyle; theme: Theme; width?: number }) {
  const color = runColor(style, theme);
  const open = markerIsOpen(style.marker);
  return (
    <svg className="run-sample" width={width} height={12} viewBox={`0 0 ${width} 12`} aria-hidden="true" focusable="false">
      <line x1={1} y1={6} x2={width - 1} y2={6} stroke={color} strokeWidth={2} strokeDasharray={style.dash || undefined} />
      <path
        d={markerPath(style.marker, 3.5)}
        transform={`translate(${width / 2} 6)`}
        fill={open ? 'none' : color}
        stroke={color}
        strokeWidth={open ? 1.8 : 1}
      />
    </svg>
  );
}

// One visual identity per run, the same in every chart, legend, table row and export.
// Colour is never the only cue: each run also has its own dash pattern and marker shape.
// Okabe & Ito's colour-blind-safe palette (yellow left out: it vanishes on a light background);
// each colour has a lighter twin for the dark theme with the same hue.

export type MarkerShape = 'circle' | 'square' | 'triangle' | 'diamond' | 'cross' | 'wye';

export interface RunStyle {
  index: number; // assignment order: the style is a pure function of it
  color: string; // light theme
  colorDark: string; // dark theme
  dash: string; // SVG stroke-dasharray ('' = solid)
  marker: MarkerShape;
}

const COLORS: readonly [string, string][] = [
  ['#0072B2', '#56A8E0'], // blue
  ['#D55E00', '#F08A4B'], // vermillion
  ['#009E73', '#3CC9A0'], // bluish green
  ['#CC79A7', '#E3A3C8'], // reddish purple
  ['#E69F00', '#F5BB3D'], // orange
  ['#56B4E9', '#8FD0F5'], // sky blue
];
const DASHES: readonly string[] = ['', '6 3', '2 3', '8 3 2 3', '12 4'];
const MARKERS: readonly MarkerShape[] = ['circle', 'square', 'triangle', 'diamond', 'cross', 'wye'];

/**
 * The style of the index-th run. Colour and marker cycle together (6), the dash on its own (5):
 * the first 30 runs all differ in (colour, dash), and any two consecutive ones in all three.
 */
export function styleFor(index: number): RunStyle {
  const [color, colorDark] = COLORS[index % COLORS.length];
  return { index, color, colorDark, dash: DASHES[index % DASHES.length], marker: MARKERS[index % MARKERS.length] };
}

/**
 * Gives every run in `runIds` a style index, keeping the ones already assigned; a new run gets
 * the lowest free index, so deleting a run frees its style and nothing else changes colour.
 */
export function assignStyles(assigned: Readonly<Record<string, number>>, runIds: readonly string[]): Record<string, number> {
  const next: Record<string, number> = {};
  const used = new Set<number>();
  for (const id of runIds) {
    if (assigned[id] !== undefined) {
      next[id] = assigned[id];
      used.add(assigned[id]);
    }
  }
  let free = 0;
  for (const id of runIds) {
    if (next[id] !== undefined) continue;
    while (used.has(free)) free++;
    next[id] = free;
    used.add(free);
  }
  return next;
}

/** SVG path of a marker centred on (0, 0), `r` its half-size. */
export function markerPath(shape: MarkerShape, r: number): string {
  switch (shape) {
    case 'circle':
      return `M ${-r} 0 A ${r} ${r} 0 1 0 ${r} 0 A ${r} ${r} 0 1 0 ${-r} 0 Z`;
    case 'square':
      return `M ${-r} ${-r} H ${r} V ${r} H ${-r} Z`;
    case 'triangle':
      return `M 0 ${-r * 1.15} L ${r * 1.1} ${r * 0.8} L ${-r * 1.1} ${r * 0.8} Z`;
    case 'diamond':
      return `M 0 ${-r * 1.3} L ${r * 1.1} 0 L 0 ${r * 1.3} L ${-r * 1.1} 0 Z`;
    case 'cross':
      return `M ${-r} ${-r} L ${r} ${r} M ${r} ${-r} L ${-r} ${r}`;
    case 'wye':
      return `M 0 0 L 0 ${-r * 1.2} M 0 0 L ${r * 1.05} ${r * 0.6} M 0 0 L ${-r * 1.05} ${r * 0.6}`;
  }
}

/** Open shapes (cross, wye) are drawn with a stroke only. */
export function markerIsOpen(shape: MarkerShape): boolean {
  return shape === 'cross' || shape === 'wye';
}

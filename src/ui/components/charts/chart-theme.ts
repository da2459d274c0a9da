// Chart colours as plain values (not CSS variables) so an exported SVG/PNG is self-contained.
import type { Theme } from '../../state/ui-slice';

export interface ChartColors {
  background: string;
  text: string;
  muted: string;
  grid: string;
  axis: string;
}

export function chartColors(theme: Theme): ChartColors {
  return theme === 'dark'
    ? { background: '#171a1f', text: '#e4e7ec', muted: '#9aa3af', grid: '#2b3038', axis: '#485161' }
    : { background: '#ffffff', text: '#1d2430', muted: '#5f6b7a', grid: '#e8ebef', axis: '#c5ccd6' };
}

/** Short tick labels: 0.0012 → 1e-3, 12345 → 12.3k, 2.1e8 → 210M, 3e13 → 3e+13. */
export function compactTick(value: number): string {
  const abs = Math.abs(value);
  if (abs === 0) return '0';
  if (abs >= 1e12) return value.toExponential(0);
  for (const [unit, size] of [
    ['G', 1e9],
    ['M', 1e6],
    ['k', 1e3],
  ] as const) {
    if (abs >= size * 10) return `${Number((value / size).toPrecision(3))}${unit}`;
  }
  if (abs < 1e-2) return value.toExponential(0);
  return Number(value.toPrecision(3)).toString();
}

/**
 * Tick labels with as many decimals as the visible range needs (a loss moving between 2.7081
 * and 2.7086 must not read "2.71" on every tick).
 */
export function tickFormatter(min: number, max: number, percent = false): (value: number) => string {
  const scale = percent ? 100 : 1;
  const range = (max - min) * scale;
  const magnitude = Math.max(Math.abs(min), Math.abs(max)) * scale;
  if (!Number.isFinite(range) || range <= 0 || magnitude >= 1e4) return (v) => (percent ? `${Math.round(v * 100)}%` : compactTick(v));
  if (magnitude < 1e-3) return (v) => (v === 0 ? '0' : (v * scale).toExponential(1));
  // One decimal more than a quarter of the range needs (ticks at 2.5-steps), trailing zeros cut.
  const decimals = Math.min(7, Math.max(0, Math.ceil(-Math.log10(range / 4)) + 1));
  return (v) => `${Number((v * scale).toFixed(decimals))}${percent ? '%' : ''}`;
}

/** A y-range that is never empty: a constant series gets ±5% around its value (±1 around 0). */
export function paddedRange(min: number, max: number): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  if (max - min > 1e-9 * Math.max(Math.abs(min), Math.abs(max))) return [min, max];
  const pad = Math.abs(max) * 0.05 || 1;
  return [min - pad, max + pad];
}

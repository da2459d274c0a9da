import { describe, expect, it } from 'vitest';
import { evaluation, metricPoint } from '../../testing';
import { chartSpec, formatValue } from './chart-specs';
import { downsampleMinMax } from '../../state/downsample';
import { chartRows, finiteCount, markerRows, runSeries } from './series';

const mi = chartSpec('mi')!;
const histories = {
  a: { metrics: [metricPoint(2), metricPoint(4, { miZ1Z2: NaN })], evaluations: [evaluation(8, 0.5)], loaded: true },
  b: { metrics: [metricPoint(4), metricPoint(6)], evaluations: [], loaded: true },
};

describe('chart series', () => {
  it('one row per x with a column per run; missing is absent, non-finite is a gap', () => {
    const rows = chartRows(mi, ['a', 'b'], histories, 'step');
    expect(rows.map((r) => r.x)).toEqual([2, 4, 6]);
    expect(rows[0]).toEqual({ x: 2, a: 2.002 });
    expect(rows[1]).toEqual({ x: 4, a: null, b: 2.004 });
  });

  it('uses epochs on the x-axis, and evaluations for accuracy charts', () => {
    expect(chartRows(mi, ['b'], histories, 'epoch').map((r) => r.x)).toEqual([0.5, 0.75]);
    expect(chartRows(chartSpec('linear-z2')!, ['a', 'b'], histories, 'step')).toEqual([{ x: 8, a: 0.4 }]);
  });

  it('downsamples long histories for drawing, not for tables', () => {
    const long = { metrics: Array.from({ length: 5000 }, (_, i) => metricPoint(i + 1)), evaluations: [], loaded: true };
    expect(chartRows(mi, ['l'], { l: long }, 'step').length).toBeLessThanOrEqual(1500);
    expect(chartRows(mi, ['l'], { l: long }, 'step', Infinity)).toHaveLength(5000);
  });

  it('spreads a few markers over each run', () => {
    const rows = Array.from({ length: 60 }, (_, i) => ({ x: i, a: i % 2 ? 1 : null }));
    const marks = markerRows(rows, 'a', 0, 6);
    expect(marks.size).toBe(6);
    for (const i of marks) expect(rows[i].a).toBe(1);
  });

  it('formats values for tooltips and tables', () => {
    expect(formatValue(0.4567, true)).toBe('45.7%');
    expect(formatValue(null)).toBe('—');
    expect(formatValue(2.34567)).toBe('2.346');
    expect(formatValue(0.00012)).toBe('1.20e-4');
  });
});

describe('tick labels', () => {
  it('show as many decimals as the range needs', async () => {
    const { tickFormatter } = await import('./chart-theme');
    expect(tickFormatter(2.7081, 2.7086)(2.7084)).toBe('2.7084');
    expect(tickFormatter(2.7081, 2.7086)(2.70835)).toBe('2.70835');
    expect(tickFormatter(0, 5)(2.5)).toBe('2.5');
    expect(tickFormatter(0, 1, true)(0.25)).toBe('25%');
    expect(tickFormatter(0, 4e-7)(2e-7)).toBe('2.0e-7');
    expect(tickFormatter(3, 3)(3)).toBe('3');
  });
});

describe('compact ticks', () => {
  it('use k, M and G, and exponents at the extremes', async () => {
    const { compactTick } = await import('./chart-theme');
    expect([12_345, 2.1e8, 5e9 * 10, 3e13, 0.0012, 2.5, 0].map(compactTick)).toEqual(['12.3k', '210M', '50G', '3e+13', '1e-3', '2.5', '0']);
  });
});

describe('long histories', () => {
  it('downsample the records themselves: the same rows as downsampling (x, y) pairs, and an exact finite count', () => {
    const spec = chartSpec('ssl-loss')!;
    const metrics = Array.from({ length: 5000 }, (_, i) => metricPoint(i + 1, { sslLoss: i === 70 ? NaN : Math.sin(i / 40) + (i === 3000 ? 9 : 0) }));
    const history = { metrics, evaluations: [], loaded: true };
    const reference = downsampleMinMax(runSeries(spec, history, 'step'), (p) => p.y).map((p) => ({ x: p.x, r: Number.isFinite(p.y) ? p.y : null }));
    expect(chartRows(spec, ['r'], { r: history }, 'step')).toEqual(reference);
    expect(chartRows(spec, ['r'], { r: history }, 'step').some((row) => row.r === Math.sin(3000 / 40) + 9)).toBe(true); // the spike survives
    expect(finiteCount(spec, history)).toBe(4999);
  });
});

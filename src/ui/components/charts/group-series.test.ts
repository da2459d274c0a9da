import { describe, expect, it } from 'vitest';
import type { RunHistory } from '../../state/history';
import { evaluation, metricPoint } from '../../testing';
import { chartSpec } from './chart-specs';
import { bandKeys, seriesRows, seriesWithBands } from './group-series';

const history = (mis: number[]): RunHistory => ({
  metrics: mis.map((mi, i) => metricPoint(2 * (i + 1), { miZ1Z2: mi })),
  evaluations: [evaluation(2, 0.5)],
  loaded: true,
});

describe('series rows', () => {
  const spec = chartSpec('mi')!;
  const histories = { a: history([1, 2, 3]), b: history([3, 4]), c: history([10]) };
  const group = { id: 'group:s/x', name: 'x', runIds: ['a', 'b'] };
  const solo = { id: 'c', name: 'c', runIds: ['c'] };

  it('averages a group per x with its band; a single run is its own points', () => {
    const rows = seriesRows(spec, [group, solo], histories, 'step', 'minmax');
    const k = bandKeys(group.id);
    expect(rows.map((r) => r.x)).toEqual([2, 4, 6]);
    expect(rows[0]).toEqual({ x: 2, [group.id]: 2, [k.n]: 2, [k.lo]: 1, [k.hi]: 3, c: 10 });
    expect(rows[1][group.id]).toBe(3);
    expect(rows[2]).toEqual({ x: 6, [group.id]: 3, [k.n]: 1 }); // one run left: no band
    expect(seriesWithBands(rows, [group, solo])).toEqual([group.id]);
  });

  it('a 95% band is the t interval over the runs at that x', () => {
    const rows = seriesRows(spec, [group], histories, 'step', 'ci95');
    const k = bandKeys(group.id);
    const half = Math.tan(0.475 * Math.PI) * 1; // values 1 and 3: s/√n = 1, t(0.975, 1)
    expect(rows[0][k.lo]).toBeCloseTo(2 - half, 10);
    expect(rows[0][k.hi]).toBeCloseTo(2 + half, 10);
  });
});

// The lab's studies: grouping a sweep's runs by variant for the charts, and building study.json
// from the finished runs (paired by seed; unfinished runs not counted).
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config';
import { applyPreset } from '../../core/config-presets';
import type { RunGroup } from '../../engine/run-types';
import { evaluation, metricPoint, runRecord } from '../testing';
import { chartSeries, labStudies } from './studies';
import type { RunHistory } from './history';

const group = (variant: string, seed: number): RunGroup => ({ studyId: 's1', studyLabel: 'Sweep 1', variant, seed });

function fixture() {
  const discrete = applyPreset(defaultConfig(), 'discrete');
  const runs = {
    b0: runRecord('b0', { group: group('Baseline', 0) }),
    d0: runRecord('d0', { group: group('+Discrete', 0) }, discrete),
    b1: runRecord('b1', { group: group('Baseline', 1) }),
    d1: runRecord('d1', { group: group('+Discrete', 1) }, discrete),
    d2: runRecord('d2', { group: group('+Discrete', 2), status: 'running' }, discrete),
    solo: runRecord('solo'),
  };
  const history = (acc: number, mi: number): RunHistory => ({
    metrics: [metricPoint(8), metricPoint(16, { miZ1Z2: mi })],
    evaluations: [evaluation(16, acc)],
    loaded: true,
  });
  const histories: Record<string, RunHistory> = {
    b0: history(0.4, 2.0),
    d0: history(0.45, 1.5),
    b1: history(0.42, 2.2),
    d1: history(0.44, 1.6),
    d2: history(0.9, 0.1),
  };
  return { runs, histories, order: ['b0', 'd0', 'b1', 'd1', 'd2', 'solo'] };
}

describe('lab studies', () => {
  it('draws each run, or each study variant as one series', () => {
    const { runs, order } = fixture();
    expect(chartSeries(order, runs, 'runs').map((s) => s.id)).toEqual(order);
    const grouped = chartSeries(order, runs, 'ci95');
    expect(grouped.map((s) => [s.id, s.runIds])).toEqual([
      ['group:s1/Baseline', ['b0', 'b1']],
      ['group:s1/+Discrete', ['d0', 'd1', 'd2']],
      ['solo', ['solo']],
    ]);
    expect(grouped[0].name).toBe('Sweep 1 · Baseline (mean of 2 seeds)');
  });

  it('builds study.json from the finished runs, pairing by seed against the baseline', () => {
    const { runs, histories, order } = fixture();
    const [study] = labStudies(runs, order, histories);
    expect(study.runIds).toEqual(['b0', 'd0', 'b1', 'd1', 'd2']);
    expect(study.pending).toBe(1); // d2 still trains: not counted
    const [base, discrete] = study.study.variants;
    expect(base.name).toBe('Baseline');
    expect(discrete.runs.map((r) => [r.seed, r.runId])).toEqual([
      [0, 'd0'],
      [1, 'd1'],
    ]);
    expect(discrete.summary.z1LinearTop1.mean).toBeCloseTo(0.445, 12);
    const d = study.study.differences.find((x) => x.metric === 'z1LinearTop1')!;
    expect(d).toMatchObject({ variant: '+Discrete', against: 'Baseline', n: 2, seeds: [0, 1] });
    expect(d.mean).toBeCloseTo((0.05 + 0.02) / 2, 12);
    const mi = study.study.differences.find((x) => x.metric === 'miZ1Z2')!;
    expect(mi.mean).toBeCloseTo((-0.5 - 0.6) / 2, 12); // the last interval's I(Z1;Z2)
    expect(study.study.protocol.host).toBe('lab');
    expect(study.study.protocol.zeroRows).toBeDefined();
  });

  it('counts a run only once its history is read', () => {
    const { runs, histories, order } = fixture();
    const { b1: _dropped, ...partial } = histories;
    const [study] = labStudies(runs, order, partial);
    expect(study.pending).toBe(2);
    expect(study.study.variants[0].summary.z1LinearTop1.n).toBe(1);
    expect(study.study.variants[0].summary.z1LinearTop1.ci95).toBeNull();
  });
});

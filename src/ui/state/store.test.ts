import { beforeEach, describe, expect, it } from 'vitest';
import { augmentationFor, barlowAugmentation, defaultConfig, simclrAugmentation } from '../../core/config';
import { evaluation, metricPoint, runRecord } from '../testing';
import { labStore, resetLab } from './store';

const s = () => labStore.getState();
beforeEach(resetLab);

describe('config slice', () => {
  it('edits leaves without mutating the previous draft, clearing that field\u2019s parse error', () => {
    const before = s().draft;
    s().setFieldError('loss.lmbd', 'must be a number');
    s().setField('loss.lmbd', 0.2);
    expect(s().draft.loss.lmbd).toBe(0.2);
    expect(before.loss.lmbd).toBe(0);
    expect(s().fieldErrors).toEqual({});
  });

  it('switching method brings the paper\u2019s learning rates and augmentations, keeping the projector', () => {
    s().setField('projector.outputDim', 64);
    s().setMethod('barlow');
    expect(s().draft.method).toBe('barlow');
    expect(s().draft.optim.lr).toBe(0.3);
    expect(s().draft.aug.views[1].solarizeProb).toBe(0.2);
    expect(s().draft.projector.outputDim).toBe(64);
  });

  it('the augmentation recipe follows the dataset (the paper\u2019s on CIFAR) unless the user edited it', () => {
    expect(s().draft.aug.views).toEqual(augmentationFor('simclr', 'synthetic'));
    s().setField('data.dataset', 'cifar10');
    expect(s().draft.aug.views).toEqual(simclrAugmentation());
    s().setMethod('barlow');
    expect(s().draft.aug.views).toEqual(barlowAugmentation());
    s().setField('aug.views.0.hue', 0.05); // edited: the user's recipe stays
    s().setField('data.dataset', 'synthetic');
    expect(s().draft.aug.views[0].hue).toBe(0.05);
    expect(s().draft.aug.views[0].cropScale).toEqual([0.08, 1]);
  });

  it('applies presets with the chosen strengths', () => {
    s().setStrengths({ lmbd: 0.05, pointNum: 3 });
    s().applyPresetToDraft('reg+discrete');
    expect(s().draft.loss.lmbd).toBe(0.05);
    expect(s().draft.projector.pointNum).toBe(3);
  });

  it('resetLab restores the initial state', () => {
    s().setField('seed', 3);
    resetLab();
    expect(s().draft).toEqual(defaultConfig());
  });
});

describe('runs slice', () => {
  it('orders runs by creation, gives each a stable style, and drops selections of missing runs', () => {
    labStore.setState({ selected: ['gone', 'b'] });
    s().setRuns([runRecord('b', { createdAt: 2 }), runRecord('a', { createdAt: 1 })]);
    expect(s().runOrder).toEqual(['a', 'b']);
    expect(s().styleIndex).toEqual({ a: 0, b: 1 });
    expect(s().selected).toEqual(['b']);
    s().upsertRun(runRecord('c', { createdAt: 3 }));
    s().removeRun('a');
    expect(s().runOrder).toEqual(['b', 'c']);
    expect(s().styleIndex).toEqual({ b: 1, c: 2 }); // nobody changes colour
  });

  it('merges stored history with live points that arrived first', () => {
    s().upsertRun(runRecord('r'));
    s().appendMetrics({ r: [metricPoint(6), metricPoint(8)] });
    s().setHistory('r', [metricPoint(2), metricPoint(4), metricPoint(6)], []);
    expect(s().histories.r.metrics.map((p) => p.step)).toEqual([2, 4, 6, 8]);
    expect(s().histories.r.loaded).toBe(true);
  });

  it('appends several runs\u2019 deltas in one update', () => {
    let updates = 0;
    const unsubscribe = labStore.subscribe(() => updates++);
    s().appendMetrics({ a: [metricPoint(2)], b: [metricPoint(2), metricPoint(4)] });
    unsubscribe();
    expect(updates).toBe(1);
    expect(s().histories.b.metrics).toHaveLength(2);
  });

  it('keeps the last evaluation on the record, never a best one picked on the test split', () => {
    s().upsertRun(runRecord('r'));
    s().appendEvaluation('r', evaluation(8, 0.5));
    s().appendEvaluation('r', evaluation(16, 0.4));
    expect(s().runs.r.lastEval?.step).toBe(16);
    expect(s().runs.r.bestEval).toBeUndefined();
  });

  it('truncates after a resume point', () => {
    s().upsertRun(runRecord('r'));
    s().appendMetrics({ r: [metricPoint(2), metricPoint(4), metricPoint(6)] });
    s().truncateHistory('r', 4);
    expect(s().histories.r.metrics.map((p) => p.step)).toEqual([2, 4]);
  });
});

describe('engine, compare, sweep and view slices', () => {
  it('tracks live progress per run and caps notices', () => {
    s().applyProgress('r', { status: 'running', phase: 'compiling', step: 0, totalSteps: 16, epoch: 0 }, 1);
    s().setLiveStatus('r', 'interrupted', 'crashed');
    expect(s().live.r).toMatchObject({ status: 'interrupted', message: 'crashed', phase: undefined });
    for (let i = 0; i < 8; i++) s().pushNotice({ kind: 'page', message: `n${i}` });
    expect(s().notices.map((n) => n.message)).toEqual(['n3', 'n4', 'n5', 'n6', 'n7']);
    s().dismissNotice(s().notices[0].id);
    expect(s().notices).toHaveLength(4);
  });

  it('toggles overlay selection and per-chart axes', () => {
    s().setRuns([runRecord('a'), runRecord('b')]);
    s().toggleSelected('a');
    s().toggleSelected('b');
    s().toggleSelected('a');
    expect(s().selected).toEqual(['b']);
    s().setChartX('mi', 'epoch');
    expect(s().chartX).toEqual({ mi: 'epoch' });
    s().setXAxis('step');
    expect(s().chartX).toEqual({});
    s().toggleSweepPreset('discrete');
    expect(s().sweepPresets).toEqual(['baseline', 'reg', 'discrete']);
  });
});

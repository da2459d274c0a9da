// The validators for run data from outside the page (bundles) and from storage (older builds,
// corruption): every problem names the field, the limit and the value.
import { describe, expect, it } from 'vitest';
import { evaluation, metricPoint, runRecord } from '../ui/testing';
import { checkEvaluation, checkMetricPoint, checkRunRecord } from './run-schema';

const problem = <T>(checked: { ok: true; value: T } | { ok: false; problem: string }) => (checked.ok ? undefined : checked.problem);
const json = <T>(value: T): T => JSON.parse(JSON.stringify(value)) as T;

describe('run records', () => {
  it('accept what this build writes, before and after a JSON round trip', () => {
    const run = runRecord('r1', {
      lastEval: evaluation(16, 0.4),
      bestEval: evaluation(8, 0.5),
      backend: 'wasm',
      checkpointStep: 16,
      importedFrom: { fileName: 'simclr.ckpt', format: 'Lightning checkpoint', architecture: ['ResNet-18, width 64'] },
      deadRun: { sinceStep: 10, message: 'SSL loss at chance' },
      group: { studyId: 's1', studyLabel: 'Sweep 1', variant: '+Discrete', seed: 2 },
    });
    expect(checkRunRecord(run, 'import')).toEqual({ ok: true, value: run });
    expect(checkRunRecord(json(run), 'stored')).toEqual({ ok: true, value: run });
  });

  it.each([
    ['an absurd step', { step: 1e308 }, 'step: must be a whole number from 0 to 1,000,000,000, got 1e+308'],
    ['a negative total', { totalSteps: -5 }, 'totalSteps: must be a whole number from 0 to 1,000,000,000, got -5'],
    ['a step past the total', { step: 20, totalSteps: 16 }, 'step: must not exceed totalSteps (16), got 20'],
    ['an unknown status', { status: 'zombie' }, 'status: must be one of queued, running, paused, interrupted, done, stopped, diverged, failed, got "zombie"'],
    ['an empty name', { name: '  ' }, 'name: must be a non-empty text of at most 10,000 characters, got "  "'],
    [
      'a malformed last evaluation',
      { lastEval: { step: 1, epoch: 0, z1: { linearTop1: 2 } } },
      'lastEval.z1.linearTop1: must be an accuracy from 0 to 1, got 2',
    ],
    ['an evaluation missing scores', { bestEval: { step: 1, epoch: 0, z1: {}, z2: {} } }, 'bestEval.z1.linearTop1: is missing'],
    [
      'an embedding that is not a list',
      { lastEval: { ...evaluation(1, 0.5), embedding: { labels: [1], z1: 5, z2: [] } } },
      'lastEval.embedding.z1: must be a list of points, got 5',
    ],
    [
      'an embedding of mismatched lengths',
      { lastEval: { ...evaluation(1, 0.5), embedding: { labels: [1, 2], z1: [[0, 0]], z2: [[0, 0]] } } },
      'lastEval.embedding: must hold as many z1, z2 (and UMAP) points as labels',
    ],
    ['a wrong config type', { config: { train: { epochs: 'ten' } } }, 'config.train.epochs: expected a number, got "ten"'],
  ])('reject %s, naming the field and the limit', (_name, change, message) => {
    expect(problem(checkRunRecord({ ...runRecord('r1'), ...change }, 'stored'))).toBe(message);
  });

  it('apply the config rules to imports only: a rule added later does not make a stored run unreadable', () => {
    const run = { ...runRecord('r1'), config: { ...runRecord('r1').config, projector: { ...runRecord('r1').config.projector, pointNum: 1 } } };
    expect(problem(checkRunRecord(run, 'import'))).toMatch(/^config\.projector\.pointNum: point_num = 1/);
    expect(checkRunRecord(run, 'stored').ok).toBe(true);
    // A setting this build does not know (from a newer or older build) is dropped when reading.
    expect(checkRunRecord({ ...runRecord('r1'), config: { ...runRecord('r1').config, gone: 1 } }, 'stored').ok).toBe(true);
    expect(problem(checkRunRecord({ ...runRecord('r1'), config: { ...runRecord('r1').config, gone: 1 } }, 'import'))).toBe('config.gone: unknown setting');
  });

  it('reject what is not a record at all', () => {
    expect(problem(checkRunRecord(null, 'stored'))).toBe('must be a run record object, got null');
    expect(problem(checkRunRecord([], 'stored'))).toBe('id: is missing');
  });
});

describe('metric points and evaluations', () => {
  it('read NaN written as JSON null, and older points without zeroRowsZ2', () => {
    const point = json(metricPoint(4, { loss: NaN }));
    const read = checkMetricPoint(point);
    expect(read.ok && Number.isNaN(read.value.values.loss)).toBe(true);
    const { zeroRowsZ2: _, ...older } = metricPoint(2).values;
    const old = checkMetricPoint({ ...metricPoint(2), values: older });
    expect(old.ok && Number.isNaN(old.value.values.zeroRowsZ2)).toBe(true);
    expect(checkEvaluation(json(evaluation(8, 0.5)))).toEqual({ ok: true, value: evaluation(8, 0.5) });
  });

  it('name the field that is wrong', () => {
    expect(problem(checkMetricPoint({ step: 1, epoch: 0, values: {} }))).toBe('values.loss: is missing');
    expect(problem(checkMetricPoint({ ...metricPoint(1), step: -1 }))).toBe('step: must be a whole number from 0 to 1,000,000,000, got -1');
    expect(problem(checkMetricPoint({ ...metricPoint(1), values: { ...metricPoint(1).values, hZ1: 'high' } }))).toBe(
      'values.hZ1: must be a number, got "high"',
    );
    expect(problem(checkEvaluation({ step: 1, epoch: 0, z1: {} }))).toBe('z1.linearTop1: is missing');
    expect(problem(checkEvaluation('x'))).toBe('must be an evaluation object, got "x"');
  });
});

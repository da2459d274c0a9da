import { beforeEach, describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config';
import { metricPoint, runRecord } from '../testing';
import { baselineConfig, configDiff, displayStatus, draftProblems, etaMillis, problemsAt, startBlockReason, summarize } from './selectors';
import { labStore, resetLab } from './store';

const s = () => labStore.getState();
beforeEach(() => {
  resetLab();
  s().setEngineReady(2, false);
});

describe('validation as you type', () => {
  it('merges text that does not parse with the config rules, one message per field', () => {
    s().setFieldError('loss.lmbd', 'lmbd must be a number, got "x"');
    s().setField('projector.pointNum', 1);
    const problems = draftProblems(s());
    expect(problems.map((p) => p.path)).toEqual(['loss.lmbd', 'projector.pointNum']);
    expect(problemsAt(problems, 'projector').map((p) => p.path)).toEqual(['projector.pointNum']);
  });

  it('is worked out once per draft: a metric update does not estimate the memory again', () => {
    const first = draftProblems(s());
    s().appendMetrics({ r: [metricPoint(2)] }); // a store update that leaves the draft alone
    expect(draftProblems(s())).toBe(first);
    s().setField('projector.pointNum', 2);
    const warned = draftProblems(s());
    expect(warned).not.toBe(first);
    expect(warned).toEqual([expect.objectContaining({ path: 'projector.pointNum', blocking: false })]);
  });

  it('top-k above the latent dim is named', () => {
    s().setField('projector.sae.enabled', true);
    s().setField('projector.sae.topK', 2000);
    expect(draftProblems(s())[0]).toMatchObject({ path: 'projector.sae.topK', blocking: true });
    expect(draftProblems(s())[0].message).toMatch(/cannot exceed the SAE latent dim/);
  });

  it('a batch too large for the WebGPU adapter blocks Start with the reason', () => {
    s().setBackend('webgpu');
    s().setField('train.batchSize', 512); // ConvNet block 1 of one view: 512 × 32 × 32 × 32 floats = 64 MiB
    s().setGpuLimits({ maxStorageBufferBindingSize: 48 * 2 ** 20, maxBufferSize: 2 ** 30, isFallback: false });
    expect(startBlockReason(s())).toBe(
      'Fix encoder.convChannels: on webgpu, one tensor (ConvNet block 1 (32×32×32) of one view (batch 512)) needs 64 MiB, ' +
        'more than the largest buffer this GPU binds: 48 MiB; lower encoder.convChannels, or train.batchSize (a batch of 384 fits).',
    );
  });
});

describe('why Start is disabled', () => {
  it('is enabled for the default config once the engine is ready', () => {
    expect(startBlockReason(s())).toBeUndefined();
    resetLab();
    expect(startBlockReason(s())).toMatch(/starting/);
  });

  it('counts several problems and names them', () => {
    s().setField('train.epochs', 0); // also makes the 1-epoch warm-up longer than the run
    s().setField('loss.temperature', 0);
    expect(startBlockReason(s())).toBe('Fix 3 settings first (loss.temperature, optim.warmupEpochs, train.epochs).');
  });

  it('names the run that is training', () => {
    s().upsertRun(runRecord('r', { name: 'First' }));
    s().applyProgress('r', { status: 'running', step: 1, totalSteps: 9, epoch: 0 }, 0);
    expect(startBlockReason(s())).toMatch(/“First” is training/);
  });
});

describe('run views', () => {
  it('a stored "running" run without live state was interrupted', () => {
    expect(displayStatus(runRecord('r', { status: 'running' }), undefined)).toBe('interrupted');
    expect(displayStatus(runRecord('r', { status: 'running' }), { status: 'running', step: 0, totalSteps: 1, epoch: 0, updatedAt: 0 })).toBe('running');
  });

  it('ETA from the mean step time of the newest points', () => {
    expect(etaMillis([metricPoint(2), metricPoint(4)], 4, 14)).toBe(1000);
    const compiled = { ...metricPoint(1), stepMillis: 40_000 }; // the first interval compiles shaders
    expect(etaMillis([compiled, metricPoint(3)], 3, 13)).toBe(1000);
    expect(etaMillis([compiled], 1, 11)).toBe(400_000);
    expect(etaMillis([], 4, 14)).toBeUndefined();
    expect(etaMillis([metricPoint(2)], 14, 14)).toBe(0);
  });

  it('diffs configs (SAE sizes only matter while the SAE is on)', () => {
    const base = defaultConfig();
    const c = defaultConfig();
    c.loss.lmbd = 0.1;
    c.projector.sae.topK = 5;
    expect(configDiff(base, c)).toEqual([{ path: 'loss.lmbd', from: '0', to: '0.1' }]);
    c.projector.sae.enabled = true;
    expect(configDiff(base, c).map((d) => d.path)).toEqual(['projector.sae.enabled', 'projector.sae.topK', 'loss.lmbd']);
  });

  it('baseline: the chosen run, else the oldest, else the default', () => {
    expect(baselineConfig(s()).id).toBeUndefined();
    s().setRuns([runRecord('a', { createdAt: 1 }), runRecord('b', { createdAt: 2 })]);
    expect(baselineConfig(s()).id).toBe('a');
    s().setBaseline('b');
    expect(baselineConfig(s()).id).toBe('b');
  });

  it('summarises final and best metrics', () => {
    const run = runRecord('r');
    const summary = summarize(run, { metrics: [metricPoint(2), metricPoint(4, { sslLoss: 3 })], evaluations: [], loaded: true });
    expect(summary).toMatchObject({ finalLoss: 3, finalMi: 2.004, trainMillis: 5000 });
    expect(summarize({ ...run, trainMillis: 0 }, { metrics: [metricPoint(2), metricPoint(4)], evaluations: [], loaded: true }).trainMillis).toBe(400);
  });
});

describe('datasets', () => {
  it('a CIFAR set that is not cached blocks Start with where to get it', () => {
    s().setField('data.dataset', 'cifar10');
    expect(startBlockReason(s())).toBeUndefined(); // readiness unknown: the engine will say
    s().setReadyDatasets(['synthetic']);
    expect(startBlockReason(s())).toMatch(/^Fix data.dataset: CIFAR-10 is not in this browser yet/);
    s().setReadyDatasets(['synthetic', 'cifar10']);
    expect(startBlockReason(s())).toBeUndefined();
  });
});

import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config';
import { namedMetrics, STEP_METRICS } from '../../core/train-step';
import type { MetricPoint, RunRecord } from '../../engine/run-types';
import { deadRunFlag, etaWarning, LONG_ETA_MILLIS, longDuration } from './run-flags';

const config = defaultConfig(); // batch 128: chance log(255)
const point = (step: number, sslLoss: number, zeroRowsZ2: number): MetricPoint => ({
  step,
  epoch: 0,
  lr: 0,
  values: { ...namedMetrics(STEP_METRICS.map(() => 0)), sslLoss, zeroRowsZ2 },
  stepMillis: 1,
  imagesPerSecond: 1,
  memory: { tensors: 0, bytes: 0 },
});
const record = (deadRun?: RunRecord['deadRun']): RunRecord => ({
  id: 'r',
  name: 'r',
  config,
  datasetId: 'synthetic',
  status: 'running',
  createdAt: 0,
  updatedAt: 0,
  step: 0,
  totalSteps: 100,
  trainMillis: 0,
  origin: 'local',
  deadRun,
});

describe('run flags', () => {
  it('a dead run: from the logged values when the page has them, else from the record', () => {
    const dead = [10, 20, 30].map((s) => point(s, Math.log(255), 1));
    expect(deadRunFlag(record(), dead)?.message).toMatch(/^Dead run: since step 0 .*log\(255\)/);
    expect(deadRunFlag(record({ sinceStep: 0, message: 'stored' }), [point(10, 3, 0)])).toBeUndefined(); // it came back
    expect(deadRunFlag(record({ sinceStep: 4, message: 'stored' }), undefined)?.message).toBe('stored');
  });

  it('questions an ETA of more than a week, in days or years', () => {
    expect(etaWarning(LONG_ETA_MILLIS, 10)).toBeUndefined();
    expect(etaWarning(undefined, 10)).toBeUndefined();
    expect(etaWarning(4272431111 * 3600e3, 1e9)).toBe(
      'At this pace the run needs another 487,387 years. A run that long is fine if you meant it; otherwise pause it and start again with fewer epochs (train.epochs is 1,000,000,000), a smaller model, or a faster backend.',
    );
    expect(longDuration(3.5 * 24 * 3600e3)).toBe('3.5 days');
  });
});

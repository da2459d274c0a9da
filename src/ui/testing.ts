// Small factories for the UI's tests (plain data; nothing here runs in the page).
import { defaultConfig, type RunConfig } from '../core/config';
import type { EvalResult, MetricPoint, RunRecord } from '../engine/run-types';

export function metricPoint(step: number, change: Partial<MetricPoint['values']> = {}): MetricPoint {
  return {
    step,
    epoch: step / 8,
    lr: 0.01,
    values: {
      loss: 5 - step / 100,
      sslLoss: 4.5,
      classifierLoss: 2.3,
      classifierAcc: 0.1,
      miZ1Z2: 2 + step / 1000,
      hZ1: 4,
      hZ2: 3.5,
      iZ1R: -4.2,
      lowerBound: -6.2,
      upperBound: 2,
      zeroRowsZ2: 0,
      ...change,
    },
    stepMillis: 100,
    imagesPerSecond: 80,
    memory: { tensors: 120, bytes: 1e6 },
  };
}

export function evaluation(step: number, z1Linear: number): EvalResult {
  return {
    step,
    epoch: step / 8,
    z1: { linearTop1: z1Linear, linearTop5: 0.9, knnTop1: z1Linear - 0.05 },
    z2: { linearTop1: z1Linear - 0.1, linearTop5: 0.8, knnTop1: z1Linear - 0.12 },
    millis: 1234,
    protocol: { trainImages: 64, testImages: 32, probeEpochs: 10, knnK: 20, knnTemperature: 0.07 },
  };
}

export function runRecord(id: string, change: Partial<RunRecord> = {}, config: RunConfig = defaultConfig()): RunRecord {
  return {
    id,
    name: `run ${id}`,
    config,
    datasetId: 'synthetic',
    status: 'done',
    createdAt: 1000,
    updatedAt: 1000,
    step: 16,
    totalSteps: 16,
    trainMillis: 5000,
    origin: 'local',
    ...change,
  };
}

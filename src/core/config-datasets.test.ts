// The dataset facts a config implies: training images and the steps of a run.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config';
import { datasetSizes, numClassesOf, plannedSteps, trainImages } from './config-datasets';

describe('dataset facts of a config', () => {
  it('counts the training images a run uses, cut to the subset but never beyond the split', () => {
    const c = defaultConfig();
    expect(trainImages(c)).toBe(4096); // the synthetic set's configured size
    c.data.dataset = 'cifar10';
    expect(trainImages(c)).toBe(50_000);
    c.data.trainSubset = 1000;
    expect(trainImages(c)).toBe(1000);
    c.data.trainSubset = 80_000; // more than CIFAR has
    expect(trainImages(c)).toBe(50_000);
    expect(datasetSizes(c)).toEqual({ train: 50_000, test: 10_000 });
    c.data.dataset = 'cifar100';
    expect(numClassesOf(c)).toBe(100);
  });

  it('plans full batches per epoch (the last partial batch is dropped)', () => {
    const c = defaultConfig();
    c.data.syntheticTrainSize = 100;
    c.train.batchSize = 32;
    c.train.epochs = 3;
    expect(plannedSteps(c)).toBe(9);
    expect(plannedSteps(c, 64)).toBe(6); // the split the trainer actually holds
  });
});

// The catalog adds sources to the core's dataset facts; the synthetic generator draws as many
// classes as the core says the set has.
import { describe, expect, it } from 'vitest';
import { DATASETS } from '../core/config-datasets';
import { defaultConfig } from '../core/config';
import { CATALOG, DATASET_IDS, SYNTHETIC_DEFAULT_SIZES } from './catalog';
import { syntheticDataset } from './synthetic';

describe('dataset catalog', () => {
  it('agrees with the core dataset facts', () => {
    expect(DATASET_IDS).toEqual(Object.keys(DATASETS));
    for (const id of DATASET_IDS) expect(CATALOG[id].numClasses).toBe(DATASETS[id].numClasses);
    expect(CATALOG.cifar10.trainSize).toBe(50_000);
    expect(SYNTHETIC_DEFAULT_SIZES).toEqual({ trainSize: defaultConfig().data.syntheticTrainSize, testSize: defaultConfig().data.syntheticTestSize });
    expect(syntheticDataset({ trainSize: 16, testSize: 16, seed: 1 }).info.numClasses).toBe(DATASETS.synthetic.numClasses);
  });
});

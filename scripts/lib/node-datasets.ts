// Datasets for Node hosts (headless trainer, benchmarks): the synthetic set is generated;
// CIFAR comes from a local Toronto tarball (nothing is downloaded here).
import type { RunConfig } from '../../src/core/config';
import { SYNTHETIC_DATA_SEED } from '../../src/data/catalog';
import { syntheticDataset } from '../../src/data/synthetic';
import type { InMemoryDataset } from '../../src/data/types';

export async function loadDatasetForNode(config: RunConfig, dataFile?: string): Promise<InMemoryDataset> {
  const { data } = config;
  if (data.dataset === 'synthetic') {
    return syntheticDataset({ trainSize: data.syntheticTrainSize, testSize: data.syntheticTestSize, seed: SYNTHETIC_DATA_SEED });
  }
  if (!dataFile) {
    throw new Error(`--dataset ${data.dataset} needs --data-file PATH to a local ${data.dataset === 'cifar10' ? 'cifar-10-binary.tar.gz' : 'cifar-100-binary.tar.gz'} (nothing is downloaded by the headless trainer)`);
  }
  throw new Error('CIFAR tarballs are not wired into the headless trainer yet');
}

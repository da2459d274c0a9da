// Datasets for Node hosts (headless trainer, benchmarks): the synthetic set is generated;
// CIFAR comes from a local Toronto tarball, streamed through the same parser the browser
// uses (nothing is downloaded here).
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { RunConfig } from '../../src/core/config';
import { SYNTHETIC_DATA_SEED } from '../../src/data/catalog';
import { parseCifarArchive } from '../../src/data/formats';
import { syntheticDataset } from '../../src/data/synthetic';
import type { InMemoryDataset } from '../../src/data/types';

export async function loadDatasetForNode(config: RunConfig, dataFile?: string): Promise<InMemoryDataset> {
  const { data } = config;
  if (data.dataset === 'synthetic') {
    return syntheticDataset({ trainSize: data.syntheticTrainSize, testSize: data.syntheticTestSize, seed: SYNTHETIC_DATA_SEED });
  }
  const expected = data.dataset === 'cifar10' ? 'cifar-10-binary.tar.gz' : 'cifar-100-binary.tar.gz';
  if (!dataFile) throw new Error(`--dataset ${data.dataset} needs --data-file PATH to a local ${expected} (nothing is downloaded by the headless trainer)`);
  const stream = Readable.toWeb(createReadStream(dataFile)) as ReadableStream<Uint8Array>;
  return parseCifarArchive(stream, dataFile, data.dataset);
}

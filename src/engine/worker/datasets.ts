// The data a run trains on, inside the worker. Kept in memory between runs of one worker
// (a sweep reuses it), keyed by what defines the images.
import type { RunConfig } from '../../core/config';
import { SYNTHETIC_DATA_SEED } from '../../data/catalog';
import { syntheticDataset } from '../../data/synthetic';
import { DatasetNotCachedError, loadDataset } from '../../data/cache';
import type { InMemoryDataset } from '../../data/types';

/** The dataset is not available in this browser: the page should offer the Datasets panel. */
export class DatasetUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetUnavailableError';
  }
}

const loaded = new Map<string, InMemoryDataset>();

function cacheKey(config: RunConfig): string {
  const { data } = config;
  return data.dataset === 'synthetic' ? `synthetic/${data.syntheticTrainSize}/${data.syntheticTestSize}` : data.dataset;
}

export async function loadRunDataset(config: RunConfig): Promise<InMemoryDataset> {
  const key = cacheKey(config);
  const hit = loaded.get(key);
  if (hit) return hit;
  const { data } = config;
  let dataset: InMemoryDataset;
  if (data.dataset === 'synthetic') {
    dataset = syntheticDataset({ trainSize: data.syntheticTrainSize, testSize: data.syntheticTestSize, seed: SYNTHETIC_DATA_SEED });
  } else {
    try {
      dataset = await loadDataset(data.dataset);
    } catch (err) {
      if (err instanceof DatasetNotCachedError) {
        throw new DatasetUnavailableError(`${data.dataset} is not cached in this browser yet: download or import it in the Datasets panel first.`);
      }
      throw err;
    }
  }
  // One dataset at a time: a worker holding CIFAR-10 and CIFAR-100 together would double its memory.
  loaded.clear();
  loaded.set(key, dataset);
  return dataset;
}

// The synthetic set for a trainer: read from the cache when a copy of the wanted sizes is
// there, otherwise generated (and cached for next time, best effort: a full disk or a busy
// lock only costs the regeneration later). Works in any worker.
import { DatasetCache, type CachedDataset } from '../cache';
import { SYNTHETIC_DATA_SEED } from '../catalog';
import { syntheticDataset } from '../synthetic';
import type { InMemoryDataset } from '../types';
import { importSynthetic } from './import-synthetic';
import { ProgressTracker } from './progress';

export async function loadSyntheticDataset(
  sizes: { trainSize: number; testSize: number },
  options: { cache?: boolean } = {},
): Promise<InMemoryDataset | CachedDataset> {
  const cache = await DatasetCache.open();
  try {
    const manifest = await cache.manifest('synthetic');
    const s = manifest?.source;
    if (s?.kind === 'synthetic' && s.seed === SYNTHETIC_DATA_SEED && s.trainSize === sizes.trainSize && s.testSize === sizes.testSize) {
      return await cache.loadDataset('synthetic');
    }
    const dataset = syntheticDataset({ ...sizes, seed: SYNTHETIC_DATA_SEED });
    if (options.cache ?? true) {
      const ctx = { signal: new AbortController().signal, progress: new ProgressTracker(() => undefined), notice: () => undefined };
      await importSynthetic(cache.db, sizes, ctx).catch((e: unknown) => console.warn('[data] the synthetic set was not cached:', e));
    }
    return dataset;
  } finally {
    cache.close();
  }
}

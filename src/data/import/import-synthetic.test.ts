// The synthetic set cached like CIFAR: the same bytes as the generator, read back through the
// one interface; loadSyntheticDataset reuses a cached copy of the wanted sizes only.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { beforeEach, describe, expect, it } from 'vitest';
import { firstDifference } from '../../test/fixtures/streams';
import { DatasetCache, loadDataset } from '../cache';
import { SYNTHETIC_DATA_SEED } from '../catalog';
import { syntheticDataset } from '../synthetic';
import { importSynthetic } from './import-synthetic';
import { loadSyntheticDataset } from './load-synthetic';
import { ProgressTracker } from './progress';

beforeEach(() => {
  globalThis.indexedDB = new IDBFactory();
});

const ctx = () => ({ signal: new AbortController().signal, progress: new ProgressTracker(() => undefined), notice: () => undefined });

describe('synthetic set in the cache', () => {
  it('stores the generator output and serves it through loadDataset', async () => {
    const cache = await DatasetCache.open();
    const outcome = await importSynthetic(cache.db, { trainSize: 300, testSize: 50 }, ctx());
    cache.close();
    expect(outcome.manifest.source).toEqual({ kind: 'synthetic', seed: SYNTHETIC_DATA_SEED, trainSize: 300, testSize: 50 });
    const cached = await loadDataset('synthetic');
    const generated = syntheticDataset({ trainSize: 300, testSize: 50, seed: SYNTHETIC_DATA_SEED });
    expect(firstDifference(cached.train.images, generated.train.images)).toBe(-1);
    expect(firstDifference(cached.test.labels, generated.test.labels)).toBe(-1);
    expect(cached.info).toEqual(generated.info);
  });

  it('loadSyntheticDataset generates and caches other sizes, then reads them back', async () => {
    const first = await loadSyntheticDataset({ trainSize: 60, testSize: 20 });
    expect('manifest' in first).toBe(false); // generated
    const second = await loadSyntheticDataset({ trainSize: 60, testSize: 20 });
    expect('manifest' in second).toBe(true); // from the cache
    expect(firstDifference(second.train.images, first.train.images)).toBe(-1);
    const third = await loadSyntheticDataset({ trainSize: 70, testSize: 20 });
    expect(third.train.count).toBe(70);
  });
});

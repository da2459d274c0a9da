// The cache on its own (fake-indexeddb): verify catches altered or missing chunks, loadDataset
// refuses damaged or absent data, delete removes every copy, the copy key ranges are exact.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMAGE_BYTES } from '../types';
import { CopyWriter } from './copy-writer';
import { DatasetCache } from './dataset-cache';
import { CacheCorruptError, DatasetNotCachedError } from './errors';
import { chunkKey } from './schema';

let cache: DatasetCache;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  cache = await DatasetCache.open();
});
afterEach(() => cache.close());

/** A tiny complete copy: `train` and `test` images whose bytes are their index. */
async function store(id: 'cifar10' | 'synthetic', train: number[], test: number[]): Promise<CopyWriter> {
  const writer = await CopyWriter.create(cache.db, {
    id,
    name: id,
    numClasses: 10,
    classNames: [...'abcdefghij'],
    source: { kind: 'synthetic', seed: 1, trainSize: 0, testSize: 0 },
  });
  let start = 0;
  for (const [split, sizes] of [
    ['train', train],
    ['test', test],
  ] as const) {
    for (let part = 0; part < sizes.length; part++) {
      const n = sizes[part];
      const data = new Uint8Array(n * (IMAGE_BYTES + 1));
      for (let i = 0; i < n; i++) {
        data.fill((start + i) & 0xff, i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES);
        data[n * IMAGE_BYTES + i] = (start + i) % 10;
      }
      await writer.writeChunk(split, 0, part, n, data);
      start += n;
    }
    await writer.completeSplit(split);
  }
  await writer.commit();
  return writer;
}

describe('DatasetCache', () => {
  it('loads chunks back in order into one buffer per split', async () => {
    await store('cifar10', [3, 2], [4]);
    const ds = await cache.loadDataset('cifar10');
    expect([ds.train.count, ds.test.count]).toEqual([5, 4]);
    expect([...ds.train.labels]).toEqual([0, 1, 2, 3, 4]);
    expect(ds.train.images[4 * IMAGE_BYTES]).toBe(4);
    expect(ds.test.images[3 * IMAGE_BYTES + 100]).toBe(8);
    expect(ds.info.classNames).toHaveLength(10);
  });

  it('verify reports an altered chunk and a missing one; loadDataset refuses a missing one', async () => {
    const writer = await store('cifar10', [3, 2], [4]);
    const copyId = writer.copyId;
    const key = chunkKey(copyId, 'train', 0, 1);
    const chunk = await cache.db.get('chunks', key);
    if (!chunk) throw new Error('chunk not stored');
    chunk.data[17] ^= 1;
    await cache.db.put('chunks', chunk);
    const altered = await cache.verify('cifar10');
    expect(altered.ok).toBe(false);
    expect(altered.problems).toEqual(['train chunk 0.1: checksum mismatch (stored data altered)']);

    await cache.db.delete('chunks', chunkKey(copyId, 'test', 0, 0));
    const missing = await cache.verify('cifar10');
    expect(missing.problems).toContain('test chunk 0.0 is missing');
    await expect(cache.loadDataset('cifar10')).rejects.toBeInstanceOf(CacheCorruptError);
  });

  it('a dataset that is not cached says so; delete removes every copy and chunk', async () => {
    await expect(cache.loadDataset('cifar100')).rejects.toBeInstanceOf(DatasetNotCachedError);
    await store('cifar10', [3], [1]);
    await store('synthetic', [2], [2]);
    expect(await cache.delete('cifar10')).toBe(1);
    expect((await cache.list()).map((m) => m.id)).toEqual(['synthetic']);
    expect((await cache.db.getAllKeys('chunks')).every(([copyId]) => copyId.startsWith('synthetic:'))).toBe(true);
    expect((await cache.verify('synthetic')).ok).toBe(true);
  });

  it('records when a copy was last verified', async () => {
    await store('cifar10', [1], [1]);
    const before = (await cache.manifest('cifar10'))?.verifiedAt ?? 0;
    await new Promise((r) => setTimeout(r, 5));
    await cache.verify('cifar10');
    expect((await cache.manifest('cifar10'))?.verifiedAt).toBeGreaterThan(before);
  });
});

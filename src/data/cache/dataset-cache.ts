// The dataset cache for consumers: list what is stored, load a dataset into memory (what the
// engine worker trains on), verify, delete. Writing new copies is ./copy-writer.ts.
// Works wherever IndexedDB does: the page, the data worker, the engine worker.
import type { IDBPObjectStore } from 'idb';
import type { DatasetId } from '../catalog';
import { IMAGE_BYTES, type ImageSplit, type InMemoryDataset, type SplitName } from '../types';
import { deleteCopy } from './copy-writer';
import { openDataDb, type DataDb } from './db';
import { CacheCorruptError, DatasetNotCachedError } from './errors';
import { CACHE_FORMAT_VERSION, copyRange, type DataSchema, type DatasetManifest } from './schema';
import { verifyCopy, type VerifyReport } from './verify';

/** A dataset read back from the cache; CIFAR-100 brings its coarse labels too. */
export interface CachedDataset extends InMemoryDataset {
  coarse?: { classNames: string[]; train: Uint8Array; test: Uint8Array };
  manifest: DatasetManifest;
}

/** What the cache holds for one dataset: the copy consumers read, and an unfinished import. */
export interface DatasetCacheState {
  id: DatasetId;
  complete?: DatasetManifest;
  partial?: DatasetManifest;
}

export class DatasetCache {
  private constructor(readonly db: DataDb) {}

  static async open(name?: string): Promise<DatasetCache> {
    return new DatasetCache(await openDataDb(name));
  }

  /** Every copy that is complete or partial (superseded ones are on their way out). */
  async list(): Promise<DatasetManifest[]> {
    const all = await this.db.getAll('manifests');
    return all.filter((m) => m.status !== 'superseded').sort((a, b) => a.createdAt - b.createdAt);
  }

  async state(id: DatasetId): Promise<DatasetCacheState> {
    const copies = await this.db.getAllFromIndex('manifests', 'byDataset', id);
    return {
      id,
      complete: copies.find((m) => m.status === 'complete' && m.formatVersion === CACHE_FORMAT_VERSION),
      partial: copies.find((m) => m.status === 'partial'),
    };
  }

  async manifest(id: DatasetId): Promise<DatasetManifest | undefined> {
    return (await this.state(id)).complete;
  }

  /**
   * Assembles the complete copy into one Uint8Array per split. Peak memory: the result plus
   * one chunk (a cursor in one read transaction, which also makes the read a consistent
   * snapshot even if an import flips the dataset meanwhile). Sizes are checked against the
   * manifest; checksums are not (see verify()): hashing 184 MB on every load costs ~0.5 s.
   */
  async loadDataset(id: DatasetId): Promise<CachedDataset> {
    const manifest = await this.manifest(id);
    if (!manifest) throw new DatasetNotCachedError(id);
    const withCoarse = !!manifest.coarseClassNames;
    const tx = this.db.transaction('chunks');
    const train = await readSplit(tx.store, manifest, 'train', withCoarse);
    const test = await readSplit(tx.store, manifest, 'test', withCoarse);
    await tx.done;
    const dataset: CachedDataset = {
      info: { id: manifest.id, name: manifest.name, numClasses: manifest.numClasses, classNames: manifest.classNames.slice() },
      train: train.split,
      test: test.split,
      manifest,
    };
    if (withCoarse && manifest.coarseClassNames && train.coarse && test.coarse) {
      dataset.coarse = { classNames: manifest.coarseClassNames.slice(), train: train.coarse, test: test.coarse };
    }
    return dataset;
  }

  /** Recomputes every checksum of the complete copy; records the date when all is well. */
  async verify(id: DatasetId, onChunk?: (done: number, total: number) => void): Promise<VerifyReport> {
    const manifest = await this.manifest(id);
    if (!manifest) throw new DatasetNotCachedError(id);
    const report = await verifyCopy(this.db, manifest, onChunk);
    if (report.ok) {
      const tx = this.db.transaction('manifests', 'readwrite');
      const current = await tx.store.get(manifest.copyId);
      await Promise.all([current?.status === 'complete' ? tx.store.put({ ...current, verifiedAt: Date.now() }) : undefined, tx.done]);
    }
    return report;
  }

  /** Deletes every copy of a dataset (complete, partial, superseded): manifests and chunks. */
  async delete(id: DatasetId): Promise<number> {
    const tx = this.db.transaction(['manifests', 'chunks'], 'readwrite');
    const copies = await tx.objectStore('manifests').index('byDataset').getAllKeys(id);
    await Promise.all([
      ...copies.flatMap((copyId) => [tx.objectStore('chunks').delete(copyRange(copyId)), tx.objectStore('manifests').delete(copyId)]),
      tx.done,
    ]);
    return copies.length;
  }

  /** Removes one copy, e.g. a partial import that cannot be resumed. */
  deleteCopy(copyId: string): Promise<void> {
    return deleteCopy(this.db, copyId);
  }

  /** Deletes copies an earlier flip retired (a crash between flip and cleanup leaves some). */
  async purgeSuperseded(id?: DatasetId): Promise<void> {
    const all = id ? await this.db.getAllFromIndex('manifests', 'byDataset', id) : await this.db.getAll('manifests');
    for (const m of all) if (m.status === 'superseded' || m.formatVersion !== CACHE_FORMAT_VERSION) await this.deleteCopy(m.copyId);
  }

  close(): void {
    this.db.close();
  }
}

type ChunkStore = IDBPObjectStore<DataSchema, ['chunks'], 'chunks', 'readonly'>;

async function readSplit(
  store: ChunkStore,
  manifest: DatasetManifest,
  split: SplitName,
  withCoarse: boolean,
): Promise<{ split: ImageSplit; coarse?: Uint8Array }> {
  const info = manifest.splits[split];
  const images = new Uint8Array(info.count * IMAGE_BYTES);
  const labels = new Uint8Array(info.count);
  const coarse = withCoarse ? new Uint8Array(info.count) : undefined;
  let at = 0;
  let index = 0;
  let cursor = await store.openCursor(copyRange(manifest.copyId, split));
  while (cursor) {
    const chunk = cursor.value;
    const expected = info.chunks[index];
    const n = chunk.count;
    const size = n * (IMAGE_BYTES + 1 + (withCoarse ? 1 : 0));
    if (
      !expected ||
      expected.slot !== chunk.slot ||
      expected.part !== chunk.part ||
      expected.count !== n ||
      chunk.data.length !== size ||
      at + n > info.count
    ) {
      throw new CacheCorruptError(
        `The cached ${manifest.name} is damaged (${split} chunk ${chunk.slot}.${chunk.part} does not match its manifest): delete it and import it again.`,
      );
    }
    images.set(chunk.data.subarray(0, n * IMAGE_BYTES), at * IMAGE_BYTES);
    labels.set(chunk.data.subarray(n * IMAGE_BYTES, n * (IMAGE_BYTES + 1)), at);
    coarse?.set(chunk.data.subarray(n * (IMAGE_BYTES + 1), size), at);
    at += n;
    index++;
    cursor = await cursor.continue();
  }
  if (at !== info.count || index !== info.chunks.length) {
    throw new CacheCorruptError(`The cached ${manifest.name} is incomplete (${split}: ${at} of ${info.count} images found): delete it and import it again.`);
  }
  return { split: { count: info.count, images, labels }, coarse };
}

/**
 * The one call a trainer needs: the complete cached copy of `id`, in memory. Opens and closes
 * its own connection, so it can be called from any worker without setup.
 */
export async function loadDataset(id: DatasetId): Promise<CachedDataset> {
  const cache = await DatasetCache.open();
  try {
    return await cache.loadDataset(id);
  } finally {
    cache.close();
  }
}

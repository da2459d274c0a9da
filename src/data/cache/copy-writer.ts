// Writes one copy of a dataset chunk by chunk, then verifies it and flips it to 'complete'.
// Every chunk is written in the same transaction as the manifest that lists it, so after a
// crash the stored manifest never claims a chunk that is not there. Chunks of a split that
// was not finished are deleted when an attempt is interrupted; finished splits stay for a
// resume (./attempt.ts and ./resume-plan.ts decide which the next attempt keeps).
import type { DatasetId } from '../catalog';
import type { SplitName } from '../types';
import { sha256Hex } from './checksum';
import type { DataDb } from './db';
import { asCacheError, CacheCorruptError } from './errors';
import {
  CACHE_FORMAT_VERSION,
  CHUNK_IMAGES,
  copyRange,
  emptySplit,
  type DatasetManifest,
  type DatasetSource,
  type Interruption,
  type SplitOrigin,
} from './schema';
import { chunkBytes, verifyCopy, type VerifyReport } from './verify';

/** Deletes a copy's chunks and manifest in one transaction. */
export async function deleteCopy(db: DataDb, copyId: string): Promise<void> {
  const tx = db.transaction(['chunks', 'manifests'], 'readwrite');
  await Promise.all([tx.objectStore('chunks').delete(copyRange(copyId)), tx.objectStore('manifests').delete(copyId), tx.done]);
}

export interface CopyInit {
  id: DatasetId;
  name: string;
  numClasses: number;
  classNames: string[];
  coarseClassNames?: string[];
  source: DatasetSource;
}

export class CopyWriter {
  private constructor(
    private readonly db: DataDb,
    private manifest: DatasetManifest,
  ) {}

  /** Starts a new partial copy beside whatever is cached (nothing existing is touched). */
  static async create(db: DataDb, init: CopyInit): Promise<CopyWriter> {
    const now = Date.now();
    const manifest: DatasetManifest = {
      formatVersion: CACHE_FORMAT_VERSION,
      copyId: `${init.id}:${crypto.randomUUID()}`,
      id: init.id,
      name: init.name,
      status: 'partial',
      numClasses: init.numClasses,
      classNames: init.classNames,
      coarseClassNames: init.coarseClassNames,
      chunkImages: CHUNK_IMAGES,
      splits: { train: emptySplit(), test: emptySplit() },
      bytes: 0,
      source: init.source,
      createdAt: now,
      updatedAt: now,
      progress: { fraction: 0, updatedAt: now },
    };
    const writer = new CopyWriter(db, manifest);
    await writer.save(`${init.name}'s manifest`);
    return writer;
  }

  /**
   * Continues a partial copy: the `keep` splits (finished, source unchanged) stay, every other
   * split is emptied; the copy records this attempt's source from now on.
   */
  static async resume(db: DataDb, partial: DatasetManifest, options: { keep: SplitName[]; source: DatasetSource }): Promise<CopyWriter> {
    const writer = new CopyWriter(db, { ...partial, source: options.source, interruption: undefined, updatedAt: Date.now() });
    await writer.dropSplits((split) => !options.keep.includes(split) || !partial.splits[split].complete);
    return writer;
  }

  get copyId(): string {
    return this.manifest.copyId;
  }

  get current(): Readonly<DatasetManifest> {
    return this.manifest;
  }

  isSplitComplete(split: SplitName): boolean {
    return this.manifest.splits[split].complete;
  }

  /** Class names that arrive late (a tarball's meta file can follow its data members). */
  setClassNames(classNames: string[], coarseClassNames?: string[]): void {
    this.manifest = { ...this.manifest, classNames, coarseClassNames: coarseClassNames ?? this.manifest.coarseClassNames };
  }

  /**
   * Stores one chunk: `data` is images, labels (and coarse labels) as one buffer that the
   * writer may keep (structured clone of a view would store its whole underlying buffer, so a
   * view into something larger is copied first). `fraction` is the attempt's progress.
   */
  async writeChunk(split: SplitName, slot: number, part: number, count: number, data: Uint8Array, fraction?: number): Promise<void> {
    const own = data.byteOffset === 0 && data.byteLength === data.buffer.byteLength ? data : data.slice();
    const expected = chunkBytes(count, !!this.manifest.coarseClassNames);
    if (own.length !== expected) throw new Error(`chunk ${split} ${slot}.${part}: ${own.length} bytes for ${count} images, expected ${expected}`);
    const sha256 = await sha256Hex(own);
    const info = this.manifest.splits[split];
    const now = Date.now();
    const next: DatasetManifest = {
      ...this.manifest,
      splits: {
        ...this.manifest.splits,
        [split]: {
          ...info,
          count: info.count + count,
          bytes: info.bytes + own.length,
          chunks: [...info.chunks, { slot, part, count, bytes: own.length, sha256 }],
        },
      },
      bytes: this.manifest.bytes + own.length,
      updatedAt: now,
      progress: { fraction: fraction ?? this.manifest.progress?.fraction ?? 0, updatedAt: now },
    };
    try {
      // Relaxed: no flush per chunk. Nothing relies on a chunk surviving a crash until the flip
      // below, which is strict and so flushes everything written before it.
      const tx = this.db.transaction(['chunks', 'manifests'], 'readwrite', { durability: 'relaxed' });
      await Promise.all([
        tx.objectStore('chunks').put({ copyId: next.copyId, split, slot, part, count, data: own }),
        tx.objectStore('manifests').put(next),
        tx.done,
      ]);
    } catch (e) {
      throw asCacheError(e, `${this.manifest.name} (${split} images ${info.count + 1}–${info.count + count})`);
    }
    this.manifest = next;
  }

  /**
   * Marks a split finished; chunks are sorted into serving order (slot, part). `origin`: the
   * file it was read from, which decides whether a later attempt may keep it.
   */
  async completeSplit(split: SplitName, origin?: SplitOrigin): Promise<void> {
    const info = this.manifest.splits[split];
    const chunks = [...info.chunks].sort((a, b) => a.slot - b.slot || a.part - b.part);
    const done = { ...info, chunks, complete: true, ...(origin ? { origin } : {}) };
    this.manifest = { ...this.manifest, splits: { ...this.manifest.splits, [split]: done } };
    await this.save(`${this.manifest.name}'s manifest`);
  }

  async setProgress(fraction: number): Promise<void> {
    this.manifest = { ...this.manifest, progress: { fraction, updatedAt: Date.now() } };
    await this.save(`${this.manifest.name}'s manifest`);
  }

  /**
   * Reads every chunk back and checks it, then, in one transaction, marks this copy complete
   * and retires the previous complete copy; the retired copy's chunks are deleted afterwards.
   */
  async commit(onVerify?: (done: number, total: number) => void): Promise<{ manifest: DatasetManifest; report: VerifyReport }> {
    for (const split of ['train', 'test'] as const) {
      if (!this.manifest.splits[split].complete) throw new Error(`${this.manifest.name}: the ${split} split is not finished`);
    }
    const report = await verifyCopy(this.db, this.manifest, onVerify);
    if (!report.ok) {
      throw new CacheCorruptError(`${this.manifest.name} did not read back as written (${report.problems.slice(0, 3).join('; ')}); nothing was replaced.`);
    }
    const now = Date.now();
    const done: DatasetManifest = {
      ...this.manifest,
      status: 'complete',
      checksum: report.checksum,
      completedAt: now,
      verifiedAt: now,
      updatedAt: now,
      progress: undefined,
      interruption: undefined,
    };
    const tx = this.db.transaction('manifests', 'readwrite', { durability: 'strict' });
    const others = await tx.store.index('byDataset').getAll(done.id);
    const retired = others.filter((old) => old.copyId !== done.copyId && old.status !== 'partial');
    await Promise.all([...retired.map((old) => tx.store.put({ ...old, status: 'superseded' })), tx.store.put(done), tx.done]);
    this.manifest = done;
    for (const old of retired) await deleteCopy(this.db, old.copyId);
    return { manifest: done, report };
  }

  /**
   * Records how an attempt ended and frees what cannot be reused: chunks of unfinished
   * splits. The manifest stays 'partial', so the next attempt can say what happened.
   */
  async interrupt(interruption: Omit<Interruption, 'at'>): Promise<void> {
    this.manifest = { ...this.manifest, interruption: { ...interruption, at: Date.now() } };
    await this.dropSplits((split) => !this.manifest.splits[split].complete);
  }

  /** Removes the copy entirely (an import of a bad file leaves nothing behind). */
  async discard(): Promise<void> {
    await deleteCopy(this.db, this.manifest.copyId);
  }

  private async dropSplits(drop: (split: SplitName) => boolean): Promise<void> {
    const tx = this.db.transaction(['chunks', 'manifests'], 'readwrite');
    const splits = { ...this.manifest.splits };
    const requests: Promise<unknown>[] = [];
    for (const split of ['train', 'test'] as const) {
      if (!drop(split)) continue;
      requests.push(tx.objectStore('chunks').delete(copyRange(this.manifest.copyId, split)));
      splits[split] = emptySplit();
    }
    const bytes = splits.train.bytes + splits.test.bytes;
    this.manifest = { ...this.manifest, splits, bytes, updatedAt: Date.now() };
    await Promise.all([...requests, tx.objectStore('manifests').put(this.manifest), tx.done]);
  }

  private async save(what: string): Promise<void> {
    try {
      await this.db.put('manifests', this.manifest);
    } catch (e) {
      throw asCacheError(e, what);
    }
  }
}

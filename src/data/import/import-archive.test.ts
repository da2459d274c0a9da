// Tarball imports into the cache (fake-indexeddb): exact bytes back through loadDataset, chunk
// boundaries, CIFAR-100's coarse labels, every kind of bad input leaving the cached set intact,
// cancel/interrupt → restart with a message, quota errors, atomic replacement, the lock.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { makeCifar100TarGz, makeCifar10TarGz, type CifarTarOptions } from '../../test/fixtures/cifar-tar';
import { expectedSplit } from '../../test/fixtures/pixels';
import { chunkedStream, firstDifference, withFlippedByte } from '../../test/fixtures/streams';
import { CacheFullError, CopyWriter, DatasetCache, type DatasetManifest } from '../cache';
import { CIFAR10_CLASSES, FormatError, type CifarKind } from '../formats';
import { DatasetBusyError, describeFailure } from './failure';
import { importArchive } from './import-archive';
import { ProgressTracker, type ImportProgress } from './progress';
import type { ImportContext } from './run-import';

let cache: DatasetCache;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory(); // a fresh, empty browser profile per test
  cache = await DatasetCache.open();
});
afterEach(() => {
  cache.close();
  vi.restoreAllMocks();
});

function context(signal?: AbortSignal): ImportContext & { notices: string[]; reports: ImportProgress[] } {
  const notices: string[] = [];
  const reports: ImportProgress[] = [];
  return {
    signal: signal ?? new AbortController().signal,
    progress: new ProgressTracker((p) => reports.push(p)),
    notice: (m) => notices.push(m),
    notices,
    reports,
  };
}

function importBytes(gz: Uint8Array, kind: CifarKind = 'cifar10', ctx = context(), fileName = 'cifar-10-binary.tar.gz', chunk = 4096) {
  const source = { kind: 'archive' as const, fileName, bytes: gz.length };
  return importArchive(cache.db, { kind, stream: chunkedStream(gz, chunk), fileName, size: gz.length, source }, ctx);
}

const small = (opts: CifarTarOptions = {}): Uint8Array => makeCifar10TarGz({ trainPerBatch: 30, testCount: 20, seed: 5, ...opts });

async function snapshot(): Promise<{ manifest: DatasetManifest | undefined; copies: number }> {
  return { manifest: await cache.manifest('cifar10'), copies: (await cache.db.getAll('manifests')).length };
}

describe('importArchive', () => {
  it('stores a CIFAR-10 tarball in chunks and loads back the exact bytes in batch order', async () => {
    // data_batch_1 holds 2,600 records: two chunks (2,500 + 100); batches arrive out of order.
    const gz = makeCifar10TarGz({ trainPerBatch: [2600, 7, 5, 9, 3], testCount: 40, seed: 9, level: 1 });
    const ctx = context();
    const outcome = await importBytes(gz, 'cifar10', ctx, 'cifar-10-binary.tar.gz', 65536);
    expect(outcome.mode).toBe('fresh');
    expect(outcome.report.ok).toBe(true);
    const m = outcome.manifest;
    expect(m.status).toBe('complete');
    expect([m.splits.train.count, m.splits.test.count]).toEqual([2624, 40]);
    expect(m.splits.train.chunks.map((c) => `${c.slot}.${c.part}:${c.count}`)).toEqual(['0.0:2500', '0.1:100', '1.0:7', '2.0:5', '3.0:9', '4.0:3']);
    expect(m.classNames).toEqual(CIFAR10_CLASSES);
    expect(m.checksum).toMatch(/^[0-9a-f]{64}$/);
    expect(m.bytes).toBe((2624 + 40) * 3073);

    const ds = await cache.loadDataset('cifar10');
    const train = expectedSplit(9, 'train', 2624, 10);
    const test = expectedSplit(9, 'test', 40, 10);
    expect(firstDifference(ds.train.images, train.images)).toBe(-1);
    expect(firstDifference(ds.train.labels, train.labels)).toBe(-1);
    expect(firstDifference(ds.test.images, test.images)).toBe(-1);
    expect(firstDifference(ds.test.labels, test.labels)).toBe(-1);
    expect(ds.info).toMatchObject({ id: 'cifar10', numClasses: 10, classNames: CIFAR10_CLASSES });
    expect(ds.coarse).toBeUndefined();

    const phases = new Set(ctx.reports.map((r) => r.phase));
    expect([...phases]).toEqual(['import', 'verify']);
    expect(ctx.reports.at(-1)?.fraction).toBe(1);
    expect((await cache.verify('cifar10')).ok).toBe(true);
  });

  it('keeps CIFAR-100 coarse labels and names', async () => {
    const gz = makeCifar100TarGz({ trainCount: 60, testCount: 15, seed: 4 });
    const outcome = await importBytes(gz, 'cifar100', context(), 'cifar-100-binary.tar.gz');
    expect(outcome.manifest.coarseClassNames).toHaveLength(20);
    const ds = await cache.loadDataset('cifar100');
    const train = expectedSplit(4, 'train', 60, 100);
    expect(firstDifference(ds.train.images, train.images)).toBe(-1);
    expect(firstDifference(ds.train.labels, train.labels)).toBe(-1);
    expect(firstDifference(ds.coarse?.train ?? new Uint8Array(), train.coarse)).toBe(-1);
    expect(firstDifference(ds.coarse?.test ?? new Uint8Array(), expectedSplit(4, 'test', 15, 100).coarse)).toBe(-1);
  });

  const gz = small();
  const badInputs: [string, () => Uint8Array, RegExp][] = [
    ['truncated gzip', () => gz.subarray(0, gz.length - 40), /truncated gzip/],
    ['corrupt gzip', () => withFlippedByte(gz, Math.floor(gz.length / 2)), /corrupt gzip/],
    ['not gzip at all', () => new TextEncoder().encode('<html>404 not found</html>'), /not a gzip file/],
    ['a member missing', () => small({ omit: ['data_batch_3.bin'] }), /missing cifar-10-batches-bin\/data_batch_3\.bin/],
    ['a record of the wrong size', () => small({ extraBytes: { member: 'test_batch.bin', bytes: 100 } }), /record of the wrong size/],
    [
      'a label out of range',
      () => small({ badLabel: { member: 'data_batch_2.bin', record: 3, value: 12 } }),
      /label out of range in .*data_batch_2\.bin, record 3: label 12/,
    ],
    ['wrong class names', () => small({ classNames: ['a', 'b'] }), /batches\.meta\.txt lists 2 class names, expected 10/],
    [
      'the CIFAR-100 archive',
      () => makeCifar100TarGz({ trainCount: 30, testCount: 10 }),
      /: this is the CIFAR-100 binary archive, not CIFAR-10: it holds cifar-100-binary\//,
    ],
  ];
  for (const [what, make, pattern] of badInputs) {
    it(`bad input (${what}) names the file, and the cached set stays as it was`, async () => {
      await importBytes(small({ seed: 1 }));
      const before = await snapshot();
      const error = await importBytes(make(), 'cifar10', context(), 'my-upload.tar.gz').then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(FormatError);
      expect((error as FormatError).message).toMatch(/^my-upload\.tar\.gz: /);
      expect((error as FormatError).message).toMatch(pattern);
      const after = await snapshot();
      expect(after).toEqual(before); // same complete manifest, no partial copy left behind
      expect((await cache.verify('cifar10')).ok).toBe(true);
      const ds = await cache.loadDataset('cifar10');
      expect(firstDifference(ds.train.images, expectedSplit(1, 'train', 150, 10).images)).toBe(-1);
    });
  }

  it('the other CIFAR given to a row, either way, is refused with the matching row suggested', async () => {
    await importBytes(small({ seed: 1 }));
    const before = await snapshot();
    const error = await importBytes(makeCifar100TarGz({ trainCount: 30, testCount: 10 }), 'cifar10', context(), 'cifar-10-binary.tar.gz').catch(
      (e: unknown) => e,
    );
    expect(describeFailure(error).message).toMatch(
      /^cifar-10-binary\.tar\.gz: this is the CIFAR-100 binary archive, not CIFAR-10: it holds cifar-100-binary\/\S+\. Use it on the CIFAR-100 row instead\. Nothing of this file was imported/,
    );
    const reverse = await importBytes(small(), 'cifar100', context(), 'cifar-100-binary.tar.gz').catch((e: unknown) => e);
    expect(describeFailure(reverse).message).toMatch(
      /^cifar-100-binary\.tar\.gz: this is the CIFAR-10 binary archive, not CIFAR-100: .* Use it on the CIFAR-10 row instead\./,
    );
    expect(await snapshot()).toEqual(before);
    expect((await cache.state('cifar100')).partial).toBeUndefined();
    expect((await cache.verify('cifar10')).ok).toBe(true);
  });

  it('a second import replaces the first atomically and frees its chunks', async () => {
    const first = (await importBytes(small({ seed: 1 }))).manifest;
    const second = (await importBytes(small({ seed: 2 }))).manifest;
    expect(second.copyId).not.toBe(first.copyId);
    expect(second.checksum).not.toBe(first.checksum);
    const manifests = await cache.db.getAll('manifests');
    expect(manifests.map((m) => [m.copyId, m.status])).toEqual([[second.copyId, 'complete']]);
    const chunkCopies = new Set((await cache.db.getAllKeys('chunks')).map((k) => k[0]));
    expect([...chunkCopies]).toEqual([second.copyId]);
  });

  it('a cancel keeps the old set; the next attempt says it restarts', async () => {
    await importBytes(small({ seed: 1 }));
    const before = await snapshot();
    const controller = new AbortController();
    const ctx = context(controller.signal);
    // 4,000 records in 5 batches: cancelled after the first chunk was written.
    const big = makeCifar10TarGz({ trainPerBatch: 800, testCount: 10, seed: 3, level: 1 });
    const original = CopyWriter.prototype.writeChunk;
    vi.spyOn(CopyWriter.prototype, 'writeChunk').mockImplementation(async function (this: CopyWriter, ...args) {
      await original.apply(this, args);
      controller.abort(new DOMException('Cancelled by the user', 'AbortError')); // after the first chunk
    });
    const run = importBytes(big, 'cifar10', ctx, 'cifar-10-binary.tar.gz', 8192);
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    vi.restoreAllMocks();
    const partial = (await cache.state('cifar10')).partial;
    expect(partial?.interruption?.reason).toBe('cancelled');
    expect(partial?.splits.train.chunks).toEqual([]); // unfinished chunks were freed …
    expect((await cache.db.getAllKeys('chunks')).every(([copyId]) => copyId === before.manifest?.copyId)).toBe(true); // … all of them
    expect((await cache.manifest('cifar10'))?.copyId).toBe(before.manifest?.copyId);

    const next = context();
    const outcome = await importBytes(small({ seed: 6 }), 'cifar10', next);
    expect(outcome.mode).toBe('restarted');
    expect(next.notices[0]).toMatch(/^Restarted: the previous import of cifar-10-binary\.tar\.gz was cancelled at \d+%/);
    expect((await cache.db.getAll('manifests')).map((m) => m.status)).toEqual(['complete']);
  });

  it('a tab closed mid-import leaves a partial copy that the next attempt replaces, saying so', async () => {
    // What a closed tab leaves: a partial copy with some chunks and no interruption record.
    const writer = await CopyWriter.create(cache.db, {
      id: 'cifar10',
      name: 'CIFAR-10',
      numClasses: 10,
      classNames: CIFAR10_CLASSES,
      source: { kind: 'archive', fileName: 'old.tar.gz', bytes: 1 },
    });
    await writer.writeChunk('train', 0, 0, 2, new Uint8Array(2 * 3073), 0.43);
    const ctx = context();
    const outcome = await importBytes(small(), 'cifar10', ctx);
    expect(outcome.mode).toBe('restarted');
    expect(ctx.notices).toEqual(['Restarted: the previous import of old.tar.gz was interrupted at 43% (the tab was closed or the page reloaded).']);
    const chunkCopies = new Set((await cache.db.getAllKeys('chunks')).map((k) => k[0]));
    expect([...chunkCopies]).toEqual([outcome.manifest.copyId]);
  });

  it('a quota error stops the import with a clear message and keeps what was cached', async () => {
    await importBytes(small({ seed: 1 }));
    const before = await snapshot();
    const original = IDBObjectStore.prototype.put;
    vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, value: unknown, key?: IDBValidKey) {
      if (this.name === 'chunks') throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      return original.call(this, value, key);
    });
    const error = await importBytes(small({ seed: 2 })).catch((e: unknown) => e);
    vi.restoreAllMocks();
    expect(error).toBeInstanceOf(CacheFullError);
    expect((error as Error).message).toMatch(/storage is full: CIFAR-10 .* could not be cached\. The import stopped and what was cached before is unchanged/);
    expect((await snapshot()).manifest).toEqual(before.manifest);
    const partial = (await cache.state('cifar10')).partial;
    expect(partial?.interruption?.reason).toBe('failed');
    expect((await cache.db.getAllKeys('chunks')).every((k) => k[0] === before.manifest?.copyId)).toBe(true);
    expect((await cache.verify('cifar10')).ok).toBe(true);
  });

  it('refuses a second import of the same dataset while one runs', async () => {
    const first = importBytes(makeCifar10TarGz({ trainPerBatch: 400, testCount: 10, level: 1 }));
    await expect(importBytes(small())).rejects.toBeInstanceOf(DatasetBusyError);
    await expect(first).resolves.toMatchObject({ mode: 'fresh' });
  });
});

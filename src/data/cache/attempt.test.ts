// Resume or restart, split by split (fake-indexeddb): a stored split is kept when its own
// source is unchanged (URL, and ETag or length where the server gives them), dropped when it
// changed; the notices name hosts and quote the previous failure without nested punctuation.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { IMAGE_BYTES, type SplitName } from '../types';
import { beginAttempt } from './attempt';
import { CopyWriter, type CopyInit } from './copy-writer';
import { DatasetCache } from './dataset-cache';
import { planResume } from './resume-plan';
import type { DatasetManifest, RemoteFile, SplitOrigin } from './schema';
import { verifyCopy } from './verify';

let cache: DatasetCache;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  cache = await DatasetCache.open();
});
afterEach(() => cache.close());

const hf = { train: 'https://huggingface.co/d/train.parquet', test: 'https://huggingface.co/d/test.parquet' };
const mirror = { train: 'https://mirror.example/c10/train.parquet', test: 'https://mirror.example/c10/test.parquet' };

function init(urls: { train: string; test: string }): CopyInit {
  return { id: 'cifar10', name: 'CIFAR-10', numClasses: 10, classNames: [...'abcdefghij'], source: { kind: 'parquet', ...urls } };
}

/** What a failed download leaves: the train split stored (3 images) from `origin`, the test split not. */
async function failedAttempt(urls: { train: string; test: string }, origin: SplitOrigin | undefined, message: string): Promise<DatasetManifest> {
  const writer = await CopyWriter.create(cache.db, init(urls));
  const data = new Uint8Array(3 * (IMAGE_BYTES + 1)).map((_, i) => (i * 7) & 0xff);
  await writer.writeChunk('train', 0, 0, 3, data, 0.7);
  await writer.completeSplit('train', origin);
  await writer.writeChunk('test', 0, 0, 1, new Uint8Array(IMAGE_BYTES + 1), 0.8);
  await writer.interrupt({ reason: 'failed', fraction: 0.83, message });
  return writer.current;
}

/** The stored train split, re-read and re-hashed from the chunk store. */
async function storedTrain(m: DatasetManifest): Promise<{ ok: boolean; checksum?: string; chunks: string[] }> {
  const report = await verifyCopy(cache.db, m);
  return { ok: report.ok, checksum: report.checksum, chunks: m.splits.train.chunks.map((c) => c.sha256) };
}

const origin = (url: string, extra: Partial<SplitOrigin> = { etag: '"abc"', bytes: 1234 }): SplitOrigin => ({ url, ...extra });

describe('planResume', () => {
  const partial = (o: SplitOrigin | undefined): DatasetManifest =>
    ({
      source: { kind: 'parquet', ...hf },
      splits: { train: { count: 3, bytes: 0, complete: true, chunks: [], origin: o }, test: { count: 0, bytes: 0, complete: false, chunks: [] } },
    }) as unknown as DatasetManifest;
  const plan = (o: SplitOrigin | undefined, urls: { train: string; test: string }, remote: Partial<Record<SplitName, RemoteFile>> = {}) =>
    planResume(partial(o), { kind: 'parquet', ...urls }, remote);

  it('keeps the train split when only the test URL changed', () => {
    expect(plan(origin(hf.train), { train: hf.train, test: mirror.test })).toMatchObject({ train: { action: 'keep', count: 3 }, test: { action: 'fetch' } });
  });
  it('drops it when its own URL changed, whatever the other URL does', () => {
    expect(plan(origin(hf.train), { train: mirror.train, test: hf.test }).train).toMatchObject({ action: 'drop', reason: 'other-url' });
    expect(plan(origin(hf.train), mirror).train).toMatchObject({ action: 'drop', reason: 'other-url' });
  });
  it('drops it when the server now reports another ETag or length, keeps it when it says nothing', () => {
    const urls = { train: hf.train, test: mirror.test };
    expect(plan(origin(hf.train), urls, { train: { etag: '"xyz"', bytes: 1234 } }).train).toMatchObject({ action: 'drop', reason: 'changed-etag' });
    expect(plan(origin(hf.train), urls, { train: { etag: 'W/"abc"', bytes: 1234 } }).train.action).toBe('keep'); // weak form of the same tag
    expect(plan(origin(hf.train, { bytes: 1234 }), urls, { train: { bytes: 999 } }).train).toMatchObject({ action: 'drop', reason: 'changed-length' });
    expect(plan(origin(hf.train), urls, { train: {} }).train.action).toBe('keep');
    expect(plan(origin(hf.train), urls, {}).train.action).toBe('keep');
  });
  it('a copy stored before origins were recorded is judged on the copy URL for the split', () => {
    expect(plan(undefined, { train: hf.train, test: mirror.test }).train.action).toBe('keep');
    expect(plan(undefined, { train: mirror.train, test: hf.test }).train.action).toBe('drop');
  });
});

describe('beginAttempt', () => {
  it('only the test URL changed: resumes with the stored train split, asks the server once, names the hosts', async () => {
    const partial = await failedAttempt(hf, origin(hf.train), 'test.parquet: huggingface.co answered HTTP 404');
    const before = await storedTrain(partial);
    const asked: string[] = [];
    const attempt = await beginAttempt(cache.db, init({ train: hf.train, test: mirror.test }), {
      probe: async (url) => (asked.push(url), { etag: '"abc"', bytes: 1234 }),
    });
    expect([attempt.mode, attempt.kept, asked]).toEqual(['resumed', ['train'], [hf.train]]);
    expect(attempt.notice).toBe(
      'Resumed: the previous download from huggingface.co stopped at 83% (test.parquet: huggingface.co answered HTTP 404); ' +
        'the train split (3 images from huggingface.co) was already stored and is kept. The test split is fetched from mirror.example.',
    );
    const resumed = attempt.writer.current;
    expect(resumed.copyId).toBe(partial.copyId);
    expect(resumed.source).toEqual({ kind: 'parquet', train: hf.train, test: mirror.test });
    expect(resumed.splits.train.origin).toEqual(origin(hf.train));
    expect(resumed.splits.test).toMatchObject({ complete: false, count: 0, chunks: [] });
    expect(await storedTrain(resumed)).toEqual(before); // the same bytes, re-hashed
  });

  it('the train URL changed: its split is dropped and the attempt restarts, saying why', async () => {
    const partial = await failedAttempt(hf, origin(hf.train), 'test.parquet: huggingface.co answered HTTP 503.');
    const asked: string[] = [];
    const attempt = await beginAttempt(cache.db, init({ train: mirror.train, test: hf.test }), { probe: async (url) => (asked.push(url), undefined) });
    expect([attempt.mode, attempt.kept, asked]).toEqual(['restarted', [], []]);
    expect(attempt.notice).toBe(
      'Restarted: the previous download from huggingface.co stopped at 83% (test.parquet: huggingface.co answered HTTP 503). ' +
        'The train split (3 images from huggingface.co) came from another URL and was dropped.',
    );
    expect(await cache.db.get('manifests', partial.copyId)).toBeUndefined();
    expect((await cache.db.getAllKeys('chunks')).filter(([id]) => id === partial.copyId)).toEqual([]);
  });

  it('same URL, but the server now has another file (ETag): restarts; a server that cannot say keeps the split', async () => {
    await failedAttempt(hf, origin(hf.train), 'x');
    const changed = await beginAttempt(cache.db, init(hf), { probe: async () => ({ etag: '"new"' }) });
    expect(changed.mode).toBe('restarted');
    expect(changed.notice).toMatch(
      /The train split \(3 images from huggingface\.co\) came from a file the server has replaced since \(another ETag\) and was dropped\.$/,
    );
    await changed.writer.discard();
    await failedAttempt(hf, origin(hf.train), 'x');
    const silent = await beginAttempt(cache.db, init(hf), { probe: async () => undefined });
    expect([silent.mode, silent.kept]).toEqual(['resumed', ['train']]);
  });

  it('no origin to compare (older copies, or a server that sent no ETag or length): no request, the URL decides', async () => {
    await failedAttempt(hf, undefined, 'x');
    const asked: string[] = [];
    const attempt = await beginAttempt(cache.db, init({ train: hf.train, test: mirror.test }), { probe: async (url) => (asked.push(url), undefined) });
    expect([attempt.mode, asked]).toEqual(['resumed', []]);
  });

  it('an older stored message ending in a period inside the parentheses is quoted without it', async () => {
    await failedAttempt(hf, origin(hf.train), 'test.parquet: the server answered HTTP 404. Try again later, or set a mirror URL.');
    const attempt = await beginAttempt(cache.db, init(mirror));
    expect(attempt.notice).toMatch(/\(test\.parquet: the server answered HTTP 404\. Try again later, or set a mirror URL\)\. The train split/);
    expect(attempt.notice).not.toMatch(/\.\)/);
  });
});

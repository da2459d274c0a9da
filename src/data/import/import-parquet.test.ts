// Hugging Face parquet downloads into the cache (fake-indexeddb, a fake fetch serving generated
// files): exact bytes, coarse labels, bad files, HTTP errors, the row count shown from the start
// of decoding, and the split-level resume (more in import-parquet-resume.test.ts).
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCifarParquet } from '../../test/fixtures/cifar-parquet';
import { expectedSplit } from '../../test/fixtures/pixels';
import { fakeFetch, requests, type Served } from '../../test/fixtures/fake-fetch';
import { firstDifference } from '../../test/fixtures/streams';
import { DatasetCache } from '../cache';
import { resolveSources } from '../catalog';
import { DownloadError } from '../download/errors';
import { decodePngPixels, FormatError, type CifarKind } from '../formats';
import { importParquet } from './import-parquet';
import { ProgressTracker, type ImportProgress } from './progress';

let cache: DatasetCache;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  cache = await DatasetCache.open();
});
afterEach(() => cache.close());

function run(kind: CifarKind, files: Served, log: string[] = [], notices: string[] = [], reports: ImportProgress[] = []) {
  const urls = resolveSources(kind).parquet;
  const ctx = { signal: new AbortController().signal, progress: new ProgressTracker((p) => reports.push(p)), notice: (m: string) => notices.push(m) };
  return importParquet(cache.db, { kind, urls, decode: decodePngPixels, fetchImpl: fakeFetch(files, log) }, ctx);
}

const urls10 = resolveSources('cifar10').parquet;
const train10 = makeCifarParquet({ count: 120, kind: 'cifar10', seed: 2, split: 'train', rowGroupSize: 50 });
const test10 = makeCifarParquet({ count: 30, kind: 'cifar10', seed: 2, split: 'test' });

describe('importParquet', () => {
  it('downloads both CIFAR-10 files and stores the exact pixels and labels', async () => {
    const reports: ImportProgress[] = [];
    const outcome = await run('cifar10', { [urls10.train]: train10, [urls10.test]: test10 }, [], [], reports);
    expect(outcome.manifest).toMatchObject({ status: 'complete', source: { kind: 'parquet', train: urls10.train, test: urls10.test } });
    const ds = await cache.loadDataset('cifar10');
    const train = expectedSplit(2, 'train', 120, 10);
    expect(firstDifference(ds.train.images, train.images)).toBe(-1);
    expect(firstDifference(ds.train.labels, train.labels)).toBe(-1);
    expect(firstDifference(ds.test.images, expectedSplit(2, 'test', 30, 10).images)).toBe(-1);
    const download = reports.find((r) => r.phase === 'download' && r.total);
    expect(download).toMatchObject({ unit: 'bytes', total: train10.length, file: 'train-00000-of-00001.parquet' });
    expect(new Set(reports.map((r) => r.phase))).toEqual(new Set(['download', 'decode', 'import', 'verify']));
    // Decoding shows the footer's row count from its first report on, not after 1,000 rows.
    const decoding = reports.filter((r) => r.phase === 'decode');
    expect(decoding.filter((r) => r.file === 'train-00000-of-00001.parquet').map((r) => [r.done, r.total])).toEqual([
      [0, 120],
      [120, 120],
    ]);
    expect(decoding.every((r) => r.total === (r.file?.startsWith('train') ? 120 : 30))).toBe(true);
    expect(outcome.manifest.splits.train.origin).toEqual({ url: urls10.train, bytes: train10.length });
    expect(outcome.fetched.map((f) => [f.split, f.url, f.bytes])).toEqual([
      ['train', urls10.train, train10.length],
      ['test', urls10.test, test10.length],
    ]);
  });

  it('CIFAR-100 keeps fine and coarse labels', async () => {
    const u = resolveSources('cifar100').parquet;
    const files = {
      [u.train]: makeCifarParquet({ count: 40, kind: 'cifar100', seed: 3 }),
      [u.test]: makeCifarParquet({ count: 10, kind: 'cifar100', seed: 3, split: 'test' }),
    };
    await run('cifar100', files);
    const ds = await cache.loadDataset('cifar100');
    const train = expectedSplit(3, 'train', 40, 100);
    expect(firstDifference(ds.train.labels, train.labels)).toBe(-1);
    expect(firstDifference(ds.coarse?.train ?? new Uint8Array(), train.coarse)).toBe(-1);
    expect(ds.coarse?.classNames).toHaveLength(20);
  });

  it('a parquet file with other columns, or an undecodable PNG, names the file and keeps the cached set', async () => {
    await run('cifar10', { [urls10.train]: train10, [urls10.test]: test10 });
    const before = await cache.manifest('cifar10');
    const renamed = makeCifarParquet({ count: 10, kind: 'cifar10', columnNames: { label: 'target' } });
    const schemaError = await run('cifar10', { [urls10.train]: renamed, [urls10.test]: test10 }).catch((e: unknown) => e);
    expect(schemaError).toBeInstanceOf(FormatError);
    expect((schemaError as Error).message).toMatch(
      /^train-00000-of-00001\.parquet: not a Hugging Face CIFAR-10 parquet file: expected columns .*found img\{.*\}, target\(INT64\)/,
    );
    expect((await cache.state('cifar10')).partial).toBeUndefined(); // a bad file leaves nothing of itself behind
    // A bad test file after a good train file: the test file is refused, the finished train split is kept.
    const badPng = makeCifarParquet({ count: 10, kind: 'cifar10', split: 'test', badPngAt: 4 });
    const pngError = await run('cifar10', { [urls10.train]: train10, [urls10.test]: badPng }).catch((e: unknown) => e);
    expect((pngError as Error).message).toMatch(/^test-00000-of-00001\.parquet: row 4: undecodable PNG/);
    expect((await cache.state('cifar10')).partial?.splits).toMatchObject({ train: { complete: true, count: 120 }, test: { count: 0, chunks: [] } });
    // The train file replaced on the server (another length) by a bad one: fetched again, refused, nothing left.
    const badLabel = makeCifarParquet({ count: 10, kind: 'cifar10', badLabel: { row: 2, value: 10 } });
    const log: string[] = [];
    const labelError = await run('cifar10', { [urls10.train]: badLabel, [urls10.test]: test10 }, log).catch((e: unknown) => e);
    expect((labelError as Error).message).toMatch(/row 2: label 10 out of range/);
    expect(log).toEqual([`HEAD ${urls10.train}`, `GET ${urls10.train}`]);
    expect(await cache.manifest('cifar10')).toEqual(before);
    expect((await cache.state('cifar10')).partial).toBeUndefined();
    expect((await cache.verify('cifar10')).ok).toBe(true);
  });

  it('a failed test download keeps the stored train split; the next attempt resumes without fetching it again', async () => {
    const log: string[] = [];
    const failure = await run('cifar10', { [urls10.train]: train10, [urls10.test]: 503 }, log).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(DownloadError);
    expect((failure as Error).message).toBe('test-00000-of-00001.parquet: huggingface.co answered HTTP 503 Error');
    const partial = (await cache.state('cifar10')).partial;
    expect(partial?.splits.train).toMatchObject({ complete: true, count: 120 });
    expect(partial?.interruption?.reason).toBe('failed');
    expect(await cache.manifest('cifar10')).toBeUndefined();

    const notices: string[] = [];
    const retryLog: string[] = [];
    const outcome = await run('cifar10', { [urls10.train]: train10, [urls10.test]: test10 }, retryLog, notices);
    expect(outcome.mode).toBe('resumed');
    expect(requests(retryLog, 'GET')).toEqual([urls10.test]); // the train file was not downloaded again …
    expect(requests(retryLog, 'HEAD')).toEqual([urls10.train]); // … only asked about
    expect(notices).toEqual([
      'Resumed: the previous download from huggingface.co stopped at 79% (test-00000-of-00001.parquet: huggingface.co answered HTTP 503 Error); ' +
        'the train split (120 images from huggingface.co) was already stored and is kept. The test split is fetched from huggingface.co.',
    ]);
    const ds = await cache.loadDataset('cifar10');
    expect(firstDifference(ds.train.images, expectedSplit(2, 'train', 120, 10).images)).toBe(-1);
    expect(ds.test.count).toBe(30);
  });

  it('a mirror for both files is another source: the partial copy from the old URLs is restarted, not resumed', async () => {
    await run('cifar10', { [urls10.train]: train10, [urls10.test]: 500 }).catch(() => undefined);
    const mirror = { train: 'https://mirror.example/train.parquet', test: 'https://mirror.example/test.parquet' };
    const notices: string[] = [];
    const ctx = { signal: new AbortController().signal, progress: new ProgressTracker(() => undefined), notice: (m: string) => notices.push(m) };
    const log: string[] = [];
    const outcome = await importParquet(
      cache.db,
      { kind: 'cifar10', urls: mirror, decode: decodePngPixels, fetchImpl: fakeFetch({ [mirror.train]: train10, [mirror.test]: test10 }, log) },
      ctx,
    );
    expect(outcome.mode).toBe('restarted');
    expect(log).toEqual([`GET ${mirror.train}`, `GET ${mirror.test}`]);
    expect(notices[0]).toMatch(
      /^Restarted: the previous download from huggingface\.co stopped at .* The train split \(120 images from huggingface\.co\) came from another URL and was dropped\.$/,
    );
    expect(outcome.manifest.splits.train.origin?.url).toBe(mirror.train);
  });
});

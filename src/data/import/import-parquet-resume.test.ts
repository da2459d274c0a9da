// The failure paths of a parquet download around a stored split (fake-indexeddb, a fake server):
// only the test URL fixed after a 404 (the train file is not fetched again), an HTML page sent
// with status 200, a CIFAR-100 file given for CIFAR-10, a train file replaced on the server.
// In every path the complete copy cached before and the stored train split are re-hashed
// before and after: nothing stored is lost. Messages name hosts, never nest punctuation.
import 'fake-indexeddb/auto';
import { IDBFactory } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { makeCifarParquet } from '../../test/fixtures/cifar-parquet';
import { fakeFetch, requests, type Served } from '../../test/fixtures/fake-fetch';
import { expectedSplit } from '../../test/fixtures/pixels';
import { firstDifference } from '../../test/fixtures/streams';
import { DatasetCache, verifyCopy } from '../cache';
import { resolveSources } from '../catalog';
import { DownloadError } from '../download/errors';
import { decodePngPixels, OtherCifarError } from '../formats';
import { describeFailure } from './failure';
import { describeFetched, importParquet } from './import-parquet';
import { ProgressTracker } from './progress';

let cache: DatasetCache;
beforeEach(async () => {
  globalThis.indexedDB = new IDBFactory();
  cache = await DatasetCache.open();
});
afterEach(() => cache.close());

const hf = resolveSources('cifar10').parquet;
const mirrorTest = 'https://mirror.example/cifar10/test.parquet';
const train = makeCifarParquet({ count: 120, kind: 'cifar10', seed: 2, rowGroupSize: 50 });
const test = makeCifarParquet({ count: 30, kind: 'cifar10', seed: 2, split: 'test' });
const trainFile = { body: train, etag: '"train-v1"' };
const html = '<!DOCTYPE html>\n<html><head><title>Sign in</title></head><body>Log in to continue</body></html>';

function run(urls: { train: string; test: string }, files: Served, log: string[] = [], notices: string[] = []) {
  const ctx = { signal: new AbortController().signal, progress: new ProgressTracker(() => undefined), notice: (m: string) => notices.push(m) };
  return importParquet(cache.db, { kind: 'cifar10', urls, decode: decodePngPixels, fetchImpl: fakeFetch(files, log) }, ctx);
}

async function failure(promise: Promise<unknown>): Promise<Error> {
  const e = await promise.then(
    () => undefined,
    (error: unknown) => error,
  );
  expect(e).toBeInstanceOf(Error);
  return e as Error;
}

/** Messages read as plain sentences: no "(… (…) …)", no "….)" (the "…a mirror URL.)."). */
function expectPlain(text: string | undefined): void {
  expect(text).toBeTypeOf('string');
  expect(text).not.toMatch(/\([^()]*\(/);
  expect(text).not.toMatch(/[.;:,]\)/);
  expect(text).not.toMatch(/Hugging Face/);
}

/** Everything stored for CIFAR-10, re-read and re-hashed: the complete copy and the partial's train split. */
async function stored() {
  const { complete, partial } = await cache.state('cifar10');
  const check = async (m: typeof complete) => {
    if (!m) return undefined;
    const report = await verifyCopy(cache.db, m);
    return { copyId: m.copyId, ok: report.ok, checksum: report.checksum, recorded: m.checksum, train: m.splits.train.chunks.map((c) => c.sha256) };
  };
  return { complete: await check(complete), partialTrain: partial?.splits.train.complete ? await check(partial) : undefined };
}

/** A complete copy from an earlier download (other images), then a download whose test file fails. */
async function storedTrainAfterFailedTest(testServed: Served[string]) {
  await run(hf, {
    [hf.train]: makeCifarParquet({ count: 40, kind: 'cifar10', seed: 9 }),
    [hf.test]: makeCifarParquet({ count: 10, kind: 'cifar10', seed: 9 }),
  });
  const cachedBefore = (await stored()).complete;
  const log: string[] = [];
  const error = await failure(run(hf, { [hf.train]: trainFile, [hf.test]: testServed }, log));
  const after = await stored();
  expect(after.complete).toEqual(cachedBefore); // the cached set is untouched …
  expect(after.complete?.ok && after.complete.checksum === after.complete.recorded).toBe(true);
  expect(after.partialTrain).toMatchObject({ ok: true }); // … and the train split stored
  expect(requests(log, 'GET')).toEqual([hf.train, hf.test]);
  return { error, cachedBefore, trainBefore: after.partialTrain };
}

describe('parquet downloads around a stored split', () => {
  it('test file 404, then only the test URL fixed: the train file is not fetched again', async () => {
    const { error, cachedBefore, trainBefore } = await storedTrainAfterFailedTest(404);
    expect(error).toBeInstanceOf(DownloadError);
    const shown = describeFailure(error).message;
    expect(shown).toBe('test-00000-of-00001.parquet: huggingface.co answered HTTP 404 Error. No file is at that URL: check it, or set a mirror URL.');
    expectPlain(shown);
    expect((await cache.state('cifar10')).partial?.splits.train.origin).toEqual({ url: hf.train, etag: '"train-v1"', bytes: train.length });

    const log: string[] = [];
    const notices: string[] = [];
    const outcome = await run({ train: hf.train, test: mirrorTest }, { [hf.train]: trainFile, [mirrorTest]: test }, log, notices);
    expect([outcome.mode, outcome.kept]).toEqual(['resumed', ['train']]);
    expect(log).toEqual([`HEAD ${hf.train}`, `GET ${mirrorTest}`]); // the train file: asked about, not fetched
    expect(notices[0]).toMatch(
      /^Resumed: the previous download from huggingface\.co stopped at \d+% \(test-00000-of-00001\.parquet: huggingface\.co answered HTTP 404 Error\); /,
    );
    expect(notices[0]).toMatch(
      /the train split \(120 images from huggingface\.co\) was already stored and is kept\. The test split is fetched from mirror\.example\.$/,
    );
    expectPlain(notices[0]);
    expect(describeFetched(outcome)).toBe(
      `Fetched test.parquet (${Math.round(test.length / 1024)} KB) from mirror.example; the train split was kept from the previous attempt.`,
    );

    const now = await stored();
    expect(now.complete?.copyId).not.toBe(cachedBefore?.copyId); // the new copy replaced the old one …
    expect(now.complete?.train).toEqual(trainBefore?.train); // … with the very chunks stored before
    expect(outcome.manifest.source).toEqual({ kind: 'parquet', train: hf.train, test: mirrorTest });
    expect(outcome.manifest.splits.test.origin).toEqual({ url: mirrorTest, bytes: test.length });
    const ds = await cache.loadDataset('cifar10');
    expect(firstDifference(ds.train.images, expectedSplit(2, 'train', 120, 10).images)).toBe(-1);
    expect(firstDifference(ds.test.images, expectedSplit(2, 'test', 30, 10).images)).toBe(-1);
  });

  it('an HTML page with status 200 (labelled as HTML, or as a file) is named as such and keeps the stored split', async () => {
    const { error, cachedBefore, trainBefore } = await storedTrainAfterFailedTest({ body: html, contentType: 'text/html; charset=utf-8' });
    expect(error).toBeInstanceOf(DownloadError);
    const shown = describeFailure(error).message;
    expect(shown).toBe(
      'test-00000-of-00001.parquet: huggingface.co sent an HTML page instead of the file: a login or error page, or the URL is wrong. ' +
        'Check the URL, or set a mirror URL that serves the file itself.',
    );
    expectPlain(shown);

    const log: string[] = [];
    const disguised = await failure(run(hf, { [hf.train]: trainFile, [hf.test]: { body: `\uFEFF  ${html}`, contentType: 'application/octet-stream' } }, log));
    expect(disguised.message).toMatch(/^test-00000-of-00001\.parquet: huggingface\.co sent an HTML page instead of the file/);
    expect(log).toEqual([`HEAD ${hf.train}`, `GET ${hf.test}`]);
    expect(await stored()).toEqual({ complete: cachedBefore, partialTrain: trainBefore });

    const notices: string[] = [];
    const outcome = await run(hf, { [hf.train]: trainFile, [hf.test]: test }, [], notices);
    expect(outcome.mode).toBe('resumed');
    expect(notices[0]).toMatch(
      /stopped at \d+% \(test-00000-of-00001\.parquet: huggingface\.co sent an HTML page instead of the file: a login or error page, or the URL is wrong\); /,
    );
    expectPlain(notices[0]);
  });

  it('a CIFAR-100 test file given for CIFAR-10 is refused with the CIFAR-100 row suggested; the stored split stays', async () => {
    const c100 = makeCifarParquet({ count: 10, kind: 'cifar100', split: 'test' });
    const { error, cachedBefore, trainBefore } = await storedTrainAfterFailedTest(c100);
    expect(error).toBeInstanceOf(OtherCifarError);
    const shown = describeFailure(error);
    expect(shown).toMatchObject({ kind: 'format', code: 'other-cifar' });
    expect(shown.message).toBe(
      'test-00000-of-00001.parquet: this is a CIFAR-100 parquet file with fine_label and coarse_label columns, not CIFAR-10. ' +
        'Use it on the CIFAR-100 row instead. Nothing of this file was imported; what was cached before is unchanged.',
    );
    expectPlain(shown.message);
    expect(await stored()).toEqual({ complete: cachedBefore, partialTrain: trainBefore });
  });

  it('the train file replaced on the server (another ETag) at the same URL is fetched again', async () => {
    await storedTrainAfterFailedTest(503);
    const replaced = makeCifarParquet({ count: 60, kind: 'cifar10', seed: 4 });
    const log: string[] = [];
    const notices: string[] = [];
    const outcome = await run(hf, { [hf.train]: { body: replaced, etag: '"train-v2"' }, [hf.test]: test }, log, notices);
    expect(outcome.mode).toBe('restarted');
    expect(log).toEqual([`HEAD ${hf.train}`, `GET ${hf.train}`, `GET ${hf.test}`]);
    expect(notices[0]).toMatch(
      /The train split \(120 images from huggingface\.co\) came from a file the server has replaced since \(another ETag\) and was dropped\.$/,
    );
    expect(outcome.manifest.splits.train).toMatchObject({ count: 60, origin: { etag: '"train-v2"' } });
  });
});

import { execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { cifarTarPieces, makeCifar100TarGz, makeCifar10TarGz, makeTar, type CifarTarOptions } from '../../test/fixtures/cifar-tar';
import { expectedSplit } from '../../test/fixtures/pixels';
import { chunkedStream, concatBytes, firstDifference, withFlippedByte } from '../../test/fixtures/streams';
import { IMAGE_BYTES } from '../types';
import { parseCifarArchive, type CifarDataset } from './cifar-binary';
import { CIFAR100_CLASSES, CIFAR100_COARSE_CLASSES, CIFAR10_CLASSES } from './cifar-layout';
import { FormatError, OtherCifarError } from './errors';

function expectSplit(actual: CifarDataset['train'], expected: ReturnType<typeof expectedSplit>, count: number): void {
  expect(actual.count).toBe(count);
  expect(actual.images.length).toBe(count * IMAGE_BYTES);
  expect(firstDifference(actual.images, expected.images)).toBe(-1);
  expect(Array.from(actual.labels)).toEqual(Array.from(expected.labels));
}

async function rejection(promise: Promise<unknown>): Promise<FormatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FormatError);
  return error as FormatError;
}

const parse10 = (gz: Uint8Array, chunk = 65536): Promise<CifarDataset> => parseCifarArchive(chunkedStream(gz, chunk), 'cifar-10-binary.tar.gz', 'cifar10');
const broken10 = (opts: CifarTarOptions): Promise<FormatError> => rejection(parse10(makeCifar10TarGz({ trainPerBatch: 4, testCount: 3, ...opts })));

describe('parseCifarArchive: CIFAR-10', () => {
  const gz = makeCifar10TarGz({ trainPerBatch: 6, testCount: 5, seed: 7 });

  for (const chunk of [7, 4096, gz.length]) {
    it(`returns exactly the pixels and labels written, in batch order (${chunk}-byte chunks)`, async () => {
      // Fewer records for the 7-byte run: 15,000 tiny chunks already cross every boundary.
      const [per, test] = chunk === 7 ? [2, 2] : [6, 5];
      const ds = await parse10(chunk === 7 ? makeCifar10TarGz({ trainPerBatch: per, testCount: test, seed: 7 }) : gz, chunk);
      expectSplit(ds.train, expectedSplit(7, 'train', 5 * per, 10), 5 * per);
      expectSplit(ds.test, expectedSplit(7, 'test', test, 10), test);
      expect(ds.info).toEqual({ id: 'cifar10', name: 'CIFAR-10', numClasses: 10, classNames: CIFAR10_CLASSES });
      expect(ds.coarse).toBeUndefined();
    });
  }

  it('reads the class names from batches.meta.txt', async () => {
    const classNames = CIFAR10_CLASSES.map((n) => `my ${n}`);
    const ds = await parse10(makeCifar10TarGz({ trainPerBatch: 1, testCount: 1, classNames }));
    expect(ds.info.classNames).toEqual(classNames);
  });

  it('takes record counts from member sizes, batches of different sizes included', async () => {
    const ds = await parse10(makeCifar10TarGz({ trainPerBatch: [3, 5, 2, 4, 1], testCount: 2, seed: 3 }), 333);
    expectSplit(ds.train, expectedSplit(3, 'train', 15, 10), 15);
    expectSplit(ds.test, expectedSplit(3, 'test', 2, 10), 2);
  });

  it('reads names stored as GNU long-name entries', async () => {
    const ds = await parse10(makeCifar10TarGz({ trainPerBatch: 2, testCount: 2, longNames: true }), 100);
    expect(ds.train.count).toBe(10);
  });

  it('reads an archive packed by GNU tar from the member files', async (ctx) => {
    try {
      execFileSync('tar', ['--version']);
    } catch {
      ctx.skip();
    }
    const dir = mkdtempSync(join(tmpdir(), 'cifar-gnu-'));
    try {
      // Unpack our generated archive with GNU tar, then let GNU tar pack it again.
      writeFileSync(join(dir, 'ours.tar.gz'), makeCifar10TarGz({ trainPerBatch: 3, testCount: 2, seed: 5 }));
      mkdirSync(join(dir, 'x'));
      execFileSync('tar', ['-xzf', join(dir, 'ours.tar.gz'), '-C', join(dir, 'x')]);
      execFileSync('tar', ['--format=gnu', '-czf', join(dir, 'gnu.tar.gz'), '-C', join(dir, 'x'), '.']);
      const ds = await parse10(new Uint8Array(readFileSync(join(dir, 'gnu.tar.gz'))), 1000);
      expectSplit(ds.train, expectedSplit(5, 'train', 15, 10), 15);
      expectSplit(ds.test, expectedSplit(5, 'test', 2, 10), 2);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reports progress: compressed bytes up to the file size, records up to the total', async () => {
    const seen: { compressedBytes: number; records: number }[] = [];
    await parseCifarArchive(chunkedStream(gz, 1000), 'f.tar.gz', 'cifar10', { onProgress: (p) => seen.push(p), progressBytes: 5000 });
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.at(-1)).toEqual({ compressedBytes: gz.length, records: 35 });
    for (let i = 1; i < seen.length; i++) expect(seen[i].compressedBytes).toBeGreaterThanOrEqual(seen[i - 1].compressedBytes);
  });

  it('stops when the signal aborts', async () => {
    const controller = new AbortController();
    const run = parseCifarArchive(chunkedStream(gz, 1000), 'f.tar.gz', 'cifar10', {
      signal: controller.signal,
      progressBytes: 1,
      onProgress: (p) => p.records > 0 && controller.abort(),
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    const already = AbortSignal.abort();
    await expect(parseCifarArchive(chunkedStream(gz), 'f', 'cifar10', { signal: already })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('parseCifarArchive: CIFAR-100', () => {
  it('returns fine and coarse labels, pixels and both name lists', async () => {
    const gz = makeCifar100TarGz({ trainCount: 40, testCount: 9, seed: 11 });
    const ds = await parseCifarArchive(chunkedStream(gz, 61), 'cifar-100-binary.tar.gz', 'cifar100');
    const train = expectedSplit(11, 'train', 40, 100);
    const test = expectedSplit(11, 'test', 9, 100);
    expectSplit(ds.train, train, 40);
    expectSplit(ds.test, test, 9);
    expect(Array.from(ds.coarse?.train ?? [])).toEqual(Array.from(train.coarse));
    expect(Array.from(ds.coarse?.test ?? [])).toEqual(Array.from(test.coarse));
    expect(ds.info).toEqual({ id: 'cifar100', name: 'CIFAR-100', numClasses: 100, classNames: CIFAR100_CLASSES });
    expect(ds.coarse?.classNames).toEqual(CIFAR100_COARSE_CLASSES);
  });

  it('rejects a coarse label out of range, naming member, record and value', async () => {
    const gz = makeCifar100TarGz({ badLabel: { member: 'test.bin', record: 4, value: 20, coarse: true } });
    const e = await rejection(parseCifarArchive(chunkedStream(gz), 'c100.tar.gz', 'cifar100'));
    expect(e.message).toBe('c100.tar.gz: label out of range in cifar-100-binary/test.bin, record 4: coarse label 20 (expected 0–19)');
  });

  it('rejects a fine label out of range', async () => {
    const gz = makeCifar100TarGz({ badLabel: { member: 'train.bin', record: 0, value: 100 } });
    const e = await rejection(parseCifarArchive(chunkedStream(gz), 'c100.tar.gz', 'cifar100'));
    expect(e.message).toMatch(/train\.bin, record 0: fine label 100 \(expected 0–99\)/);
  });
});

describe('parseCifarArchive rejects broken archives with the file and the cause', () => {
  it('missing members, listing each', async () => {
    const e = await broken10({ omit: ['data_batch_3.bin', 'batches.meta.txt'] });
    expect(e.code).toBe('missing-members');
    expect(e.message).toMatch(
      /^cifar-10-binary\.tar\.gz: not a complete CIFAR-10 binary archive: missing cifar-10-batches-bin\/data_batch_3\.bin, cifar-10-batches-bin\/batches\.meta\.txt; the archive holds/,
    );
  });

  it('the other CIFAR version, either way, says which dataset the archive is', async () => {
    const e = await rejection(parse10(makeCifar100TarGz()));
    expect([e.code, (e as OtherCifarError).found]).toEqual(['other-cifar', 'cifar100']);
    expect(e.message).toMatch(/^cifar-10-binary\.tar\.gz: this is the CIFAR-100 binary archive, not CIFAR-10: it holds cifar-100-binary\/[a-z_]+\.(bin|txt)$/);
    const r = await rejection(parseCifarArchive(chunkedStream(makeCifar10TarGz()), 'mine.tar.gz', 'cifar100'));
    expect([r.code, (r as OtherCifarError).found]).toEqual(['other-cifar', 'cifar10']);
    expect(r.message).toMatch(/^mine\.tar\.gz: this is the CIFAR-10 binary archive, not CIFAR-100: it holds cifar-10-batches-bin\//);
  });

  it('a record of the wrong size', async () => {
    const e = await broken10({ extraBytes: { member: 'data_batch_2.bin', bytes: 5 } });
    expect(e.code).toBe('record-size');
    expect(e.message).toMatch(/cifar-10-batches-bin\/data_batch_2\.bin is 12297 bytes, not a multiple of the 3073-byte record .*record of the wrong size/);
  });

  it('a label out of range, naming member, record and value', async () => {
    const e = await broken10({ badLabel: { member: 'data_batch_2.bin', record: 2, value: 10 } });
    expect(e.code).toBe('label-range');
    expect(e.message).toBe('cifar-10-binary.tar.gz: label out of range in cifar-10-batches-bin/data_batch_2.bin, record 2: label 10 (expected 0–9)');
  });

  it('truncated gzip', async () => {
    const gz = makeCifar10TarGz({ trainPerBatch: 4, testCount: 3 });
    const e = await rejection(parse10(gz.subarray(0, gz.length - 1000), 1000));
    expect(e.code).toBe('truncated-gzip');
  });

  it('corrupt gzip bytes', async () => {
    const gz = makeCifar10TarGz({ trainPerBatch: 4, testCount: 3 });
    for (const at of [12, 100, Math.floor(gz.length / 2), gz.length - 8]) {
      const e = await rejection(parse10(withFlippedByte(gz, at)));
      expect(e.code).toBe('corrupt-gzip');
      expect(e.message).toMatch(/^cifar-10-binary\.tar\.gz: corrupt gzip/);
    }
  });

  it('corrupt gzip that shows first as a broken tar header is still reported as corrupt gzip', async () => {
    const gz = makeCifar10TarGz({ trainPerBatch: 4, testCount: 3 });
    const e = await rejection(parse10(withFlippedByte(gz, Math.floor(gz.length / 2))));
    expect(e.message).toMatch(/CRC-32 check failed .*; before that, the data already looked wrong: bad tar header checksum/);
  });

  it('a truncated tar inside a data member', async () => {
    const e = await broken10({ truncateTarAt: 512 * 2 + 5000 });
    expect(e.code).toBe('truncated-tar');
    expect(e.message).toMatch(/ends inside member cifar-10-batches-bin\/data_batch_1\.bin \(5000 of 12292 bytes present\)/);
  });

  it('a bad tar header checksum', async () => {
    const e = await broken10({ badChecksum: 'test_batch.bin' });
    expect(e.code).toBe('bad-tar-header');
  });

  it('a class-name list of the wrong length', async () => {
    const e = await broken10({ classNames: CIFAR10_CLASSES.slice(0, 9) });
    expect(e.message).toBe('cifar-10-binary.tar.gz: cifar-10-batches-bin/batches.meta.txt lists 9 class names, expected 10');
  });

  it('a member stored twice', async () => {
    const tar = concatBytes([...cifarTarPieces('cifar10', { trainPerBatch: 1, testCount: 1 })]);
    const extra = makeTar([{ name: 'cifar-10-batches-bin/test_batch.bin', data: new Uint8Array(3073) }]);
    const e = await rejection(parse10(new Uint8Array(gzipSync(concatBytes([extra.subarray(0, 512 * 8), tar])))));
    expect(e.code).toBe('duplicate-member');
  });
});

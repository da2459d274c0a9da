import { describe, expect, it } from 'vitest';
import { makeCifarParquet, type CifarParquetOptions } from '../../test/fixtures/cifar-parquet';
import { expectedSplit } from '../../test/fixtures/pixels';
import { firstDifference } from '../../test/fixtures/streams';
import { IMAGE_BYTES } from '../types';
import { CIFAR100_COARSE_CLASSES, CIFAR10_CLASSES } from './cifar-layout';
import { decodePngPixels, parseCifarParquet, type PngPixelsDecoder } from './cifar-parquet';
import { FormatError, OtherCifarError } from './errors';
import { decodePng } from './png-decode';

function file(opts: CifarParquetOptions): ArrayBuffer {
  const bytes = makeCifarParquet(opts);
  return bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
}

async function rejection(promise: Promise<unknown>): Promise<FormatError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(FormatError);
  return error as FormatError;
}

describe('parseCifarParquet', () => {
  it('returns exactly the pixels and labels of a CIFAR-10 file, across row groups', async () => {
    const result = await parseCifarParquet(file({ count: 23, kind: 'cifar10', seed: 4, rowGroupSize: 7 }), 'train.parquet', 'cifar10', decodePngPixels);
    const expected = expectedSplit(4, 'train', 23, 10);
    expect(result.split.count).toBe(23);
    expect(result.split.images.length).toBe(23 * IMAGE_BYTES);
    expect(firstDifference(result.split.images, expected.images)).toBe(-1);
    expect(Array.from(result.split.labels)).toEqual(Array.from(expected.labels));
    expect(result.info).toEqual({ id: 'cifar10', name: 'CIFAR-10', numClasses: 10, classNames: CIFAR10_CLASSES });
    expect(result.coarse).toBeUndefined();
  });

  it('returns fine and coarse labels of a CIFAR-100 file (test split images)', async () => {
    const result = await parseCifarParquet(
      file({ count: 12, kind: 'cifar100', seed: 8, split: 'test', pathStrings: true }),
      'test.parquet',
      'cifar100',
      decodePngPixels,
    );
    const expected = expectedSplit(8, 'test', 12, 100);
    expect(firstDifference(result.split.images, expected.images)).toBe(-1);
    expect(Array.from(result.split.labels)).toEqual(Array.from(expected.labels));
    expect(Array.from(result.coarse?.labels ?? [])).toEqual(Array.from(expected.coarse));
    expect(result.info.numClasses).toBe(100);
    expect(result.coarse?.classNames).toEqual(CIFAR100_COARSE_CLASSES);
  });

  it('reads class names from the huggingface metadata, and falls back to the canonical names', async () => {
    const classNames = CIFAR10_CLASSES.map((n) => n.toUpperCase());
    const named = await parseCifarParquet(file({ count: 2, kind: 'cifar10', classNames }), 'a.parquet', 'cifar10', decodePngPixels);
    expect(named.info.classNames).toEqual(classNames);
    const bare = await parseCifarParquet(file({ count: 2, kind: 'cifar10', hfMetadata: false }), 'b.parquet', 'cifar10', decodePngPixels);
    expect(bare.info.classNames).toEqual(CIFAR10_CLASSES);
  });

  it('accepts RGBA from an asynchronous decoder running several at once, keeping row order', async () => {
    let inFlight = 0;
    let most = 0;
    const rgba: PngPixelsDecoder = async (png) => {
      inFlight++;
      most = Math.max(most, inFlight);
      await new Promise((r) => setTimeout(r, (png[png.length - 13] % 3) + 1)); // out-of-order completion
      const { pixels } = decodePng(png);
      const out = new Uint8Array(32 * 32 * 4);
      for (let p = 0; p < 1024; p++) out.set([pixels[p * 3], pixels[p * 3 + 1], pixels[p * 3 + 2], 255], p * 4);
      inFlight--;
      return out;
    };
    const result = await parseCifarParquet(file({ count: 30, kind: 'cifar10', seed: 2 }), 'c.parquet', 'cifar10', rgba, { concurrency: 4 });
    expect(firstDifference(result.split.images, expectedSplit(2, 'train', 30, 10).images)).toBe(-1);
    expect(most).toBe(4);
  });

  it('reports progress and stops when the signal aborts', async () => {
    const seen: number[] = [];
    const buffer = file({ count: 20, kind: 'cifar10', rowGroupSize: 5 });
    await parseCifarParquet(buffer, 'p.parquet', 'cifar10', decodePngPixels, { progressRows: 6, onProgress: (p) => seen.push(p.rows) });
    expect(seen).toEqual([0, 6, 12, 18, 20]); // the footer's row count before the first row
    const totals: number[] = [];
    await parseCifarParquet(buffer, 'p.parquet', 'cifar10', decodePngPixels, { onProgress: (p) => totals.push(p.totalRows) });
    expect(totals).toEqual([20, 20]); // at the start and the end, both with the total
    const controller = new AbortController();
    const run = parseCifarParquet(buffer, 'p.parquet', 'cifar10', decodePngPixels, {
      progressRows: 1,
      onProgress: (p) => p.rows === 3 && controller.abort(),
      signal: controller.signal,
    });
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
  });

  describe('rejects bad files with the file name and the cause', () => {
    it('a label column under another name, listing the columns found', async () => {
      const e = await rejection(
        parseCifarParquet(file({ count: 3, kind: 'cifar10', columnNames: { label: 'target' } }), 'odd.parquet', 'cifar10', decodePngPixels),
      );
      expect(e.code).toBe('parquet-schema');
      expect(e.message).toBe(
        'odd.parquet: not a Hugging Face CIFAR-10 parquet file: expected columns img{bytes(BYTE_ARRAY)}, label(INT64); ' +
          'found img{bytes(BYTE_ARRAY),path(BYTE_ARRAY)}, target(INT64)',
      );
    });

    it('a CIFAR-10 file read as CIFAR-100, and the reverse, say which dataset the file is', async () => {
      const e = await rejection(parseCifarParquet(file({ count: 3, kind: 'cifar10' }), 'c10.parquet', 'cifar100', decodePngPixels));
      expect(e).toBeInstanceOf(OtherCifarError);
      expect([e.code, (e as OtherCifarError).found]).toEqual(['other-cifar', 'cifar10']);
      expect(e.message).toBe('c10.parquet: this is a CIFAR-10 parquet file with a label column and no fine_label, not CIFAR-100');
      const r = await rejection(parseCifarParquet(file({ count: 3, kind: 'cifar100' }), 'c100.parquet', 'cifar10', decodePngPixels));
      expect([r.code, (r as OtherCifarError).found]).toEqual(['other-cifar', 'cifar100']);
      expect(r.message).toBe('c100.parquet: this is a CIFAR-100 parquet file with fine_label and coarse_label columns, not CIFAR-10');
    });

    it('an image column of another layout', async () => {
      const e = await rejection(parseCifarParquet(file({ count: 3, kind: 'cifar10', columnNames: { img: 'image' } }), 'x.parquet', 'cifar10', decodePngPixels));
      expect(e.message).toMatch(/found image\{bytes/);
    });

    it('not a parquet file', async () => {
      const e = await rejection(parseCifarParquet(new Uint8Array(100).buffer, 'junk.parquet', 'cifar10', decodePngPixels));
      expect(e.code).toBe('not-parquet');
      expect(e.message).toBe('junk.parquet: not a parquet file: a parquet file starts and ends with PAR1, these 100 bytes do not');
      const cut = new Uint8Array(makeCifarParquet({ count: 2, kind: 'cifar10' }).subarray(0, 400)).buffer;
      expect((await rejection(parseCifarParquet(cut, 'cut.parquet', 'cifar10', decodePngPixels))).code).toBe('not-parquet');
    });

    it('an undecodable PNG, naming the row', async () => {
      const e = await rejection(
        parseCifarParquet(file({ count: 8, kind: 'cifar10', badPngAt: 5, rowGroupSize: 3 }), 'bad.parquet', 'cifar10', decodePngPixels),
      );
      expect(e.code).toBe('png');
      expect(e.message).toMatch(/^bad\.parquet: row 5: undecodable PNG: .+$/);
      expect(e.message).not.toMatch(/\([^()]*\(|\.\)/); // a message quoted in another reads plainly
    });

    it('a decoder that returns the wrong number of bytes', async () => {
      const e = await rejection(parseCifarParquet(file({ count: 2, kind: 'cifar10' }), 'w.parquet', 'cifar10', () => new Uint8Array(10)));
      expect(e.message).toMatch(/row 0: the image decodes to 10 bytes/);
    });

    it('labels out of range', async () => {
      const e = await rejection(
        parseCifarParquet(file({ count: 6, kind: 'cifar10', badLabel: { row: 4, value: 10 } }), 'l.parquet', 'cifar10', decodePngPixels),
      );
      expect(e.code).toBe('label-range');
      expect(e.message).toBe('l.parquet: row 4: label 10 out of range (expected 0–9)');
      const coarse = await rejection(
        parseCifarParquet(file({ count: 6, kind: 'cifar100', badLabel: { row: 1, value: 25, coarse: true } }), 'l.parquet', 'cifar100', decodePngPixels),
      );
      expect(coarse.message).toBe('l.parquet: row 1: coarse_label 25 out of range (expected 0–19)');
    });
  });
});

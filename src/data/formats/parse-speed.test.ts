// Parse rates, printed (never asserted: testing.md). By default a tenth of CIFAR-10 (6,000
// records) and 2,000 parquet rows; CIFAR_FULL=1 runs the full 60,000-record tarball written to
// disk and read back as a Blob stream (what a browser File gives), plus 10,000 parquet rows.
import { openAsBlob } from 'node:fs';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCifarParquet } from '../../test/fixtures/cifar-parquet';
import { makeCifar10TarGz, writeCifar10TarGzFile } from '../../test/fixtures/cifar-tar';
import { fixtureImage, fixtureLabel } from '../../test/fixtures/pixels';
import { chunkedStream, firstDifference } from '../../test/fixtures/streams';
import { IMAGE_BYTES } from '../types';
import { parseCifarArchive } from './cifar-binary';
import { decodePngPixels, parseCifarParquet } from './cifar-parquet';

const FULL = process.env.CIFAR_FULL === '1';
const MB = 1024 * 1024;

describe('parse rates (printed)', () => {
  it(`CIFAR-10 binary tar.gz, ${FULL ? 'full size from a file' : 'a tenth, in memory'}`, { timeout: 600_000 }, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'cifar-speed-'));
    try {
      let stream: ReadableStream<Uint8Array>;
      let size: number;
      const made = performance.now();
      if (FULL) {
        const path = join(dir, 'cifar-10-binary.tar.gz');
        await writeCifar10TarGzFile(path, { seed: 1, level: 6 });
        size = statSync(path).size;
        stream = (await openAsBlob(path)).stream();
      } else {
        const gz = makeCifar10TarGz({ trainPerBatch: 1000, testCount: 1000, seed: 1, level: 6 });
        size = gz.length;
        stream = chunkedStream(gz, 65536);
      }
      const madeMs = performance.now() - made;
      const start = performance.now();
      const ds = await parseCifarArchive(stream, 'cifar-10-binary.tar.gz', 'cifar10');
      const seconds = (performance.now() - start) / 1000;
      const records = ds.train.count + ds.test.count;
      const raw = records * 3073;
      console.log(
        `[parse-speed] CIFAR-10 tar.gz: ${records} records, ${(size / MB).toFixed(1)} MB gz (${((100 * size) / raw).toFixed(0)}% of ` +
          `${(raw / MB).toFixed(1)} MB), generated in ${(madeMs / 1000).toFixed(1)} s; parsed in ${seconds.toFixed(2)} s = ` +
          `${(size / MB / seconds).toFixed(0)} MB/s compressed, ${Math.round(records / seconds)} records/s`,
      );
      // Spot checks: first and last image of the train split, last label of the test split.
      const last = ds.train.count - 1;
      expect(firstDifference(ds.train.images.subarray(0, IMAGE_BYTES), fixtureImage(1, 'train', 0))).toBe(-1);
      expect(firstDifference(ds.train.images.subarray(last * IMAGE_BYTES), fixtureImage(1, 'train', last))).toBe(-1);
      expect(ds.test.labels[ds.test.count - 1]).toBe(fixtureLabel(1, 'test', ds.test.count - 1, 10));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it(`Hugging Face parquet with the pure PNG decoder, ${FULL ? 10000 : 2000} rows`, { timeout: 600_000 }, async () => {
    const count = FULL ? 10000 : 2000;
    const bytes = makeCifarParquet({ count, kind: 'cifar10', rowGroupSize: 1000 });
    const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
    const start = performance.now();
    const result = await parseCifarParquet(buffer, 'train.parquet', 'cifar10', decodePngPixels);
    const seconds = (performance.now() - start) / 1000;
    console.log(
      `[parse-speed] parquet: ${count} rows, ${(bytes.length / MB).toFixed(1)} MB, parsed + decoded in ${seconds.toFixed(2)} s = ` +
        `${Math.round(count / seconds)} images/s (60,000 would take ~${((60000 * seconds) / count).toFixed(1)} s)`,
    );
    expect(result.split.count).toBe(count);
  });
});

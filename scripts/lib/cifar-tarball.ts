// Writes images in memory as a Toronto-format cifar-10-binary.tar.gz (the member names, record
// layout and meta file of the real one: 1 label byte + 3072 bytes of R, G, B planes per record,
// data_batch_1..5.bin and test_batch.bin), with the tar writers of the test fixtures. Real CIFAR
// cannot be downloaded on the development machines; the synthetic set's images in this format
// give the headless trainer and the PyTorch reference the very same file to read.
import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { createGzip } from 'node:zlib';
import { CIFAR10_CLASSES } from '../../src/data/formats/cifar-layout';
import { IMAGE_BYTES, type ImageSplit } from '../../src/data/types';
import { tarEnd, tarHeader, tarPadding } from '../../src/test/fixtures/tar-write';

const DIR = 'cifar-10-batches-bin';

function records(split: ImageSplit, start: number, count: number): Uint8Array {
  const out = new Uint8Array(count * (IMAGE_BYTES + 1));
  for (let i = 0; i < count; i++) {
    const o = i * (IMAGE_BYTES + 1);
    out[o] = split.labels[start + i];
    out.set(split.images.subarray((start + i) * IMAGE_BYTES, (start + i + 1) * IMAGE_BYTES), o + 1);
  }
  return out;
}

function* pieces(train: ImageSplit, test: ImageSplit): Generator<Uint8Array> {
  let written = 0;
  const emit = function* (parts: Uint8Array[]): Generator<Uint8Array> {
    for (const p of parts) {
      written += p.length;
      yield p;
    }
  };
  const member = (name: string, body: Uint8Array) => emit([tarHeader(`${DIR}/${name}`, body.length), body, tarPadding(body.length)]);
  yield* emit([tarHeader(`${DIR}/`, 0, { type: '5' })]);
  yield* member('batches.meta.txt', new TextEncoder().encode(CIFAR10_CLASSES.join('\n') + '\n\n'));
  const per = Math.ceil(train.count / 5);
  for (let b = 0; b < 5; b++) {
    const start = b * per;
    yield* member(`data_batch_${b + 1}.bin`, records(train, start, Math.max(0, Math.min(per, train.count - start))));
  }
  yield* member('test_batch.bin', records(test, 0, test.count));
  yield tarEnd(written);
}

/** Writes train and test (labels 0-9) as `path`, a gzipped Toronto CIFAR-10 binary tarball. */
export async function writeCifar10Tarball(path: string, train: ImageSplit, test: ImageSplit): Promise<void> {
  if (train.count < 5) throw new Error('writeCifar10Tarball: need at least 5 training images (5 batches)');
  await pipeline(Readable.from(pieces(train, test)), createGzip({ level: 1 }), createWriteStream(path));
}

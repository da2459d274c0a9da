// Hugging Face parquet → the cache, one split (one file) at a time: fetch the whole file with
// progress, parse it (PNG decoding injected: OffscreenCanvas in the worker, the pure decoder
// elsewhere), write the split's chunks and mark it finished before the next file is fetched.
// A split that an interrupted attempt finished is not fetched again (a "resume").
// Memory: one file (~120 MB for CIFAR train) plus its decoded split (~150 MB) at a time; the
// parquet reader needs random access to the whole file, so this path cannot stream like the
// tarball.
import type { DataDb } from '../cache';
import { CATALOG, fileNameOf } from '../catalog';
import { fetchWhole } from '../download/fetch-whole';
import { CIFAR100_COARSE_CLASSES, CIFAR100_CLASSES, CIFAR10_CLASSES, FormatError, parseCifarParquet, type CifarKind, type PngPixelsDecoder } from '../formats';
import type { SplitName } from '../types';
import { runImport, VERIFY_SPAN, type ImportContext, type ImportOutcome } from './run-import';
import { writeSplit } from './write-split';

export interface ParquetInput {
  kind: CifarKind;
  urls: { train: string; test: string };
  decode: PngPixelsDecoder;
  concurrency?: number; // decodes in flight (an asynchronous decoder overlaps them)
  fetchImpl?: typeof fetch;
}

/** Shares of the progress bar: the train file is five times the test file. */
const SHARE: Record<SplitName, { base: number; span: number }> = {
  train: { base: 0, span: (5 / 6) * (1 - VERIFY_SPAN) },
  test: { base: (5 / 6) * (1 - VERIFY_SPAN), span: (1 / 6) * (1 - VERIFY_SPAN) },
};
const DOWNLOAD_SHARE = 0.6; // of a split's share; decoding and writing take the rest

export function importParquet(db: DataDb, input: ParquetInput, ctx: ImportContext): Promise<ImportOutcome> {
  const { kind, urls } = input;
  const entry = CATALOG[kind];
  const init = {
    id: kind,
    name: entry.name,
    numClasses: entry.numClasses,
    classNames: kind === 'cifar10' ? CIFAR10_CLASSES.slice() : CIFAR100_CLASSES.slice(),
    coarseClassNames: kind === 'cifar100' ? CIFAR100_COARSE_CLASSES.slice() : undefined,
    source: { kind: 'parquet' as const, train: urls.train, test: urls.test },
  };
  return runImport(db, init, ctx, async (writer, timings) => {
    const { progress, signal } = ctx;
    progress.records = writer.current.splits.train.count + writer.current.splits.test.count;
    for (const split of ['train', 'test'] as const) {
      if (writer.isSplitComplete(split)) continue;
      const url = urls[split];
      const file = fileNameOf(url);
      const share = SHARE[split];
      const downloadStart = performance.now();
      progress.begin('download', { unit: 'bytes', file, base: share.base, span: share.span * DOWNLOAD_SHARE });
      const buffer = await fetchWhole(url, {
        signal,
        fetchImpl: input.fetchImpl,
        onProgress: ({ bytes, total }) => {
          progress.setTotal(total);
          progress.update(bytes);
        },
      });
      timings[`download-${split}`] = performance.now() - downloadStart;
      if (split === 'train') await writer.setProgress(progress.fraction);

      const decodeStart = performance.now();
      const decodeBase = share.base + share.span * DOWNLOAD_SHARE;
      const rest = share.span * (1 - DOWNLOAD_SHARE);
      progress.begin('decode', { unit: 'images', file, base: decodeBase, span: rest * 0.8 });
      const parsed = await parseCifarParquet(buffer, file, kind, input.decode, {
        signal,
        concurrency: input.concurrency,
        onProgress: ({ rows, totalRows }) => {
          progress.setTotal(totalRows);
          progress.update(rows);
        },
      });
      timings[`decode-${split}`] = performance.now() - decodeStart;
      if (parsed.split.count === 0) throw new FormatError(file, 'parquet-data', 'the file holds no images');
      if (split === 'train' || !writer.isSplitComplete('train')) writer.setClassNames(parsed.info.classNames, parsed.coarse?.classNames);

      const writeStart = performance.now();
      progress.begin('import', { unit: 'images', total: parsed.split.count, file, base: decodeBase + rest * 0.8, span: rest * 0.2 });
      await writeSplit(writer, split, parsed.split, parsed.coarse?.labels, {
        signal,
        fraction: () => progress.fraction,
        onChunk: (written) => progress.update(written, true),
      });
      progress.records += parsed.split.count;
      timings[`write-${split}`] = performance.now() - writeStart;
    }
  });
}

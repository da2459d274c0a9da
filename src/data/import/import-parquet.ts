// Hugging Face parquet (or a mirror's copy) → the cache, one split (one file) at a time: fetch
// the whole file with progress, parse it (PNG decoding injected: OffscreenCanvas in the worker,
// the pure decoder elsewhere), write the split's chunks and mark it finished, with the file it
// came from (URL, ETag, length), before the next file is fetched. A split an interrupted
// attempt finished is not fetched again while its own source is unchanged (a "resume"; one
// HEAD request per such split asks the server, see cache/resume-plan.ts).
// Memory: one file (~120 MB for CIFAR train) plus its decoded split (~150 MB) at a time; the
// parquet reader needs random access to the whole file, so this path cannot stream like the
// tarball.
import type { DataDb } from '../cache';
import { CATALOG, fileNameOf, hostOf } from '../catalog';
import { fetchWhole } from '../download/fetch-whole';
import { probeFile } from '../download/probe';
import {
  CIFAR100_COARSE_CLASSES,
  CIFAR100_CLASSES,
  CIFAR10_CLASSES,
  FormatError,
  parquetRowCount,
  parseCifarParquet,
  type CifarKind,
  type PngPixelsDecoder,
} from '../formats';
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

/** One file this attempt downloaded. */
export interface FetchedSplit {
  split: SplitName;
  url: string;
  bytes: number;
}

export interface ParquetOutcome extends ImportOutcome {
  fetched: FetchedSplit[];
}

/** Shares of the progress bar: the train file is five times the test file. */
const SHARE: Record<SplitName, { base: number; span: number }> = {
  train: { base: 0, span: (5 / 6) * (1 - VERIFY_SPAN) },
  test: { base: (5 / 6) * (1 - VERIFY_SPAN), span: (1 / 6) * (1 - VERIFY_SPAN) },
};
const DOWNLOAD_SHARE = 0.6; // of a split's share; decoding and writing take the rest

export async function importParquet(db: DataDb, input: ParquetInput, ctx: ImportContext): Promise<ParquetOutcome> {
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
  const fetched: FetchedSplit[] = [];
  const probe = (url: string) => probeFile(url, { fetchImpl: input.fetchImpl, signal: ctx.signal });
  const outcome = await runImport(
    db,
    init,
    ctx,
    async (writer, timings) => {
      const { progress, signal } = ctx;
      progress.records = writer.current.splits.train.count + writer.current.splits.test.count;
      for (const split of ['train', 'test'] as const) {
        if (writer.isSplitComplete(split)) continue;
        const url = urls[split];
        const file = fileNameOf(url);
        const share = SHARE[split];
        const downloadStart = performance.now();
        progress.begin('download', { unit: 'bytes', file, base: share.base, span: share.span * DOWNLOAD_SHARE });
        const download = await fetchWhole(url, {
          signal,
          fetchImpl: input.fetchImpl,
          onProgress: ({ bytes, total }) => {
            progress.setTotal(total);
            progress.update(bytes);
          },
        });
        fetched.push({ split, url, bytes: download.bytes });
        timings[`download-${split}`] = performance.now() - downloadStart;
        if (split === 'train') await writer.setProgress(progress.fraction);

        const decodeStart = performance.now();
        const decodeBase = share.base + share.span * DOWNLOAD_SHARE;
        const rest = share.span * (1 - DOWNLOAD_SHARE);
        // The footer's row count is the total from the first report on, not after 1,000 rows.
        const rows = parquetRowCount(download.buffer, file);
        progress.begin('decode', { unit: 'images', total: rows, file, base: decodeBase, span: rest * 0.8 });
        const parsed = await parseCifarParquet(download.buffer, file, kind, input.decode, {
          signal,
          concurrency: input.concurrency,
          onProgress: ({ rows: done, totalRows }) => {
            progress.setTotal(totalRows);
            progress.update(done);
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
          origin: { url, etag: download.etag, bytes: download.bytes },
        });
        progress.records += parsed.split.count;
        timings[`write-${split}`] = performance.now() - writeStart;
      }
    },
    { probe },
  );
  return { ...outcome, fetched };
}

function formatMB(bytes: number): string {
  return bytes >= 1 << 20 ? `${(bytes / (1 << 20)).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

/** For the final message: "Fetched test-….parquet (25 KB) from mirror.example; the train split was kept from the previous attempt." */
export function describeFetched(outcome: ParquetOutcome): string {
  const files = outcome.fetched.map((f) => `${fileNameOf(f.url)} (${formatMB(f.bytes)}) from ${hostOf(f.url)}`);
  const kept = outcome.kept.map((s) => `the ${s} split`).join(' and ');
  const fetchedText = files.length > 0 ? `Fetched ${files.join(' and ')}` : 'Nothing was fetched';
  return `${fetchedText}${kept ? `; ${kept} ${outcome.kept.length > 1 ? 'were' : 'was'} kept from the previous attempt` : ''}.`;
}

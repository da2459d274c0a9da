// A Toronto binary tarball (a File the user chose or dropped, or the same file streamed through
// the dev server's proxy) → gunzip → tar → chunks → the cache. The input is pulled only while
// the writer has room, so memory stays at a few chunks whatever the file size.
import { CATALOG } from '../catalog';
import { CIFAR100_COARSE_CLASSES, CIFAR100_CLASSES, CIFAR10_CLASSES, cifarLayout, readTarGz, type CifarKind } from '../formats';
import type { DataDb, DatasetSource } from '../cache';
import { createArchiveSink } from './archive-sink';
import { BufferPool } from './buffer-pool';
import { ChunkQueue } from './chunk-queue';
import { runImport, VERIFY_SPAN, type ImportContext, type ImportOutcome } from './run-import';

const QUEUE_LIMIT = 3; // chunks waiting for IndexedDB before the input is paused

export interface ArchiveInput {
  kind: CifarKind;
  stream: ReadableStream<Uint8Array>;
  fileName: string;
  size?: number; // bytes of the .tar.gz (a File's size, or Content-Length)
  source: Extract<DatasetSource, { kind: 'archive' }>;
}

export function importArchive(db: DataDb, input: ArchiveInput, ctx: ImportContext): Promise<ImportOutcome> {
  const { kind, fileName, size } = input;
  const layout = cifarLayout(kind);
  const entry = CATALOG[kind];
  const init = {
    id: kind,
    name: entry.name,
    numClasses: layout.numClasses,
    // Replaced by the archive's own meta files once they have been read.
    classNames: kind === 'cifar10' ? CIFAR10_CLASSES.slice() : CIFAR100_CLASSES.slice(),
    coarseClassNames: kind === 'cifar100' ? CIFAR100_COARSE_CLASSES.slice() : undefined,
    source: input.source,
  };

  return runImport(db, init, ctx, async (writer, timings) => {
    const started = performance.now();
    const { progress } = ctx;
    // A write failure (quota) aborts the parse with that error as the reason, so it surfaces as
    // itself rather than as a "could not read the file" from inside the gunzip stream.
    const writeFailed = new AbortController();
    const signal = AbortSignal.any([ctx.signal, writeFailed.signal]);
    // Buffers in use at once: the queue's `limit` waiting, one being written, one being filled.
    const pool = new BufferPool(QUEUE_LIMIT + 2);
    const queue = new ChunkQueue(
      async (c) => {
        await writer.writeChunk(c.split, c.slot, c.part, c.count, c.data, c.fraction);
        pool.give(c.data as Uint8Array<ArrayBuffer>);
      },
      (error) => writeFailed.abort(error),
      QUEUE_LIMIT,
    );
    let compressed = 0;
    progress.totalRecords = undefined;
    progress.records = 0;
    progress.begin('import', { unit: 'bytes', total: size, file: fileName, base: 0, span: 1 - VERIFY_SPAN });
    const sink = createArchiveSink(
      layout,
      fileName,
      (chunk) => queue.push({ ...chunk, fraction: progress.fraction }),
      (n) => (progress.records += n),
      (bytes) => pool.take(bytes),
    );
    const paced = paceStream(input.stream, () => queue.room());
    let found: ReturnType<typeof sink.finish>;
    try {
      const entries = await readTarGz(paced, fileName, sink.visitor, {
        signal,
        onCompressedBytes: (total) => (compressed = total),
        onChunkParsed: () => progress.update(compressed),
      }).catch((e: unknown) => {
        // The paced input fails too when a write fails: report the write's error, not a read error.
        if (writeFailed.signal.aborted) throw writeFailed.signal.reason;
        if (ctx.signal.aborted) throw ctx.signal.reason;
        throw e;
      });
      found = sink.finish(entries);
      await queue.drain();
    } catch (e) {
      // Nothing may still be writing when the attempt is settled (its chunks deleted).
      await queue.stop();
      throw e;
    }
    progress.update(compressed, true);
    timings.parseAndWrite = performance.now() - started;
    writer.setClassNames(found.classNames, found.coarseClassNames);
    await writer.completeSplit('train');
    await writer.completeSplit('test');
  });
}

/** The same bytes, but each read waits for `ready` (backpressure from the cache writer). */
function paceStream(input: ReadableStream<Uint8Array>, ready: () => Promise<void>): ReadableStream<Uint8Array> {
  const reader = input.getReader();
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        await ready();
        const { done, value } = await reader.read();
        if (done) controller.close();
        else controller.enqueue(value);
      },
      cancel(reason) {
        return reader.cancel(reason);
      },
    },
    { highWaterMark: 0 },
  );
}

// The Toronto tarball's members cut into cache chunks as they stream, instead of into one
// 184 MB dataset (formats/cifar-binary.ts builds that, for Node and small files): memory
// stays at the chunks in flight. The checks are the parser's own code (formats/cifar-members.ts
// for member names and sizes, duplicates, class-name lists, missing members; formats/record-sink.ts
// for label ranges); errors are FormatErrors that name the file. Records keep their (slot, part) position, so the tar's member order (not
// numeric in the real archive) never changes the order images are served in.
import { CHUNK_IMAGES, chunkBytes } from '../cache';
import type { CifarLayout } from '../formats/cifar-layout';
import { cifarMembers } from '../formats/cifar-members';
import { createRecordStream } from '../formats/record-sink';
import type { TarEntry, TarSink, TarVisitor } from '../formats/tar';
import { IMAGE_BYTES } from '../types';
import type { PendingChunk } from './chunk-queue';

export interface ArchiveSink {
  visitor: TarVisitor;
  /** After the archive was read: checks completeness, returns class names and counts. */
  finish(entries: TarEntry[]): { classNames: string[]; coarseClassNames?: string[]; train: number; test: number };
}

export function createArchiveSink(
  layout: CifarLayout,
  fileName: string,
  emit: (chunk: Omit<PendingChunk, 'fraction'>) => void,
  onRecords: (n: number) => void,
  allocate: (bytes: number) => Uint8Array = (bytes) => new Uint8Array(bytes),
): ArchiveSink {
  const members = cifarMembers(layout, fileName);
  const counts = { train: 0, test: 0 };

  const visitor: TarVisitor = {
    entry(entry): TarSink | undefined {
      const spec = members.member(entry);
      if (!spec) return undefined;
      if (spec.role === 'train' || spec.role === 'test') {
        const count = members.recordCount(entry);
        counts[spec.role] += count;
        const split = spec.role;
        return chunkedRecords(
          layout,
          entry.name,
          fileName,
          count,
          allocate,
          (part, n, data) => emit({ split, slot: spec.slot, part, count: n, data }),
          onRecords,
        );
      }
      return members.names(entry, spec.role);
    },
  };

  return {
    visitor,
    finish: (entries) => ({ ...members.finish(entries), ...counts }),
  };
}

/**
 * A member's records written into chunk buffers laid out as the cache stores them: images,
 * then labels, then coarse labels. Per-byte JS work only on the 1–2 label bytes of a record;
 * pixels are copied with one TypedArray.set per piece.
 */
function chunkedRecords(
  layout: CifarLayout,
  memberName: string,
  fileName: string,
  total: number,
  allocate: (bytes: number) => Uint8Array,
  flush: (part: number, count: number, data: Uint8Array) => void,
  onRecords: (n: number) => void,
): TarSink {
  const withCoarse = layout.numCoarse > 0;
  let part = 0;
  let n = Math.min(CHUNK_IMAGES, total); // images in the current chunk
  let k = 0; // record within the chunk
  let data = allocate(chunkBytes(n, withCoarse));

  return createRecordStream(
    layout,
    memberName,
    fileName,
    {
      fine: (_, label) => (data[n * IMAGE_BYTES + k] = label),
      coarse: (_, label) => (data[n * (IMAGE_BYTES + 1) + k] = label),
      pixels: (_, offset, bytes) => data.set(bytes, k * IMAGE_BYTES + offset),
      recordDone(record) {
        k++;
        if (k < n) return;
        flush(part, n, data);
        part++;
        k = 0;
        n = Math.min(CHUNK_IMAGES, total - record - 1);
        data = n > 0 ? allocate(chunkBytes(n, withCoarse)) : new Uint8Array(0);
      },
    },
    onRecords,
  );
}

// The Toronto tarball's members cut into cache chunks as they stream, instead of into one
// 184 MB dataset (formats/cifar-binary.ts builds that, for Node and small files): memory
// stays at the chunks in flight. The checks are the parser's: member names and sizes,
// duplicates, label ranges, class-name lists, missing members; errors are FormatErrors that
// name the file. Records keep their (slot, part) position, so the tar's member order (not
// numeric in the real archive) never changes the order images are served in.
import { CHUNK_IMAGES, chunkBytes } from '../cache';
import { FormatError } from '../formats';
import { findMember, otherCifarArchiveError, otherCifarMember, parseNameList, type CifarLayout, type MemberRole } from '../formats/cifar-layout';
import type { TarEntry, TarSink, TarVisitor } from '../formats/tar';
import { IMAGE_BYTES } from '../types';
import type { PendingChunk } from './chunk-queue';

export interface ArchiveSink {
  visitor: TarVisitor;
  /** After the archive was read: checks completeness, returns class names and counts. */
  finish(entries: TarEntry[]): { classNames: string[]; coarseClassNames?: string[]; train: number; test: number };
}

const MAX_NAMES_BYTES = 1 << 16; // the real name lists are under 1 KiB

export function createArchiveSink(
  layout: CifarLayout,
  fileName: string,
  emit: (chunk: Omit<PendingChunk, 'fraction'>) => void,
  onRecords: (n: number) => void,
  allocate: (bytes: number) => Uint8Array = (bytes) => new Uint8Array(bytes),
): ArchiveSink {
  const seen = new Set<string>();
  const texts = new Map<MemberRole, Uint8Array>();
  const counts = { train: 0, test: 0 };

  const visitor: TarVisitor = {
    entry(entry): TarSink | undefined {
      if (entry.type !== 'file') return undefined;
      const spec = findMember(layout, entry.name);
      if (!spec) {
        const other = otherCifarMember(layout, entry.name);
        if (other) throw otherCifarArchiveError(fileName, layout, other, entry.name);
        return undefined; // readme.html and anything else
      }
      if (seen.has(spec.file)) throw new FormatError(fileName, 'duplicate-member', `the archive holds ${layout.dir}/${spec.file} twice`);
      seen.add(spec.file);
      if (spec.role === 'train' || spec.role === 'test') {
        const count = recordCount(entry, layout, fileName);
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
      if (entry.size > MAX_NAMES_BYTES) {
        throw new FormatError(fileName, 'class-names', `${entry.name} is ${entry.size} bytes, too large for a list of class names`);
      }
      const bytes = new Uint8Array(entry.size);
      let fill = 0;
      return {
        data(chunk) {
          bytes.set(chunk, fill);
          fill += chunk.length;
        },
        end: () => texts.set(spec.role, bytes),
      };
    },
  };

  function names(role: MemberRole, expected: number): string[] {
    const member = `${layout.dir}/${layout.members.find((m) => m.role === role)?.file ?? role}`;
    const list = parseNameList(new TextDecoder('utf-8').decode(texts.get(role) ?? new Uint8Array(0)));
    if (list.length !== expected) throw new FormatError(fileName, 'class-names', `${member} lists ${list.length} class names, expected ${expected}`);
    return list;
  }

  return {
    visitor,
    finish(entries) {
      const missing = layout.members.filter((m) => !seen.has(m.file)).map((m) => `${layout.dir}/${m.file}`);
      if (missing.length > 0) {
        const files = entries.filter((e) => e.type === 'file').map((e) => e.name);
        const shown = files.slice(0, 8).join(', ') + (files.length > 8 ? `, … (${files.length} files)` : '');
        throw new FormatError(
          fileName,
          'missing-members',
          `not a complete ${layout.name} binary archive: missing ${missing.join(', ')}; the archive holds ${shown || 'no files'}`,
        );
      }
      const classNames = names('names', layout.numClasses);
      const coarseClassNames = layout.numCoarse > 0 ? names('coarse-names', layout.numCoarse) : undefined;
      return { classNames, coarseClassNames, ...counts };
    },
  };
}

function recordCount(entry: TarEntry, layout: CifarLayout, fileName: string): number {
  if (entry.size > 0 && entry.size % layout.recordBytes === 0) return entry.size / layout.recordBytes;
  const detail =
    entry.size === 0
      ? `${entry.name} is empty`
      : `${entry.name} is ${entry.size} bytes, not a multiple of the ${layout.recordBytes}-byte record ` +
        `(${Math.floor(entry.size / layout.recordBytes)} records and ${entry.size % layout.recordBytes} bytes left over): ` +
        'record of the wrong size — is this the right CIFAR version?';
  throw new FormatError(fileName, 'record-size', detail);
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
  const { recordBytes, labelBytes, numClasses, numCoarse } = layout;
  const withCoarse = numCoarse > 0;
  const fineAt = labelBytes - 1; // CIFAR-100 stores coarse first, fine second
  let record = 0; // within the member
  let pos = 0; // byte position inside the current record
  let part = 0;
  let n = Math.min(CHUNK_IMAGES, total); // images in the current chunk
  let k = 0; // record within the chunk
  let data = allocate(chunkBytes(n, withCoarse));

  const badLabel = (value: number, which: string, limit: number): FormatError =>
    new FormatError(fileName, 'label-range', `label out of range in ${memberName}, record ${record}: ${which}label ${value} (expected 0–${limit - 1})`);

  return {
    data(chunk) {
      const before = record;
      for (let i = 0; i < chunk.length;) {
        if (pos < labelBytes) {
          const value = chunk[i];
          if (pos === fineAt) {
            if (value >= numClasses) throw badLabel(value, labelBytes === 2 ? 'fine ' : '', numClasses);
            data[n * IMAGE_BYTES + k] = value;
          } else {
            if (value >= numCoarse) throw badLabel(value, 'coarse ', numCoarse);
            data[n * (IMAGE_BYTES + 1) + k] = value;
          }
          pos++;
          i++;
          continue;
        }
        const take = Math.min(recordBytes - pos, chunk.length - i);
        data.set(chunk.subarray(i, i + take), k * IMAGE_BYTES + pos - labelBytes);
        pos += take;
        i += take;
        if (pos < recordBytes) continue;
        pos = 0;
        record++;
        k++;
        if (k === n) {
          flush(part, n, data);
          part++;
          k = 0;
          n = Math.min(CHUNK_IMAGES, total - record);
          data = n > 0 ? allocate(chunkBytes(n, withCoarse)) : new Uint8Array(0);
        }
      }
      if (record > before) onRecords(record - before);
    },
    end() {
      // The member's size was checked against the record size at its header and the tar reader
      // reports a member cut short as truncated, so a member always ends on a chunk boundary.
    },
  };
}

// The Toronto binary CIFAR tarballs (cifar-10-binary.tar.gz, cifar-100-binary.tar.gz) parsed as
// they stream: gunzip → tar → records written into preallocated splits. Peak memory is the
// output (184 MB for CIFAR-10) plus one decompressed chunk; the archive is never held whole.
// Record counts come from the member sizes, so small generated archives parse the same way.
import type { DatasetInfo, InMemoryDataset } from '../types';
import {
  cifarLayout,
  findMember,
  otherCifarArchiveError,
  otherCifarMember,
  parseNameList,
  type CifarKind,
  type CifarLayout,
  type MemberRole,
} from './cifar-layout';
import { FormatError } from './errors';
import { createRecordSink } from './record-sink';
import { createSplitBuilder } from './split-builder';
import { type TarEntry, type TarSink } from './tar';
import { readTarGz } from './tar-gz';

export interface CifarArchiveProgress {
  compressedBytes: number; // of the input consumed so far (compare with the file's size)
  records: number; // train + test records parsed so far (60,000 in the real archives)
}

export interface ParseCifarOptions {
  signal?: AbortSignal;
  /** Throttled to one call per `progressBytes` of compressed input, plus a final call. */
  onProgress?: (progress: CifarArchiveProgress) => void;
  progressBytes?: number; // default 1 MiB
}

export interface CifarDataset extends InMemoryDataset {
  /** CIFAR-100 only: the 20 superclasses and each image's coarse label. */
  coarse?: { classNames: string[]; train: Uint8Array; test: Uint8Array };
}

const MAX_NAMES_BYTES = 1 << 16; // the real name lists are under 1 KiB

export async function parseCifarArchive(
  stream: ReadableStream<Uint8Array>,
  fileName: string,
  kind: CifarKind,
  options: ParseCifarOptions = {},
): Promise<CifarDataset> {
  const layout = cifarLayout(kind);
  const withCoarse = layout.numCoarse > 0;
  const train = createSplitBuilder(layout.trainSlots, withCoarse);
  const test = createSplitBuilder(1, withCoarse);
  const seen = new Set<string>();
  const texts = new Map<MemberRole, Uint8Array>();
  const progressBytes = options.progressBytes ?? 1 << 20;
  let compressedBytes = 0;
  let reportedAt = 0;
  let records = 0;

  const entries = await readTarGz(
    stream,
    fileName,
    {
      entry(entry): TarSink | undefined {
        if (entry.type !== 'file') return undefined;
        const spec = findMember(layout, entry.name);
        if (!spec) {
          const other = otherCifarMember(layout, entry.name);
          if (other) throw otherCifarArchiveError(fileName, layout, other, entry.name);
          return undefined; // readme.html and anything else
        }
        if (seen.has(spec.file)) {
          throw new FormatError(fileName, 'duplicate-member', `the archive holds ${layout.dir}/${spec.file} twice`);
        }
        seen.add(spec.file);
        if (spec.role === 'train' || spec.role === 'test') {
          const count = checkRecordCount(entry, layout, fileName);
          const storage = (spec.role === 'train' ? train : test).begin(spec.slot, count);
          return createRecordSink(storage, layout, entry.name, fileName, (n) => (records += n));
        }
        return collectText(entry, fileName, (bytes) => texts.set(spec.role, bytes));
      },
    },
    {
      signal: options.signal,
      onCompressedBytes: (total) => (compressedBytes = total),
      onChunkParsed: () => {
        if (compressedBytes - reportedAt < progressBytes) return;
        reportedAt = compressedBytes;
        options.onProgress?.({ compressedBytes, records });
      },
    },
  );
  options.onProgress?.({ compressedBytes, records });

  const missing = layout.members.filter((m) => !seen.has(m.file));
  if (missing.length > 0)
    throw missingMembers(
      layout,
      missing.map((m) => `${layout.dir}/${m.file}`),
      entries,
      fileName,
    );

  const trainBuilt = train.finish();
  const testBuilt = test.finish();
  const classNames = readNames(texts.get('names'), layout.numClasses, layout.members, 'names', layout, fileName);
  const info: DatasetInfo = { id: kind, name: layout.name, numClasses: layout.numClasses, classNames };
  const dataset: CifarDataset = { info, train: trainBuilt.split, test: testBuilt.split };
  if (withCoarse && trainBuilt.coarse && testBuilt.coarse) {
    const coarseNames = readNames(texts.get('coarse-names'), layout.numCoarse, layout.members, 'coarse-names', layout, fileName);
    dataset.coarse = { classNames: coarseNames, train: trainBuilt.coarse, test: testBuilt.coarse };
  }
  return dataset;
}

function checkRecordCount(entry: TarEntry, layout: CifarLayout, fileName: string): number {
  if (entry.size > 0 && entry.size % layout.recordBytes === 0) return entry.size / layout.recordBytes;
  const records = Math.floor(entry.size / layout.recordBytes);
  const rest = entry.size % layout.recordBytes;
  const detail =
    entry.size === 0
      ? `${entry.name} is empty`
      : `${entry.name} is ${entry.size} bytes, not a multiple of the ${layout.recordBytes}-byte record ` +
        `(${records} records and ${rest} bytes left over): record of the wrong size — is this the right CIFAR version?`;
  throw new FormatError(fileName, 'record-size', detail);
}

function collectText(entry: TarEntry, fileName: string, done: (bytes: Uint8Array) => void): TarSink {
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
    end: () => done(bytes),
  };
}

function readNames(
  bytes: Uint8Array | undefined,
  expected: number,
  members: { file: string; role: MemberRole }[],
  role: MemberRole,
  layout: CifarLayout,
  fileName: string,
): string[] {
  const member = `${layout.dir}/${members.find((m) => m.role === role)?.file ?? role}`;
  const names = parseNameList(new TextDecoder('utf-8').decode(bytes ?? new Uint8Array(0)));
  if (names.length !== expected) {
    throw new FormatError(fileName, 'class-names', `${member} lists ${names.length} class names, expected ${expected}`);
  }
  return names;
}

function missingMembers(layout: CifarLayout, missing: string[], entries: TarEntry[], fileName: string): FormatError {
  const files = entries.filter((e) => e.type === 'file').map((e) => e.name);
  const shown = files.slice(0, 8).join(', ') + (files.length > 8 ? `, … (${files.length} files)` : '');
  return new FormatError(
    fileName,
    'missing-members',
    `not a complete ${layout.name} binary archive: missing ${missing.join(', ')}; the archive holds ${shown || 'no files'}`,
  );
}

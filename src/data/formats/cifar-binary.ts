// The Toronto binary CIFAR tarballs (cifar-10-binary.tar.gz, cifar-100-binary.tar.gz) parsed as
// they stream: gunzip → tar → records written into preallocated splits. Peak memory is the
// output (184 MB for CIFAR-10) plus one decompressed chunk; the archive is never held whole.
// Record counts come from the member sizes, so small generated archives parse the same way.
import type { DatasetInfo, InMemoryDataset } from '../types';
import { cifarLayout, type CifarKind } from './cifar-layout';
import { cifarMembers } from './cifar-members';
import { createRecordSink } from './record-sink';
import { createSplitBuilder } from './split-builder';
import { type TarSink } from './tar';
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
  const members = cifarMembers(layout, fileName);
  const progressBytes = options.progressBytes ?? 1 << 20;
  let compressedBytes = 0;
  let reportedAt = 0;
  let records = 0;

  const entries = await readTarGz(
    stream,
    fileName,
    {
      entry(entry): TarSink | undefined {
        const spec = members.member(entry);
        if (!spec) return undefined;
        if (spec.role === 'train' || spec.role === 'test') {
          const storage = (spec.role === 'train' ? train : test).begin(spec.slot, members.recordCount(entry));
          return createRecordSink(storage, layout, entry.name, fileName, (n) => (records += n));
        }
        return members.names(entry, spec.role);
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

  const { classNames, coarseClassNames } = members.finish(entries);
  const trainBuilt = train.finish();
  const testBuilt = test.finish();
  const info: DatasetInfo = { id: kind, name: layout.name, numClasses: layout.numClasses, classNames };
  const dataset: CifarDataset = { info, train: trainBuilt.split, test: testBuilt.split };
  if (coarseClassNames && trainBuilt.coarse && testBuilt.coarse) {
    dataset.coarse = { classNames: coarseClassNames, train: trainBuilt.coarse, test: testBuilt.coarse };
  }
  return dataset;
}

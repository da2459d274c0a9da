// Parses CIFAR binary records as their bytes stream in: label byte(s), then 3072 pixel bytes
// (R, G, B planes) copied with one TypedArray.set per record piece. Per-byte JS work happens
// only on the 1–2 label bytes of each record; labels are range-checked here. Where the bytes
// go is the writer's: a preallocated split (createRecordSink, the in-memory parser) or cache
// chunks (import/archive-sink.ts).
import { IMAGE_BYTES } from '../types';
import type { CifarLayout } from './cifar-layout';
import { FormatError } from './errors';
import type { SlotStorage } from './split-builder';
import type { TarSink } from './tar';

/** Where a member's records go; `record` counts from 0 within the member. */
export interface RecordWriter {
  fine(record: number, label: number): void;
  coarse(record: number, label: number): void;
  /** A piece of the record's pixel planes, starting `offset` bytes into its 3072. */
  pixels(record: number, offset: number, bytes: Uint8Array): void;
  /** The record is complete. */
  recordDone?(record: number): void;
}

export function createRecordStream(
  layout: CifarLayout,
  memberName: string,
  fileName: string,
  writer: RecordWriter,
  onRecords: (completed: number) => void,
): TarSink {
  const { recordBytes, labelBytes, numClasses, numCoarse } = layout;
  const fineAt = labelBytes - 1; // CIFAR-100 stores coarse first, fine second
  let record = 0;
  let pos = 0; // byte position inside the current record

  function badLabel(value: number, which: string, limit: number): FormatError {
    return new FormatError(fileName, 'label-range', `label out of range in ${memberName}, record ${record}: ${which}label ${value} (expected 0–${limit - 1})`);
  }

  return {
    data(chunk) {
      const before = record;
      const length = chunk.length;
      let i = 0;
      while (i < length) {
        if (pos < labelBytes) {
          const value = chunk[i];
          if (pos === fineAt) {
            if (value >= numClasses) throw badLabel(value, labelBytes === 2 ? 'fine ' : '', numClasses);
            writer.fine(record, value);
          } else {
            if (value >= numCoarse) throw badLabel(value, 'coarse ', numCoarse);
            writer.coarse(record, value);
          }
          pos++;
          i++;
          continue;
        }
        const n = Math.min(recordBytes - pos, length - i);
        writer.pixels(record, pos - labelBytes, chunk.subarray(i, i + n));
        pos += n;
        i += n;
        if (pos === recordBytes) {
          writer.recordDone?.(record);
          pos = 0;
          record++;
        }
      }
      if (record > before) onRecords(record - before);
    },
    end() {
      // The member's size was checked against the record size at its header, and the tar reader
      // reports a member cut short as truncated, so a member always ends on a record boundary.
    },
  };
}

/** A member's records written straight into a split's preallocated slot. */
export function createRecordSink(
  target: SlotStorage,
  layout: CifarLayout,
  memberName: string,
  fileName: string,
  onRecords: (completed: number) => void,
): TarSink {
  return createRecordStream(
    layout,
    memberName,
    fileName,
    {
      fine: (record, label) => (target.labels[record] = label),
      coarse: (record, label) => {
        if (target.coarse) target.coarse[record] = label;
      },
      pixels: (record, offset, bytes) => target.images.set(bytes, record * IMAGE_BYTES + offset),
    },
    onRecords,
  );
}

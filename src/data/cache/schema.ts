// The dataset cache's records. IndexedDB database 'bottleneck-lab-data' (runs have their own):
//   manifests  DatasetManifest by copyId, indexed by dataset id. A "copy" is one import of one
//              dataset. At most one copy per dataset is 'complete' (the one consumers read) and
//              at most one is 'partial' (an import in progress, or the remains of one that was
//              interrupted, kept so the next attempt can resume or say why it restarts).
//   chunks     ChunkRecord by [copyId, split, slot, part]: CHUNK_IMAGES images each (7.7 MB),
//              never one 150 MB blob, so writes are bounded, a quota error costs one chunk, and
//              reading streams through a cursor with one chunk in flight.
// An import writes a new copy beside the old one; the flip to 'complete' and the retirement of
// the previous complete copy happen in one transaction, so a failed import never touches what
// was cached before, and a reader always sees one whole copy.
import type { DBSchema } from 'idb';
import type { DatasetId } from '../catalog';
import type { SplitName } from '../types';

export const DATA_DB_NAME = 'bottleneck-lab-data';
export const DATA_DB_VERSION = 1;
/** Bumped when the stored layout changes; copies of another version are listed as stale. */
export const CACHE_FORMAT_VERSION = 1;
/** Images per chunk record: 2,500 × 3,072 B = 7.7 MB; CIFAR's 10,000-image batches cut evenly. */
export const CHUNK_IMAGES = 2500;

export type CopyStatus = 'partial' | 'complete' | 'superseded';

export interface ChunkInfo {
  slot: number; // the source member (data_batch_k → k-1) or 0; keeps tar order out of the layout
  part: number; // position within the slot
  count: number; // images in the chunk
  bytes: number; // stored bytes: images + labels (+ coarse labels)
  sha256: string; // hex digest of the stored bytes
}

/**
 * The file one split was read from, as the server described it when it was fetched: enough
 * for a later attempt to tell whether that split's source is unchanged (./resume-plan.ts).
 */
export interface SplitOrigin {
  url: string;
  etag?: string; // when the server sent (and exposed) one
  bytes?: number; // the file's length
}

/** What a server says about a file now (a HEAD request), to compare with a SplitOrigin. */
export interface RemoteFile {
  etag?: string;
  bytes?: number;
}

export interface SplitManifest {
  count: number;
  bytes: number;
  /** Every chunk of the split is written (a later attempt may keep this split: "resume"). */
  complete: boolean;
  chunks: ChunkInfo[]; // in (slot, part) order: the order images are served in
  /** Downloads only; copies stored before this was recorded fall back to the copy's source URLs. */
  origin?: SplitOrigin;
}

/** Where a copy came from, in words a person can check, and enough to decide on a resume. */
export type DatasetSource =
  | { kind: 'archive'; fileName: string; bytes: number; lastModified?: number; url?: string }
  | { kind: 'parquet'; train: string; test: string }
  | { kind: 'synthetic'; seed: number; trainSize: number; testSize: number };

export interface Interruption {
  /** How the attempt ended: 'unknown' when the tab closed or crashed mid-import. */
  reason: 'cancelled' | 'failed' | 'unknown';
  fraction: number; // of the attempt's input, 0..1
  message?: string;
  at: number; // ms since epoch
}

export interface DatasetManifest {
  formatVersion: number;
  copyId: string;
  id: DatasetId;
  name: string;
  status: CopyStatus;
  numClasses: number;
  classNames: string[];
  coarseClassNames?: string[]; // CIFAR-100: each chunk then stores coarse labels too
  chunkImages: number;
  splits: Record<SplitName, SplitManifest>;
  bytes: number; // all chunks
  /** SHA-256 over the ordered chunk digests: one value that changes with any stored byte. */
  checksum?: string;
  source: DatasetSource;
  createdAt: number;
  updatedAt: number;
  completedAt?: number;
  verifiedAt?: number;
  /** While partial: how far the attempt got; updated with every chunk written. */
  progress?: { fraction: number; updatedAt: number };
  interruption?: Interruption;
}

/**
 * One stored chunk: `data` holds the images ([count, 3, 32, 32] planes), then `count` labels,
 * then `count` coarse labels when the dataset has them. One buffer, so one digest covers all.
 */
export interface ChunkRecord {
  copyId: string;
  split: SplitName;
  slot: number;
  part: number;
  count: number;
  data: Uint8Array;
}

export type ChunkKey = [string, SplitName, number, number];

export interface DataSchema extends DBSchema {
  manifests: { key: string; value: DatasetManifest; indexes: { byDataset: DatasetId } };
  chunks: { key: ChunkKey; value: ChunkRecord };
}

export function chunkKey(copyId: string, split: SplitName, slot: number, part: number): ChunkKey {
  return [copyId, split, slot, part];
}

/** Every chunk key of a copy (or of one split of it), for cursors and range deletes. */
export function copyRange(copyId: string, split?: SplitName): IDBKeyRange {
  return split ? IDBKeyRange.bound([copyId, split, -Infinity, -Infinity], [copyId, split, Infinity, Infinity]) : IDBKeyRange.bound([copyId], [copyId, []]); // arrays sort after strings: covers every split
}

export function emptySplit(): SplitManifest {
  return { count: 0, bytes: 0, complete: false, chunks: [] };
}

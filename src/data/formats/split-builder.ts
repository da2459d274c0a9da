// Preallocated storage for a split whose records arrive member by member, in any tar order.
//
// The Toronto CIFAR-10 tarball holds five train batches whose tar order is not their numeric
// order, yet the split must come out in batch order (data_batch_1 first) to match every other
// CIFAR loader. When the first batch arrives with n records, storage for slots × n records is
// allocated and each batch of n records writes straight into its slot: no copy, no second
// 150 MB buffer. Batches of other sizes (small generated archives) get their own buffers and
// one compaction at the end, which costs a copy only in that unusual case.
import { IMAGE_BYTES, type ImageSplit } from '../types';

export interface SlotStorage {
  count: number;
  images: Uint8Array; // count * IMAGE_BYTES, CIFAR planes
  labels: Uint8Array;
  coarse: Uint8Array | undefined; // CIFAR-100's coarse labels
}

export interface BuiltSplit {
  split: ImageSplit;
  coarse: Uint8Array | undefined;
}

export interface SplitBuilder {
  begin(slot: number, count: number): SlotStorage;
  finish(): BuiltSplit;
}

function allocate(count: number, withCoarse: boolean): SlotStorage {
  return {
    count,
    images: new Uint8Array(count * IMAGE_BYTES),
    labels: new Uint8Array(count),
    coarse: withCoarse ? new Uint8Array(count) : undefined,
  };
}

function view(all: SlotStorage, start: number, count: number): SlotStorage {
  return {
    count,
    images: all.images.subarray(start * IMAGE_BYTES, (start + count) * IMAGE_BYTES),
    labels: all.labels.subarray(start, start + count),
    coarse: all.coarse?.subarray(start, start + count),
  };
}

export function createSplitBuilder(slots: number, withCoarse: boolean): SplitBuilder {
  const parts: (SlotStorage | undefined)[] = new Array<SlotStorage | undefined>(slots).fill(undefined);
  const inShared: boolean[] = new Array<boolean>(slots).fill(false);
  let shared: SlotStorage | undefined;
  let uniform = -1;

  return {
    begin(slot, count) {
      if (uniform < 0) {
        uniform = count;
        shared = allocate(slots * count, withCoarse);
      }
      const storage = count === uniform && shared ? view(shared, slot * uniform, count) : allocate(count, withCoarse);
      inShared[slot] = count === uniform;
      parts[slot] = storage;
      return storage;
    },
    finish() {
      if (shared && inShared.every(Boolean)) {
        return { split: { count: shared.count, images: shared.images, labels: shared.labels }, coarse: shared.coarse };
      }
      const present = parts.filter((p): p is SlotStorage => p !== undefined);
      const out = allocate(
        present.reduce((n, p) => n + p.count, 0),
        withCoarse,
      );
      let at = 0;
      for (const p of present) {
        out.images.set(p.images, at * IMAGE_BYTES);
        out.labels.set(p.labels, at);
        if (p.coarse) out.coarse?.set(p.coarse, at);
        at += p.count;
      }
      return { split: { count: out.count, images: out.images, labels: out.labels }, coarse: out.coarse };
    },
  };
}

// Writes a split that is already in memory (a parsed parquet file, the generated synthetic
// set) into the cache, CHUNK_IMAGES images at a time. Each chunk's buffer is built fresh
// (images | labels | coarse) and handed to the writer, so only one chunk is copied at once.
import { CHUNK_IMAGES, chunkBytes, type CopyWriter, type SplitOrigin } from '../cache';
import { throwIfAborted } from '../formats/errors';
import { IMAGE_BYTES, type ImageSplit, type SplitName } from '../types';

export async function writeSplit(
  writer: CopyWriter,
  split: SplitName,
  data: ImageSplit,
  coarse: Uint8Array | undefined,
  options: { signal?: AbortSignal; fraction?: (written: number) => number; onChunk?: (written: number) => void; origin?: SplitOrigin } = {},
): Promise<void> {
  const withCoarse = !!writer.current.coarseClassNames;
  if (withCoarse && !coarse) throw new Error(`${writer.current.name}: the ${split} split came without coarse labels`);
  for (let start = 0, part = 0; start < data.count; start += CHUNK_IMAGES, part++) {
    throwIfAborted(options.signal);
    const n = Math.min(CHUNK_IMAGES, data.count - start);
    const chunk = new Uint8Array(chunkBytes(n, withCoarse));
    chunk.set(data.images.subarray(start * IMAGE_BYTES, (start + n) * IMAGE_BYTES), 0);
    chunk.set(data.labels.subarray(start, start + n), n * IMAGE_BYTES);
    if (withCoarse && coarse) chunk.set(coarse.subarray(start, start + n), n * (IMAGE_BYTES + 1));
    await writer.writeChunk(split, 0, part, n, chunk, options.fraction?.(start + n));
    options.onChunk?.(start + n);
  }
  await writer.completeSplit(split, options.origin);
}

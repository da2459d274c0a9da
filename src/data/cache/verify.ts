// Re-reading a copy and checking every chunk against its manifest: presence, size, SHA-256,
// and the overall checksum. Used before an import is flipped to 'complete' and on request.
// Each chunk is read in its own transaction because hashing awaits crypto.subtle, and an
// IndexedDB transaction commits as soon as it has nothing pending.
import { IMAGE_BYTES } from '../types';
import { overallChecksum, sha256Hex } from './checksum';
import type { DataDb } from './db';
import { chunkKey, type DatasetManifest } from './schema';

export interface VerifyReport {
  copyId: string;
  ok: boolean;
  chunks: number;
  bytes: number;
  millis: number;
  problems: string[]; // empty when ok; otherwise one line per bad chunk, for people
  checksum?: string; // recomputed overall checksum
}

export function chunkBytes(count: number, withCoarse: boolean): number {
  return count * (IMAGE_BYTES + 1 + (withCoarse ? 1 : 0));
}

export async function verifyCopy(db: DataDb, manifest: DatasetManifest, onChunk?: (done: number, total: number) => void): Promise<VerifyReport> {
  const start = performance.now();
  const problems: string[] = [];
  const withCoarse = !!manifest.coarseClassNames;
  const total = manifest.splits.train.chunks.length + manifest.splits.test.chunks.length;
  let chunks = 0;
  let bytes = 0;
  for (const split of ['train', 'test'] as const) {
    const info = manifest.splits[split];
    let images = 0;
    for (const c of info.chunks) {
      const where = `${split} chunk ${c.slot}.${c.part}`;
      const record = await db.get('chunks', chunkKey(manifest.copyId, split, c.slot, c.part));
      chunks++;
      onChunk?.(chunks, total);
      if (!record) {
        problems.push(`${where} is missing`);
        continue;
      }
      const expected = chunkBytes(c.count, withCoarse);
      if (record.count !== c.count || record.data.length !== expected || c.bytes !== expected) {
        problems.push(`${where} holds ${record.data.length} bytes for ${record.count} images, expected ${expected} for ${c.count}`);
        continue;
      }
      const digest = await sha256Hex(record.data);
      if (digest !== c.sha256) problems.push(`${where}: checksum mismatch (stored data altered)`);
      bytes += record.data.length;
      images += c.count;
    }
    if (images !== info.count && problems.length === 0) problems.push(`${split}: chunks hold ${images} images, the manifest says ${info.count}`);
  }
  const checksum = await overallChecksum(manifest.splits);
  if (manifest.checksum && checksum !== manifest.checksum) problems.push('the overall checksum does not match the manifest');
  return { copyId: manifest.copyId, ok: problems.length === 0, chunks, bytes, millis: performance.now() - start, problems, checksum };
}

// SHA-256 through crypto.subtle, not a CRC-32 in JS: the platform digest is native (BoringSSL in
// Chromium, OpenSSL in Node), available in workers and in Node alike, off the JS thread's hot
// loop, and faster per byte than a table-driven JS CRC (measured in scripts/bench-ingest.ts as
// part of the import). A CRC would also do for catching disk corruption, but SHA-256 makes the
// overall checksum usable as a content identity (two imports of the same data agree).
import type { SplitName } from '../types';
import type { ChunkInfo } from './schema';

export async function sha256Hex(bytes: Uint8Array): Promise<string> {
  // digest() copies its input first; passing the view (not .buffer) hashes only these bytes.
  const digest = await crypto.subtle.digest('SHA-256', bytes as Uint8Array<ArrayBuffer>);
  return hex(new Uint8Array(digest));
}

function hex(bytes: Uint8Array): string {
  let out = '';
  for (const b of bytes) out += b.toString(16).padStart(2, '0');
  return out;
}

/** The copy's checksum: SHA-256 over "split/slot/part/count/digest" lines in serving order. */
export function overallChecksum(splits: Record<SplitName, { chunks: ChunkInfo[] }>): Promise<string> {
  const lines: string[] = [];
  for (const split of ['train', 'test'] as const) {
    for (const c of splits[split].chunks) lines.push(`${split}/${c.slot}/${c.part}/${c.count}/${c.sha256}`);
  }
  return sha256Hex(new TextEncoder().encode(lines.join('\n')));
}

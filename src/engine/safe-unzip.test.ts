import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { crc32, readZipDirectory, unzipWithinLimits, ZipLimitError } from './safe-unzip';

const MiB = 1024 * 1024;

/** Rewrites the declared uncompressed size of `name` in both the local header and the directory. */
function lieAboutSize(zip: Uint8Array, name: string, size: number): Uint8Array {
  const out = zip.slice();
  const view = new DataView(out.buffer);
  const entry = readZipDirectory(out, 'x').find((e) => e.name === name)!;
  view.setUint32(entry.localOffset + 22, size, true);
  for (let o = 0; o < out.length - 4; o++)
    if (view.getUint32(o, true) === 0x02014b50 && view.getUint32(o + 42, true) === entry.localOffset) view.setUint32(o + 24, size, true);
  return out;
}

describe('unzipWithinLimits', () => {
  const small = zipSync({ 'a.txt': strToU8('hello'), 'b.bin': [new Uint8Array([1, 2, 3]), { level: 0 }], 'other.txt': strToU8('skipped') });

  it('reads wanted members (stored and deflated) and skips the rest unread', () => {
    const { files, names } = unzipWithinLimits(small, 'x.zip', { members: { 'a.txt': 100, 'b.bin': 100 }, total: 1000 });
    expect(new TextDecoder().decode(files['a.txt'])).toBe('hello');
    expect([...files['b.bin']]).toEqual([1, 2, 3]);
    expect(files['other.txt']).toBeUndefined();
    expect(names.sort()).toEqual(['a.txt', 'b.bin', 'other.txt']);
  });

  it('agrees with the reference CRC-32', () => {
    expect(crc32(strToU8('123456789'))).toBe(0xcbf43926); // the standard check value
  });

  // 300 MiB of one byte deflates to ~300 KB: the bomb.
  const bomb = zipSync({ 'metrics.jsonl': new Uint8Array(300 * MiB).fill(32) }, { level: 9 });

  it('refuses a member whose declared size is over its limit, naming file, member, size and limit, before inflating', () => {
    expect(bomb.length).toBeLessThan(1 * MiB);
    expect(() => unzipWithinLimits(bomb, 'bomb.zip', { members: { 'metrics.jsonl': 128 * MiB }, total: 512 * MiB })).toThrow(
      /bomb\.zip: metrics\.jsonl would inflate to 300\.0 MiB, over the limit of 128\.0 MiB/,
    );
  });

  it('refuses when the members together are over the total limit', () => {
    expect(() => unzipWithinLimits(small, 'x.zip', { members: { 'a.txt': 100, 'b.bin': 100 }, total: 6 })).toThrow(
      /x\.zip: it would inflate to 8 bytes in all, over the limit of 6 bytes/,
    );
  });

  it('stops inflating a member that inflates past the size its directory declares', () => {
    const liar = lieAboutSize(bomb, 'metrics.jsonl', 1000);
    expect(() => unzipWithinLimits(liar, 'liar.zip', { members: { 'metrics.jsonl': 128 * MiB }, total: 512 * MiB })).toThrow(
      /liar\.zip: metrics\.jsonl inflates to more than the 1000 bytes its zip directory declares/,
    );
  });

  it('refuses a member that fails its CRC-32 (corrupt but inflatable)', () => {
    const zip = zipSync({ 'a.txt': [strToU8('hello'), { level: 0 }] });
    const bad = zip.slice();
    bad[readZipDirectory(zip, 'x')[0].localOffset + 30 + 'a.txt'.length] ^= 1;
    expect(() => unzipWithinLimits(bad, 'c.zip', { members: { 'a.txt': 100 }, total: 100 })).toThrow(/a\.txt fails its CRC-32 check/);
  });

  it('refuses a directory with too many entries, and files that are not zips', () => {
    const many = zipSync(Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`f${i}`, new Uint8Array(0)])));
    expect(() => unzipWithinLimits(many, 'm.zip', { members: {}, total: 1 })).toThrow(/m\.zip: it lists 70 entries in its zip directory, over the limit of 64/);
    expect(() => unzipWithinLimits(new Uint8Array([1, 2, 3]), 'n.zip', { members: {}, total: 1 })).toThrow(ZipLimitError);
    expect(() => unzipWithinLimits(new Uint8Array([1, 2, 3]), 'n.zip', { members: {}, total: 1 })).toThrow(/n\.zip: it is not a readable zip file/);
  });
});

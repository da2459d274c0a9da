// Unzipping files a person chose (run bundles, checkpoints) without trusting them: a 312 KB zip
// can inflate to 300 MB and take the tab down with it. Limits are checked twice, per member and
// in total: first against the sizes the zip's central directory declares (before any byte is
// inflated), then against the bytes actually inflated, which are counted as they come out of
// the inflater and may never exceed the declared size (a directory that lies is refused, not
// believed). Every member's CRC-32 is checked, so corruption that still inflates is caught.
// fflate inflates (its streaming Inflate, fed 16 KiB at a time, so one push can never balloon);
// the directory is read here because fflate's unzipSync allocates whatever size the zip claims
// and silently truncates members that inflate to more.

import { Inflate } from 'fflate';

export interface ZipLimits {
  /** Most bytes each wanted member may inflate to; members not listed are skipped unread. */
  members: Record<string, number>;
  /** Most bytes all wanted members together may inflate to. */
  total: number;
  /** Most entries the directory may list (a million empty entries is a bomb of its own). */
  maxEntries?: number;
}

/** A refused or unreadable zip; the message names the file, the member, the size and the limit. */
export class ZipLimitError extends Error {
  constructor(
    readonly fileName: string,
    /** The problem without the file name, for callers that phrase their own sentence. */
    readonly problem: string,
  ) {
    super(`${fileName}: ${problem}`);
    this.name = 'ZipLimitError';
  }
}

export interface ZipEntry {
  name: string;
  method: number;
  crc: number;
  compressedSize: number;
  size: number; // uncompressed, as declared by the central directory
  localOffset: number;
}

const MiB = 1024 * 1024;

/** "300.0 MB" style sizes for messages (MiB, the unit limits are set in). */
export function formatBytes(bytes: number): string {
  if (bytes >= MiB) return `${(bytes / MiB).toFixed(1)} MiB`;
  if (bytes >= 1024) return `${(bytes / 1024).toFixed(1)} KiB`;
  return `${bytes} bytes`;
}

const u16 = (b: Uint8Array, o: number) => b[o] | (b[o + 1] << 8);
const u32 = (b: Uint8Array, o: number) => (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;

/** The entries of the zip's central directory (names, methods, declared sizes, CRCs). */
export function readZipDirectory(bytes: Uint8Array, fileName: string, maxEntries = 64): ZipEntry[] {
  const bad = (why: string) => new ZipLimitError(fileName, `it is not a readable zip file (${why})`);
  // The end-of-central-directory record: the last 22 bytes, plus a comment of up to 64 KiB.
  let end = -1;
  for (let i = bytes.length - 22; i >= 0 && i >= bytes.length - 22 - 0xffff; i--) {
    if (u32(bytes, i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw bad('no zip directory at its end');
  const count = u16(bytes, end + 10);
  const dirOffset = u32(bytes, end + 16);
  if (count === 0xffff || dirOffset === 0xffffffff) throw bad('ZIP64 archives are not read here; bundles and checkpoints are plain zips');
  if (count > maxEntries) throw new ZipLimitError(fileName, `it lists ${count} entries in its zip directory, over the limit of ${maxEntries}: it was refused`);
  const entries: ZipEntry[] = [];
  let o = dirOffset;
  const decoder = new TextDecoder();
  for (let i = 0; i < count; i++) {
    if (o + 46 > bytes.length || u32(bytes, o) !== 0x02014b50) throw bad(`directory entry ${i + 1} is damaged`);
    const nameLength = u16(bytes, o + 28);
    const entry: ZipEntry = {
      method: u16(bytes, o + 10),
      crc: u32(bytes, o + 16),
      compressedSize: u32(bytes, o + 20),
      size: u32(bytes, o + 24),
      localOffset: u32(bytes, o + 42),
      name: decoder.decode(bytes.subarray(o + 46, o + 46 + nameLength)),
    };
    if (entry.size === 0xffffffff || entry.compressedSize === 0xffffffff || entry.localOffset === 0xffffffff) throw bad(`${entry.name} uses ZIP64 sizes`);
    entries.push(entry);
    o += 46 + nameLength + u16(bytes, o + 30) + u16(bytes, o + 32);
  }
  return entries;
}

const CRC_TABLE = (() => {
  const table = new Int32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c;
  }
  return table;
})();

/** CRC-32 (the zip one), continued from `crc` (0 to start). */
export function crc32(data: Uint8Array, crc = 0): number {
  let c = ~crc;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const FEED = 16 * 1024; // compressed bytes per push: at most ~16.5 MB can come out of one (1032:1)

function inflateMember(bytes: Uint8Array, entry: ZipEntry, fileName: string, limit: number): Uint8Array {
  const o = entry.localOffset;
  if (o + 30 > bytes.length || u32(bytes, o) !== 0x04034b50)
    throw new ZipLimitError(fileName, `it is not a readable zip file (the header of ${entry.name} is damaged)`);
  const start = o + 30 + u16(bytes, o + 26) + u16(bytes, o + 28);
  const data = bytes.subarray(start, start + entry.compressedSize);
  if (data.length !== entry.compressedSize) throw new ZipLimitError(fileName, `it is not a readable zip file (${entry.name} is cut short)`);
  const out = new Uint8Array(entry.size);
  let written = 0;
  if (entry.method === 0) {
    if (entry.compressedSize !== entry.size)
      throw new ZipLimitError(fileName, `${entry.name} is stored with ${entry.compressedSize} bytes but declares ${entry.size}`);
    out.set(data);
    written = data.length;
  } else if (entry.method === 8) {
    const over = () =>
      new ZipLimitError(
        fileName,
        `${entry.name} inflates to more than the ${formatBytes(entry.size)} its zip directory declares (limit ${formatBytes(limit)}): it was refused`,
      );
    const inflater = new Inflate((chunk) => {
      if (written + chunk.length > entry.size) throw over();
      out.set(chunk, written);
      written += chunk.length;
    });
    try {
      for (let i = 0; i < data.length; i += FEED) inflater.push(data.subarray(i, i + FEED), i + FEED >= data.length);
      if (data.length === 0) inflater.push(new Uint8Array(0), true);
    } catch (err) {
      if (err instanceof ZipLimitError) throw err;
      throw new ZipLimitError(fileName, `it is not a readable zip file (${entry.name} does not inflate: ${err instanceof Error ? err.message : String(err)})`);
    }
  } else {
    throw new ZipLimitError(fileName, `${entry.name} uses compression method ${entry.method}; only stored and deflated members are read`);
  }
  if (written !== entry.size)
    throw new ZipLimitError(fileName, `it is not a readable zip file (${entry.name} inflates to ${written} bytes, its directory declares ${entry.size})`);
  if (crc32(out) !== entry.crc) throw new ZipLimitError(fileName, `it is not a readable zip file (${entry.name} fails its CRC-32 check: the file is corrupt)`);
  return out;
}

/**
 * The wanted members of a zip, inflated within `limits`. Members not named in limits.members
 * are not inflated at all. Throws ZipLimitError naming the file, member, size and limit.
 */
export function unzipWithinLimits(bytes: Uint8Array, fileName: string, limits: ZipLimits): { files: Record<string, Uint8Array>; names: string[] } {
  const entries = readZipDirectory(bytes, fileName, limits.maxEntries);
  const wanted = entries.filter((e) => Object.hasOwn(limits.members, e.name));
  let declaredTotal = 0;
  for (const e of wanted) {
    const limit = limits.members[e.name];
    if (e.size > limit)
      throw new ZipLimitError(
        fileName,
        `${e.name} would inflate to ${formatBytes(e.size)}, over the limit of ${formatBytes(limit)} for that member: it was refused`,
      );
    declaredTotal += e.size;
  }
  if (declaredTotal > limits.total)
    throw new ZipLimitError(
      fileName,
      `it would inflate to ${formatBytes(declaredTotal)} in all, over the limit of ${formatBytes(limits.total)}: it was refused`,
    );
  const files: Record<string, Uint8Array> = {};
  // Actual bytes are bounded by the declared sizes, which were bounded above.
  for (const e of wanted) files[e.name] = inflateMember(bytes, e, fileName, limits.members[e.name]);
  return { files, names: entries.map((e) => e.name) };
}

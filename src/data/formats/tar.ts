// Incremental tar (ustar / GNU / pax) reader: chunks of any size in, members' bytes out as views
// of those chunks. Memory: one 512-byte header buffer plus long names; member data is never
// copied here (a consumer that keeps it must copy). Cost per chunk: a few subarray() calls.
//
// Supported: ustar names with prefix, GNU long names ('L'), pax 'path' records ('x'), octal and
// base-256 sizes, padding to 512-byte blocks, the two zero blocks at the end (anything after
// them, such as the zero fill to a 10 KiB record, is ignored). Like GNU tar and Python's
// tarfile, a stream that ends cleanly on a block boundary without the zero blocks is accepted.
import { FormatError } from './errors';

const BLOCK = 512;

export type TarEntryType = 'file' | 'directory' | 'other';

export interface TarEntry {
  name: string; // full path inside the archive, as stored (long names resolved)
  size: number; // bytes of data
  type: TarEntryType;
}

export interface TarSink {
  /** A view into the decompressed chunk: valid only during the call, copy what you keep. */
  data(chunk: Uint8Array): void;
  end(): void;
}

export interface TarVisitor {
  /** Called for each member's header; return a sink to receive its bytes, or undefined to skip. */
  entry(entry: TarEntry): TarSink | undefined;
}

export interface TarParser {
  push(chunk: Uint8Array): void;
  /** Call when the input ends: throws if the archive was cut short. Returns the entries seen. */
  finish(): TarEntry[];
}

type State = 'header' | 'data' | 'padding' | 'end';

export function createTarParser(fileName: string, visitor: TarVisitor): TarParser {
  const header = new Uint8Array(BLOCK);
  const entries: TarEntry[] = [];
  let headerFill = 0;
  let state: State = 'header';
  let offset = 0; // archive bytes consumed, for error messages
  let remaining = 0; // member bytes still to come
  let padding = 0;
  let zeroBlocks = 0;
  let current: TarEntry | undefined;
  let sink: TarSink | undefined;
  let meta: { kind: 'L' | 'x'; bytes: Uint8Array; fill: number } | undefined; // long name being read
  let nextName: string | undefined; // from the last 'L' or 'x' member

  const truncated = (what: string): FormatError => new FormatError(fileName, 'truncated-tar', `truncated tar archive: it ends ${what}`);

  function onHeader(block: Uint8Array, at: number): void {
    if (isZero(block)) {
      zeroBlocks++;
      if (zeroBlocks === 2) state = 'end';
      return;
    }
    zeroBlocks = 0;
    verifyChecksum(block, at, entries.length === 0, fileName);
    const typeflag = block[156];
    const size = parseNumber(block, 124, 12, 'size', at, fileName);
    let name = nextName ?? headerName(block);
    nextName = undefined;
    if (typeflag === 0x4c /* L */ || typeflag === 0x78 /* x */) {
      meta = { kind: typeflag === 0x4c ? 'L' : 'x', bytes: new Uint8Array(size), fill: 0 };
      startData(size, undefined);
      return;
    }
    if (name.startsWith('./')) name = name.slice(2);
    const type: TarEntryType = typeflag === 0x30 || typeflag === 0 || typeflag === 0x37 ? 'file' : typeflag === 0x35 ? 'directory' : 'other';
    // Links, devices, directories and fifos ('1'..'6') have no data whatever their size field
    // says; every other type (files, pax globals, GNU extensions) is followed by `size` bytes.
    const dataSize = typeflag >= 0x31 && typeflag <= 0x36 ? 0 : size;
    current = { name, size: dataSize, type };
    entries.push(current);
    startData(dataSize, visitor.entry(current));
  }

  function startData(size: number, target: TarSink | undefined): void {
    sink = target;
    remaining = size;
    padding = (BLOCK - (size % BLOCK)) % BLOCK;
    state = 'data';
    if (size === 0) endData();
  }

  function endData(): void {
    if (meta) {
      nextName = meta.kind === 'L' ? cString(meta.bytes, 0, meta.bytes.length) : paxPath(meta.bytes);
      meta = undefined;
    } else {
      sink?.end();
    }
    sink = undefined;
    state = padding > 0 ? 'padding' : 'header';
  }

  function push(chunk: Uint8Array): void {
    let i = 0;
    while (i < chunk.length) {
      const available = chunk.length - i;
      if (state === 'header') {
        if (headerFill === 0 && available >= BLOCK) {
          onHeader(chunk.subarray(i, i + BLOCK), offset + i); // zero-copy when a whole block is at hand
          i += BLOCK;
        } else {
          const n = Math.min(BLOCK - headerFill, available);
          header.set(chunk.subarray(i, i + n), headerFill);
          headerFill += n;
          i += n;
          if (headerFill === BLOCK) {
            headerFill = 0;
            onHeader(header, offset + i - BLOCK);
          }
        }
      } else if (state === 'data') {
        const n = Math.min(remaining, available);
        const part = chunk.subarray(i, i + n);
        if (meta) {
          meta.bytes.set(part, meta.fill);
          meta.fill += n;
        } else {
          sink?.data(part);
        }
        remaining -= n;
        i += n;
        if (remaining === 0) endData();
      } else if (state === 'padding') {
        const n = Math.min(padding, available);
        padding -= n;
        i += n;
        if (padding === 0) state = 'header';
      } else {
        break; // after the end-of-archive blocks: zero fill, ignored
      }
    }
    offset += chunk.length;
  }

  function finish(): TarEntry[] {
    if (state === 'data' && !meta) {
      const got = (current?.size ?? 0) - remaining;
      throw truncated(`inside member ${current?.name} (${got} of ${current?.size} bytes present)`);
    }
    if (state === 'data' || state === 'padding') throw truncated(`inside member ${current?.name ?? '(long name)'}`);
    if (headerFill > 0) throw truncated(`inside a header block (${headerFill} of 512 bytes at byte ${offset - headerFill})`);
    if (entries.length === 0) {
      throw new FormatError(fileName, offset === 0 ? 'truncated-tar' : 'not-tar', 'the tar archive holds no members');
    }
    return entries;
  }

  return { push, finish };
}

function isZero(block: Uint8Array): boolean {
  for (let i = 0; i < BLOCK; i++) if (block[i] !== 0) return false;
  return true;
}

function verifyChecksum(block: Uint8Array, at: number, first: boolean, fileName: string): void {
  // The checksum is the byte sum of the header with its own field read as eight spaces. Some
  // old tars summed signed bytes: accept either, as GNU tar does.
  let unsigned = 8 * 0x20;
  let signed = 8 * 0x20;
  for (let i = 0; i < BLOCK; i++) {
    if (i >= 148 && i < 156) continue;
    unsigned += block[i];
    signed += block[i] > 127 ? block[i] - 256 : block[i];
  }
  const stored = parseOctal(block, 148, 8);
  if (stored === unsigned || stored === signed) return;
  const hint = first ? ' (is this a tar archive?)' : '';
  throw new FormatError(
    fileName,
    first ? 'not-tar' : 'bad-tar-header',
    `bad tar header checksum at byte ${at}: stored ${stored ?? 'unreadable'}, computed ${unsigned}${hint}`,
  );
}

/** Octal digits, optionally surrounded by spaces/NULs; null when the field is not octal. */
function parseOctal(block: Uint8Array, start: number, length: number): number | null {
  let value = 0;
  let digits = 0;
  let i = start;
  const end = start + length;
  while (i < end && block[i] === 0x20) i++;
  for (; i < end; i++) {
    const c = block[i];
    if (c === 0 || c === 0x20) break;
    if (c < 0x30 || c > 0x37) return null;
    value = value * 8 + (c - 0x30);
    digits++;
  }
  return digits > 0 ? value : 0;
}

function parseNumber(block: Uint8Array, start: number, length: number, field: string, at: number, fileName: string): number {
  if (block[start] & 0x80) {
    // GNU base-256 for sizes of 8 GiB and more: big-endian after the marker bit.
    let value = block[start] & 0x3f;
    for (let i = start + 1; i < start + length; i++) value = value * 256 + block[i];
    return value;
  }
  const value = parseOctal(block, start, length);
  if (value === null) throw new FormatError(fileName, 'bad-tar-header', `bad ${field} field in the tar header at byte ${at}`);
  return value;
}

const utf8 = new TextDecoder('utf-8');

function cString(bytes: Uint8Array, start: number, length: number): string {
  let end = start;
  while (end < start + length && bytes[end] !== 0) end++;
  return utf8.decode(bytes.subarray(start, end));
}

function headerName(block: Uint8Array): string {
  const name = cString(block, 0, 100);
  const isUstar = block[257] === 0x75 && block[258] === 0x73 && block[259] === 0x74 && block[260] === 0x61 && block[261] === 0x72;
  const prefix = isUstar ? cString(block, 345, 155) : '';
  return prefix ? `${prefix}/${name}` : name;
}

/** The 'path' of pax extended-header records "<len> path=<value>\n"; undefined when absent. */
function paxPath(bytes: Uint8Array): string | undefined {
  for (const record of utf8.decode(bytes).split('\n')) {
    const at = record.indexOf(' path=');
    if (at >= 0) return record.slice(at + 6);
  }
  return undefined;
}

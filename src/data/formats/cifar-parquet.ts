// Hugging Face CIFAR parquet files (uoft-cs/cifar10: img{bytes,path}, label; uoft-cs/cifar100:
// img, fine_label, coarse_label), one file per split, read with hyparquet one row group at a
// time so only one group's decoded column values live beside the file buffer and the output.
// PNG decoding is injected: the browser may use createImageBitmap/OffscreenCanvas in a worker,
// Node and the worker's fallback use the pure decoder (decodePngPixels below).
import { parquetMetadata, parquetReadObjects, parquetSchema, type FileMetaData, type SchemaTree } from 'hyparquet';
import { IMAGE_BYTES, type DatasetInfo, type ImageSplit } from '../types';
import { CIFAR100_CLASSES, CIFAR100_COARSE_CLASSES, CIFAR10_CLASSES, type CifarKind } from './cifar-layout';
import { FormatError, OtherCifarError, errorMessage, throwIfAborted } from './errors';
import { decodePng } from './png-decode';
import { writePlanes } from './pixels';

/**
 * Decodes one PNG to interleaved pixels, row major, 32×32: RGB (3072 bytes) or RGBA (4096
 * bytes, alpha ignored; what getImageData returns). Throwing or rejecting marks the row bad.
 */
export type PngPixelsDecoder = (png: Uint8Array) => Uint8Array | Promise<Uint8Array>;

/** The pure decoder in the shape parseCifarParquet expects. */
export const decodePngPixels: PngPixelsDecoder = (png) => decodePng(png).pixels;

export interface ParquetProgress {
  rows: number;
  totalRows: number;
}

export interface ParseParquetOptions {
  signal?: AbortSignal;
  /** At the start (rows 0, with the footer's row count), every `progressRows` rows, and at the end. */
  onProgress?: (progress: ParquetProgress) => void;
  progressRows?: number; // default 1000
  /** Decodes in flight at once: lets an asynchronous (off-thread) decoder overlap work. Default 8. */
  concurrency?: number;
}

export interface CifarParquetSplit {
  split: ImageSplit;
  info: DatasetInfo;
  /** CIFAR-100 only. */
  coarse?: { classNames: string[]; labels: Uint8Array };
}

interface Columns {
  image: string;
  fine: string;
  coarse?: string;
}

const COLUMNS: Record<CifarKind, Columns> = {
  cifar10: { image: 'img', fine: 'label' },
  cifar100: { image: 'img', fine: 'fine_label', coarse: 'coarse_label' },
};

export async function parseCifarParquet(
  buffer: ArrayBuffer,
  fileName: string,
  kind: CifarKind,
  decode: PngPixelsDecoder,
  options: ParseParquetOptions = {},
): Promise<CifarParquetSplit> {
  const { signal, onProgress } = options;
  const progressRows = options.progressRows ?? 1000;
  throwIfAborted(signal);
  const metadata = readFooter(buffer, fileName);
  const columns = COLUMNS[kind];
  checkSchema(parquetSchema(metadata), columns, kind, fileName);
  const numClasses = kind === 'cifar10' ? 10 : 100;
  const total = Number(metadata.num_rows);
  // The footer knows the row count: report it before the first row is decoded.
  onProgress?.({ rows: 0, totalRows: total });
  const images = new Uint8Array(total * IMAGE_BYTES);
  const labels = new Uint8Array(total);
  const coarse = columns.coarse ? new Uint8Array(total) : undefined;
  const wanted = [columns.image, columns.fine, ...(columns.coarse ? [columns.coarse] : [])];
  let done = 0;
  let reported = 0;

  let rowStart = 0;
  for (const group of metadata.row_groups) {
    const rowEnd = rowStart + Number(group.num_rows);
    // utf8: false keeps the PNG bytes as Uint8Array (the column has no STRING annotation).
    const rows: Record<string, unknown>[] = await parquetReadObjects({ file: buffer, metadata, columns: wanted, rowStart, rowEnd, utf8: false });
    if (rows.length !== rowEnd - rowStart) {
      throw new FormatError(fileName, 'parquet-data', `row group at row ${rowStart} holds ${rows.length} rows, expected ${rowEnd - rowStart}`);
    }
    const base = rowStart;
    await forEachLimited(rows.length, options.concurrency ?? 8, signal, async (i) => {
      const row = rows[i];
      const index = base + i;
      labels[index] = readLabel(row[columns.fine], columns.fine, numClasses, index, fileName);
      if (coarse && columns.coarse) coarse[index] = readLabel(row[columns.coarse], columns.coarse, 20, index, fileName);
      const png = readPngBytes(row[columns.image], index, fileName);
      let pixels: Uint8Array;
      try {
        pixels = await decode(png);
      } catch (e) {
        throw new FormatError(fileName, 'png', `row ${index}: undecodable PNG: ${errorMessage(e)}`, { cause: e });
      }
      if (pixels.length !== IMAGE_BYTES && pixels.length !== (IMAGE_BYTES / 3) * 4) {
        throw new FormatError(fileName, 'png', `row ${index}: the image decodes to ${pixels.length} bytes, expected a 32×32 RGB or RGBA image`);
      }
      writePlanes(pixels, pixels.length === IMAGE_BYTES ? 3 : 4, images, index * IMAGE_BYTES);
      done++;
      if (done - reported >= progressRows) {
        reported = done;
        onProgress?.({ rows: done, totalRows: total });
      }
    });
    rowStart = rowEnd;
  }
  onProgress?.({ rows: done, totalRows: total });

  const names = hfClassNames(metadata);
  const fineNames = pickNames(names?.[columns.fine], kind === 'cifar10' ? CIFAR10_CLASSES : CIFAR100_CLASSES);
  const info: DatasetInfo = { id: kind, name: kind === 'cifar10' ? 'CIFAR-10' : 'CIFAR-100', numClasses, classNames: fineNames };
  const result: CifarParquetSplit = { split: { count: total, images, labels }, info };
  if (coarse && columns.coarse) {
    result.coarse = { classNames: pickNames(names?.[columns.coarse], CIFAR100_COARSE_CLASSES), labels: coarse };
  }
  return result;
}

function describe(node: SchemaTree): string {
  const el = node.element;
  if (node.children.length > 0) return `${el.name}{${node.children.map(describe).join(',')}}`;
  return `${el.name}(${el.type ?? '?'}${el.repetition_type === 'REPEATED' ? ', repeated' : ''})`;
}

/** The footer (schema, row groups, row count) of a parquet file, or a FormatError saying why not. */
function readFooter(buffer: ArrayBuffer, fileName: string): FileMetaData {
  if (!hasParquetMarkers(buffer)) {
    throw new FormatError(fileName, 'not-parquet', `not a parquet file: a parquet file starts and ends with PAR1, these ${buffer.byteLength} bytes do not`);
  }
  try {
    return parquetMetadata(buffer);
  } catch (e) {
    throw new FormatError(fileName, 'not-parquet', `the parquet footer cannot be read: ${errorMessage(e)}`, { cause: e });
  }
}

/** The row count the footer records (reading it costs the footer only, not the rows). */
export function parquetRowCount(buffer: ArrayBuffer, fileName: string): number {
  return Number(readFooter(buffer, fileName).num_rows);
}

function hasParquetMarkers(buffer: ArrayBuffer): boolean {
  if (buffer.byteLength < 12) return false;
  const bytes = new Uint8Array(buffer);
  const par1 = (at: number): boolean => bytes[at] === 0x50 && bytes[at + 1] === 0x41 && bytes[at + 2] === 0x52 && bytes[at + 3] === 0x31;
  return par1(0) && par1(bytes.length - 4);
}

function checkSchema(tree: SchemaTree, columns: Columns, kind: CifarKind, fileName: string): void {
  const byName = new Map(tree.children.map((c) => [c.element.name, c]));
  checkOtherCifar(byName, kind, fileName);
  const image = byName.get(columns.image);
  const bytes = image?.children.find((c) => c.element.name === 'bytes');
  const isLabel = (name: string): boolean => {
    const node = byName.get(name);
    const type = node?.element.type;
    return !!node && node.children.length === 0 && (type === 'INT64' || type === 'INT32') && node.element.repetition_type !== 'REPEATED';
  };
  const ok =
    !!image &&
    image.element.repetition_type !== 'REPEATED' &&
    bytes?.element.type === 'BYTE_ARRAY' &&
    bytes.children.length === 0 &&
    isLabel(columns.fine) &&
    (!columns.coarse || isLabel(columns.coarse));
  if (ok) return;
  const expected = [`${columns.image}{bytes(BYTE_ARRAY)}`, `${columns.fine}(INT64)`, ...(columns.coarse ? [`${columns.coarse}(INT64)`] : [])];
  throw new FormatError(
    fileName,
    'parquet-schema',
    `not a Hugging Face ${kind === 'cifar10' ? 'CIFAR-10' : 'CIFAR-100'} parquet file: expected columns ${expected.join(', ')}; ` +
      `found ${tree.children.map(describe).join(', ') || 'no columns'}`,
  );
}

/**
 * The other CIFAR's columns (fine_label and coarse_label given for CIFAR-10, a lone label
 * given for CIFAR-100): say which dataset the file is, rather than list expected columns.
 */
function checkOtherCifar(byName: Map<string, SchemaTree>, kind: CifarKind, fileName: string): void {
  const fine = COLUMNS.cifar100.fine;
  const coarse = COLUMNS.cifar100.coarse ?? 'coarse_label';
  if (kind === 'cifar10' && !byName.has(COLUMNS.cifar10.fine) && (byName.has(fine) || byName.has(coarse))) {
    const found = [fine, coarse].filter((c) => byName.has(c)).join(' and ');
    throw new OtherCifarError(fileName, 'cifar100', `this is a CIFAR-100 parquet file with ${found} columns, not CIFAR-10`);
  }
  if (kind === 'cifar100' && byName.has(COLUMNS.cifar10.fine) && !byName.has(fine) && !byName.has(coarse)) {
    throw new OtherCifarError(fileName, 'cifar10', `this is a CIFAR-10 parquet file with a ${COLUMNS.cifar10.fine} column and no ${fine}, not CIFAR-100`);
  }
}

function readLabel(value: unknown, column: string, limit: number, row: number, fileName: string): number {
  const n = typeof value === 'bigint' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isInteger(n)) {
    throw new FormatError(fileName, 'parquet-data', `row ${row}: ${column} is ${value === null ? 'missing' : typeof value}, expected an integer`);
  }
  if (n < 0 || n >= limit) throw new FormatError(fileName, 'label-range', `row ${row}: ${column} ${n} out of range (expected 0–${limit - 1})`);
  return n;
}

function readPngBytes(value: unknown, row: number, fileName: string): Uint8Array {
  const bytes = typeof value === 'object' && value !== null && 'bytes' in value ? value.bytes : undefined;
  if (bytes instanceof Uint8Array) return bytes;
  throw new FormatError(fileName, 'parquet-data', `row ${row}: the image has no bytes (found ${bytes === null ? 'null' : typeof bytes})`);
}

/** datasets writes its features (with ClassLabel names) as JSON under the key "huggingface". */
function hfClassNames(metadata: FileMetaData): Record<string, unknown> | undefined {
  const json = metadata.key_value_metadata?.find((kv) => kv.key === 'huggingface')?.value;
  if (!json) return undefined;
  try {
    const parsed: unknown = JSON.parse(json);
    const features = (parsed as { info?: { features?: Record<string, { names?: unknown }> } }).info?.features;
    if (!features) return undefined;
    return Object.fromEntries(Object.entries(features).map(([k, v]) => [k, v?.names]));
  } catch {
    return undefined; // unreadable metadata is not worth failing an import for
  }
}

function pickNames(found: unknown, canonical: string[]): string[] {
  const ok = Array.isArray(found) && found.length === canonical.length && found.every((n) => typeof n === 'string');
  return ok ? (found as string[]) : canonical.slice();
}

/** Runs `task(0..n-1)` with at most `limit` in flight; the first failure stops new tasks. */
async function forEachLimited(n: number, limit: number, signal: AbortSignal | undefined, task: (i: number) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const lane = async (): Promise<void> => {
    while (!failed && next < n) {
      throwIfAborted(signal);
      const i = next++;
      try {
        await task(i);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(limit, n)) }, lane));
}

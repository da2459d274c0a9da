// safetensors (Hugging Face's weight format; safetensors.torch.load_file reads it): an 8-byte
// little-endian header length N, N bytes of JSON {name: {dtype, shape, data_offsets}} with an
// optional "__metadata__" of string values, then the raw little-endian tensor bytes. Offsets
// are relative to the end of the header; the reference reader wants them contiguous from 0 to
// the end of the file, and pads the header with spaces to a multiple of 8 bytes.
import { InteropError, shapeText } from './errors';
import { bytesPerElement, elementCount, type HostDType, type HostTensor } from './tensor';

const DTYPES: Record<string, HostDType> = {
  F32: 'float32',
  F64: 'float64',
  F16: 'float16',
  BF16: 'bfloat16',
  I64: 'int64',
  I32: 'int32',
  I16: 'int16',
  I8: 'int8',
  U8: 'uint8',
  BOOL: 'bool',
};
const CODES = Object.fromEntries(Object.entries(DTYPES).map(([code, dtype]) => [dtype, code])) as Record<HostDType, string>;

/** The reference implementation refuses headers above 100 MB; so does this one. */
const MAX_HEADER = 100_000_000;

export interface SafetensorsFile {
  tensors: Map<string, HostTensor>;
  metadata: Record<string, string>;
}

/** A safetensors file begins with a header length that fits the file and a JSON object. */
export function looksLikeSafetensors(bytes: Uint8Array): boolean {
  if (bytes.byteLength < 10) return false;
  const n = new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true);
  return n > 1n && n <= BigInt(bytes.byteLength - 8) && bytes[8] === 0x7b; // '{'
}

export function readSafetensors(bytes: Uint8Array): SafetensorsFile {
  if (bytes.byteLength < 8) throw new InteropError('it is too short to be a safetensors file');
  const headerLength = Number(new DataView(bytes.buffer, bytes.byteOffset, 8).getBigUint64(0, true));
  if (headerLength > MAX_HEADER || headerLength > bytes.byteLength - 8) {
    throw new InteropError(`its safetensors header claims ${headerLength} bytes, but the file holds ${bytes.byteLength - 8} after the length`);
  }
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(new TextDecoder().decode(bytes.subarray(8, 8 + headerLength))) as Record<string, unknown>;
  } catch {
    throw new InteropError('its safetensors header is not valid JSON');
  }
  if (typeof header !== 'object' || header === null || Array.isArray(header)) throw new InteropError('its safetensors header is not a JSON object');
  const body = bytes.subarray(8 + headerLength);
  const metadata: Record<string, string> = {};
  const tensors = new Map<string, HostTensor>();
  const spans: [number, number, string][] = [];
  for (const [name, spec] of Object.entries(header)) {
    if (name === '__metadata__') {
      for (const [k, v] of Object.entries((spec ?? {}) as Record<string, unknown>)) {
        if (typeof v !== 'string') throw new InteropError(`its __metadata__ entry "${k}" is not a string`);
        metadata[k] = v;
      }
      continue;
    }
    const { dtype: code, shape, data_offsets: offsets } = (spec ?? {}) as { dtype?: unknown; shape?: unknown; data_offsets?: unknown };
    const dtype = typeof code === 'string' ? DTYPES[code] : undefined;
    if (!dtype) throw new InteropError(`${name}: dtype ${JSON.stringify(code)} is not one this reader knows (${Object.keys(DTYPES).join(', ')})`);
    if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) throw new InteropError(`${name}: its shape is not a list of sizes`);
    if (!Array.isArray(offsets) || offsets.length !== 2 || !offsets.every((o) => Number.isInteger(o) && o >= 0)) {
      throw new InteropError(`${name}: data_offsets must be two byte offsets`);
    }
    const [begin, end] = offsets as [number, number];
    const expected = elementCount(shape) * bytesPerElement(dtype);
    if (end - begin !== expected)
      throw new InteropError(`${name}: a ${code} tensor of shape ${shapeText(shape)} needs ${expected} bytes, its offsets span ${end - begin}`);
    if (end > body.byteLength)
      throw new InteropError(`${name}: its data ends at byte ${end} of a ${body.byteLength}-byte data section (the file is cut short?)`);
    spans.push([begin, end, name]);
    tensors.set(name, { dtype, shape: [...shape], bytes: body.slice(begin, end) });
  }
  spans.sort((a, b) => a[0] - b[0]);
  let cursor = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== cursor)
      throw new InteropError(`${name}: its data starts at byte ${begin}, but the previous tensor ends at ${cursor} (overlapping or with gaps)`);
    cursor = end;
  }
  if (cursor !== body.byteLength) throw new InteropError(`its tensors cover ${cursor} bytes of a ${body.byteLength}-byte data section`);
  return { tensors, metadata };
}

/** Writes tensors in the given order, with string metadata, as the reference writer lays them out. */
export function writeSafetensors(tensors: Map<string, HostTensor>, metadata: Record<string, string> = {}): Uint8Array {
  const header: Record<string, unknown> = {};
  if (Object.keys(metadata).length) header.__metadata__ = metadata;
  let offset = 0;
  for (const [name, t] of tensors) {
    const size = elementCount(t.shape) * bytesPerElement(t.dtype);
    if (t.bytes.byteLength !== size) throw new InteropError(`${name}: ${t.bytes.byteLength} bytes for a ${t.dtype} tensor of shape ${shapeText(t.shape)}`);
    header[name] = { dtype: CODES[t.dtype], shape: t.shape, data_offsets: [offset, offset + size] };
    offset += size;
  }
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (new TextEncoder().encode(json).byteLength % 8)) % 8);
  const headerBytes = new TextEncoder().encode(json);
  const out = new Uint8Array(8 + headerBytes.byteLength + offset);
  new DataView(out.buffer).setBigUint64(0, BigInt(headerBytes.byteLength), true);
  out.set(headerBytes, 8);
  let cursor = 8 + headerBytes.byteLength;
  for (const t of tensors.values()) {
    out.set(t.bytes, cursor);
    cursor += t.bytes.byteLength;
  }
  return out;
}

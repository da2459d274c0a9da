// A minimal PNG encoder for Node (tests' fixtures, scripts' contact sheets): 8-bit RGB or
// RGBA, filter 0 on every row, one IDAT. Real PNG, readable by any decoder and by browsers.
import { deflateSync } from 'node:zlib';

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

export function crc32(bytes: Uint8Array, start = 0, end = bytes.length): number {
  let c = 0xffffffff;
  for (let i = start; i < end; i++) c = CRC_TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Uint8Array): Uint8Array {
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  for (let i = 0; i < 4; i++) out[4 + i] = type.charCodeAt(i);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out, 4, 8 + data.length));
  return out;
}

/** `pixels` is interleaved, row major: width * height * channels bytes (channels 3 or 4). */
export function encodePng(pixels: Uint8Array, width: number, height: number, channels: 3 | 4 = 3): Uint8Array {
  if (pixels.length !== width * height * channels) throw new Error('encodePng: pixel count does not match the size');
  const header = new Uint8Array(13);
  const hv = new DataView(header.buffer);
  hv.setUint32(0, width);
  hv.setUint32(4, height);
  header[8] = 8; // bit depth
  header[9] = channels === 3 ? 2 : 6; // colour type: truecolour (+ alpha)
  const stride = width * channels;
  const raw = new Uint8Array((stride + 1) * height);
  for (let y = 0; y < height; y++) raw.set(pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  const parts = [
    new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', new Uint8Array(deflateSync(raw))),
    chunk('IEND', new Uint8Array(0)),
  ];
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** CIFAR planes (3 x 32 x 32 per image) to interleaved RGB. */
export function planesToInterleaved(planes: Uint8Array, width = 32, height = 32): Uint8Array {
  const area = width * height;
  const out = new Uint8Array(area * 3);
  for (let i = 0; i < area; i++) {
    out[i * 3] = planes[i];
    out[i * 3 + 1] = planes[area + i];
    out[i * 3 + 2] = planes[2 * area + i];
  }
  return out;
}

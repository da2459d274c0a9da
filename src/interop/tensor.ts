// Tensors as files hold them, before any TF.js: a dtype, a shape and contiguous little-endian
// bytes in row-major (C) order, which is both PyTorch's contiguous layout and safetensors'.
// Conversions to float32 are explicit (the lab computes in float32); 64-bit integers stay
// exact as bigint where a caller needs them (BatchNorm's num_batches_tracked).
import { InteropError, shapeText } from './errors';

export type HostDType = 'float32' | 'float64' | 'float16' | 'bfloat16' | 'int64' | 'int32' | 'int16' | 'int8' | 'uint8' | 'bool';

export interface HostTensor {
  dtype: HostDType;
  shape: number[];
  /** elementCount(shape) * bytesPerElement(dtype) bytes, little-endian, row-major. */
  bytes: Uint8Array;
}

const ELEMENT_BYTES: Record<HostDType, number> = {
  float32: 4,
  float64: 8,
  float16: 2,
  bfloat16: 2,
  int64: 8,
  int32: 4,
  int16: 2,
  int8: 1,
  uint8: 1,
  bool: 1,
};

export function bytesPerElement(dtype: HostDType): number {
  return ELEMENT_BYTES[dtype];
}

export function elementCount(shape: readonly number[]): number {
  return shape.reduce((n, d) => n * d, 1);
}

/** IEEE half to float (subnormals, infinities and NaN included). */
function halfToFloat(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const exponent = (h >> 10) & 0x1f;
  const fraction = h & 0x3ff;
  if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
  if (exponent === 31) return fraction ? NaN : sign * Infinity;
  return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
}

/** The values as float32 (float64 and integers are rounded to the nearest float32). */
export function toFloat32(t: HostTensor): Float32Array {
  const n = elementCount(t.shape);
  if (t.bytes.byteLength !== n * bytesPerElement(t.dtype)) {
    throw new InteropError(`a ${t.dtype} tensor of shape ${shapeText(t.shape)} needs ${n * bytesPerElement(t.dtype)} bytes, got ${t.bytes.byteLength}`);
  }
  // Fast path: typed arrays use the platform's byte order, little-endian on every JS platform.
  if (t.dtype === 'float32') return new Float32Array(t.bytes.slice().buffer);
  const view = new DataView(t.bytes.buffer, t.bytes.byteOffset, t.bytes.byteLength);
  const out = new Float32Array(n);
  const scratch = new DataView(new ArrayBuffer(4));
  for (let i = 0; i < n; i++) {
    switch (t.dtype) {
      case 'float64':
        out[i] = view.getFloat64(8 * i, true);
        break;
      case 'float16':
        out[i] = halfToFloat(view.getUint16(2 * i, true));
        break;
      case 'bfloat16': // the top half of a float32
        scratch.setUint32(0, view.getUint16(2 * i, true) << 16, true);
        out[i] = scratch.getFloat32(0, true);
        break;
      case 'int64':
        out[i] = Number(view.getBigInt64(8 * i, true));
        break;
      case 'int32':
        out[i] = view.getInt32(4 * i, true);
        break;
      case 'int16':
        out[i] = view.getInt16(2 * i, true);
        break;
      case 'int8':
        out[i] = view.getInt8(i);
        break;
      case 'uint8':
      case 'bool':
        out[i] = view.getUint8(i);
        break;
    }
  }
  return out;
}

export function float32Tensor(shape: number[], values: Float32Array): HostTensor {
  if (values.length !== elementCount(shape)) throw new InteropError(`${values.length} values do not fill a tensor of shape ${shapeText(shape)}`);
  return { dtype: 'float32', shape, bytes: new Uint8Array(values.buffer, values.byteOffset, values.byteLength) };
}

export function int64Tensor(shape: number[], values: readonly bigint[]): HostTensor {
  if (values.length !== elementCount(shape)) throw new InteropError(`${values.length} values do not fill a tensor of shape ${shapeText(shape)}`);
  return { dtype: 'int64', shape, bytes: new Uint8Array(BigInt64Array.from(values).buffer) };
}

/**
 * The index of the first NaN or ±Infinity in `values`, or -1. A weight file that holds one
 * (saved from a run that had diverged, or corrupted) would only train into NaN: imports refuse
 * it by name before anything is stored. A plain loop: 12 M values in a few ms.
 */
export function firstNonFinite(values: Float32Array): number {
  for (let i = 0; i < values.length; i++) if (!Number.isFinite(values[i])) return i;
  return -1;
}

/** "NaN at element 3 of [2, 2]": where the first non-finite value of a tensor sits. */
export function nonFiniteText(values: Float32Array, index: number, shape: readonly number[]): string {
  return `${values[index]} at element ${index} of ${shapeText(shape)}`;
}

import { describe, expect, it } from 'vitest';
import { fixture } from '../test/interop-fixtures';
import { readSafetensors, writeSafetensors } from './safetensors';
import { float32Tensor, int64Tensor, toFloat32, type HostTensor } from './tensor';

const sample = () =>
  new Map<string, HostTensor>([
    ['a.weight', float32Tensor([2, 3], Float32Array.from([1, 2, 3, 4, 5, -6.5]))],
    ['a.count', int64Tensor([], [123456789012n])],
    ['empty', float32Tensor([0, 4], new Float32Array(0))],
  ]);

/** A file whose JSON header is replaced by `header` (padded to 8 bytes). */
function withHeader(header: unknown, body: Uint8Array): Uint8Array {
  let json = JSON.stringify(header);
  json += ' '.repeat((8 - (json.length % 8)) % 8);
  const out = new Uint8Array(8 + json.length + body.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(json.length), true);
  out.set(new TextEncoder().encode(json), 8);
  out.set(body, 8 + json.length);
  return out;
}

describe('safetensors', () => {
  it('round-trips tensors, dtypes and metadata, with the header padded to 8 bytes', () => {
    const bytes = writeSafetensors(sample(), { format: 'pt', note: 'x' });
    expect(Number(new DataView(bytes.buffer).getBigUint64(0, true)) % 8).toBe(0);
    const back = readSafetensors(bytes);
    expect(back.metadata).toEqual({ format: 'pt', note: 'x' });
    expect([...back.tensors.keys()]).toEqual(['a.weight', 'a.count', 'empty']);
    expect(Array.from(toFloat32(back.tensors.get('a.weight')!))).toEqual([1, 2, 3, 4, 5, -6.5]);
    const count = back.tensors.get('a.count')!;
    expect(count.dtype).toBe('int64');
    expect(new DataView(count.bytes.buffer, count.bytes.byteOffset).getBigInt64(0, true)).toBe(123456789012n);
    expect(back.tensors.get('empty')!.shape).toEqual([0, 4]);
  });

  it('reads a file written in Python by the reference layout (scripts/interop/st_io.py)', () => {
    const file = readSafetensors(fixture('barlow.safetensors'));
    expect(file.metadata).toEqual({ format: 'pt' });
    expect(file.tensors.get('backbone.conv1.weight')!.shape).toEqual([2, 3, 3, 3]);
    expect(file.tensors.get('backbone.bn1.num_batches_tracked')).toMatchObject({ dtype: 'int64', shape: [] });
  });

  it('converts float16 and bfloat16 exactly', () => {
    const half: HostTensor = { dtype: 'float16', shape: [4], bytes: new Uint8Array(Uint16Array.from([0x3c00, 0xc000, 0x0001, 0x7c00]).buffer) };
    expect(Array.from(toFloat32(half))).toEqual([1, -2, 2 ** -24, Infinity]);
    const bf: HostTensor = { dtype: 'bfloat16', shape: [2], bytes: new Uint8Array(Uint16Array.from([0x3fc0, 0xbf80]).buffer) };
    expect(Array.from(toFloat32(bf))).toEqual([1.5, -1]);
  });

  it.each([
    ['a file cut short', () => writeSafetensors(sample()).subarray(0, 60), /(claims|ends at byte|cover)/],
    ['a header that is not JSON', () => withHeader('x', new Uint8Array(0)).map((b, i) => (i === 8 ? 0x7b : b)), /not valid JSON/],
    ['an unknown dtype', () => withHeader({ t: { dtype: 'F8', shape: [1], data_offsets: [0, 1] } }, new Uint8Array(1)), /t: dtype "F8" is not one/],
    [
      'offsets that do not fit the shape',
      () => withHeader({ t: { dtype: 'F32', shape: [2], data_offsets: [0, 4] } }, new Uint8Array(4)),
      /t: .* needs 8 bytes/,
    ],
    [
      'overlapping tensors',
      () => withHeader({ a: { dtype: 'F32', shape: [1], data_offsets: [0, 4] }, b: { dtype: 'F32', shape: [1], data_offsets: [0, 4] } }, new Uint8Array(4)),
      /starts at byte 0, but the previous tensor ends at 4/,
    ],
  ])('refuses %s with the reason', (_name, make, message) => {
    expect(() => readSafetensors(make())).toThrow(message);
  });
});

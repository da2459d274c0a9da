// The replacement wasm kernels (Identity shares data, Slice and SplitV copy only the slice,
// BatchMatMul transposes first)
// give TF.js's own results, free their memory, and the tape's shared Identity survives a
// gradient (the saved tensor outlives the one it was cloned from).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { installWasmKernels } from './wasm-kernels';

beforeAll(async () => {
  // Installed before the backend initialises, as the hosts do: the built-in kernels' setup
  // (binding their wasm functions) must still run.
  installWasmKernels();
  installWasmKernels(); // idempotent
  expect(await tf.setBackend('wasm')).toBe(true);
});
afterAll(async () => {
  await tf.setBackend('cpu');
});

const data = (shape: number[]) => Float32Array.from({ length: shape.reduce((a, b) => a * b, 1) }, (_, i) => Math.sin(i) * 10);

async function onBoth(f: () => tf.Tensor | tf.Tensor[]): Promise<[number[][], number[][]]> {
  const read = async () => {
    const out = f();
    const list = Array.isArray(out) ? out : [out];
    const values = await Promise.all(list.map(async (t) => Array.from(await t.data())));
    tf.dispose(list);
    return values;
  };
  const wasm = await read();
  await tf.setBackend('cpu');
  const cpu = await read();
  await tf.setBackend('wasm');
  return [wasm, cpu];
}

describe('wasm kernel replacements', () => {
  it('slices (contiguous and strided), splits and identities equal the CPU backend', async () => {
    const x = () => tf.tensor(data([4, 5, 6]), [4, 5, 6]);
    const cases: [string, () => tf.Tensor | tf.Tensor[]][] = [
      ['contiguous slice', () => tf.tidy(() => tf.slice(x(), [1, 0, 0], [2, 5, 6]))],
      ['strided slice', () => tf.tidy(() => tf.slice(x(), [1, 2, 1], [2, 3, 4]))],
      ['1-D slice', () => tf.tidy(() => tf.slice(tf.reshape(x(), [-1]), [7], [50]))],
      ['split', () => tf.tidy(() => tf.split(tf.reshape(x(), [-1]), [10, 100, 10]))],
      ['split on axis 1', () => tf.tidy(() => tf.split(x(), [2, 3], 1))],
      ['identity', () => tf.tidy(() => tf.clone(x()))],
      ['int32 slice', () => tf.tidy(() => tf.slice(tf.range(0, 20, 1, 'int32'), [3], [5]))],
      ['matMul aᵀb', () => tf.tidy(() => tf.matMul(tf.reshape(x(), [20, 6]), tf.reshape(x(), [20, 6]), true, false))],
      ['matMul abᵀ', () => tf.tidy(() => tf.matMul(tf.reshape(x(), [20, 6]), tf.reshape(x(), [20, 6]), false, true))],
      ['batched matMul aᵀbᵀ', () => tf.tidy(() => tf.matMul(x(), tf.reshape(x(), [4, 6, 5]), true, true))],
    ];
    for (const [name, f] of cases) {
      const [wasm, cpu] = await onBoth(f);
      if (!name.startsWith('matMul') && !name.startsWith('batched')) expect(wasm, name).toEqual(cpu);
      // Products: the same sums in another order.
      else wasm.forEach((w, i) => w.forEach((v, j) => expect(Math.abs(v - cpu[i][j]), name).toBeLessThanOrEqual(1e-5 * Math.max(1, Math.abs(cpu[i][j])))));
      expect(wasm.flat().length, name).toBe(cpu.flat().length);
    }
  });

  it('frees what it allocates, and shared data lives as long as its last holder', async () => {
    const before = tf.memory();
    for (let i = 0; i < 5; i++) {
      tf.tidy(() => {
        const x = tf.tensor(data([64, 100]), [64, 100]);
        tf.split(tf.reshape(x, [-1]), [100, 6300]);
        tf.clone(x);
        tf.matMul(x, x, true, false);
      });
    }
    expect(tf.memory().numTensors).toBe(before.numTensors);
    expect(tf.memory().numBytes).toBe(before.numBytes);
    const x = tf.tensor1d([1, 2, 3]);
    const copy = tf.clone(x);
    x.dispose();
    expect(Array.from(await copy.data())).toEqual([1, 2, 3]);
    copy.dispose();
    // A gradient whose tape saved clones of intermediates.
    const g = tf.grad((v: tf.Tensor) => tf.sum(tf.mul(tf.square(v), tf.slice(v, [0], [3]))))(tf.tensor1d([1, 2, 3]));
    expect(Array.from(await g.data())).toEqual([3 * 1, 3 * 4, 3 * 9]);
    g.dispose();
  });
});

// The same view on the CPU and wasm backends. wasm is the app's choice where WebGPU is only a
// CPU emulation (design.md), and kernels differ per backend: tfjs-backend-wasm 4.22's oneHot
// with dtype 'float32' returns garbage, which once broke the hue rotation there and nowhere else.
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import { afterAll, describe, expect, it } from 'vitest';
import { barlowAugmentation, simclrAugmentation } from '../config';
import { TestRandom, maxAbsDiff, randomImageData } from './testing';
import { augmentView } from './view';

describe('augmentView across backends', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives the same views on wasm as on the CPU backend', async () => {
    const data = randomImageData(new TestRandom(60), 8, 32, 32);
    const views = [simclrAugmentation()[0], barlowAugmentation()[1], { ...simclrAugmentation()[0], flipProb: 1, hue: 0.5 }];
    const run = (): Float32Array[] =>
      views.map((v) => tf.tidy(() => augmentView(tf.tensor4d(data, [8, 32, 32, 3]), v, new TestRandom(61)).dataSync() as Float32Array));
    await tf.setBackend('cpu');
    const cpu = run();
    expect(await tf.setBackend('wasm')).toBe(true);
    const before = tf.memory().numTensors;
    const wasm = run();
    expect(tf.memory().numTensors).toBe(before);
    views.forEach((_, i) => expect(maxAbsDiff(wasm[i], cpu[i])).toBeLessThan(1e-4));
  });
});

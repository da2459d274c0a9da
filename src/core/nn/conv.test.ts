// The portable conv2d gradient: equal to TF.js's own gradient on the CPU backend, to a float64
// finite difference, and to itself on wasm (where TF.js's own cannot run: no
// Conv2DBackpropFilter). A whole training step on wasm proves every other op of the graph has a
// gradient kernel there too.
import '@tensorflow/tfjs-backend-wasm';
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../config';
import { trainStep } from '../train-step';
import { augmentStacked } from '../augment';
import { Rng } from '../random';
import { createOptimizer } from '../optim';
import { conv2dFilterGrad, conv2dTrainable, convGradientFor, convOutSize, type ConvGradient } from './conv';
import { createModel } from './model';
import { conv2d64, dot64, expectClose, finiteDiff, seededArray } from './testutil';

type Shape4 = [number, number, number, number];
interface Case {
  x: Shape4; // [N, H, W, Cin]
  k: number;
  cout: number;
  stride: number;
  pad: number;
}

// Every custom combination; the policy picks one per backend, all must be right everywhere.
const METHODS: Exclude<ConvGradient, 'builtin'>[] = [
  { input: 'conv', filter: 'conv' },
  { input: 'transpose', filter: 'conv' },
  { input: 'conv', filter: 'im2col' },
  { input: 'transpose', filter: 'im2col' },
];
const methodLabel = (g: ConvGradient): string => (g === 'builtin' ? 'builtin' : `dx ${g.input}, dw ${g.filter}`);

// Every kernel/stride/padding the encoders use, plus odd sizes where the stride leaves rows over.
const CASES: Case[] = [
  { x: [1, 5, 5, 1], k: 3, cout: 1, stride: 1, pad: 1 },
  { x: [4, 8, 8, 3], k: 3, cout: 5, stride: 1, pad: 1 }, // ConvNet block
  { x: [2, 7, 6, 3], k: 3, cout: 4, stride: 1, pad: 2 }, // ResNet stem (grows the map)
  { x: [4, 9, 9, 2], k: 3, cout: 3, stride: 2, pad: 1 }, // ResNet stage entry, odd size
  { x: [1, 8, 8, 4], k: 3, cout: 2, stride: 2, pad: 1 }, // even size: one padded row unused
  { x: [2, 9, 8, 3], k: 1, cout: 5, stride: 2, pad: 0 }, // downsample shortcut
  { x: [4, 5, 7, 6], k: 1, cout: 3, stride: 1, pad: 0 },
  { x: [1, 6, 5, 2], k: 3, cout: 2, stride: 1, pad: 0 },
  { x: [2, 7, 7, 2], k: 3, cout: 3, stride: 2, pad: 0 },
  { x: [1, 4, 4, 2], k: 1, cout: 2, stride: 1, pad: 2 }, // padding wider than the kernel
  { x: [1, 6, 6, 2], k: 2, cout: 2, stride: 2, pad: 1 }, // even kernel
];

const label = (c: Case): string => `x [${c.x.join(',')}] k${c.k} s${c.stride} p${c.pad} -> ${c.cout}`;
const filterShape = (c: Case): Shape4 => [c.k, c.k, c.x[3], c.cout];
const outShape = (c: Case): Shape4 => [c.x[0], convOutSize(c.x[1], c.k, c.stride, c.pad), convOutSize(c.x[2], c.k, c.stride, c.pad), c.cout];
const size = (s: number[]): number => s.reduce((a, b) => a * b, 1);

function caseData(c: Case, seed: number): { x: Float64Array; w: Float64Array; r: Float64Array } {
  return { x: seededArray(size(c.x), seed), w: seededArray(size(filterShape(c)), seed + 1), r: seededArray(size(outShape(c)), seed + 2) };
}

/** Value and [dx, dw] of L = sum(conv2d(x, w) * R) on the current backend. */
function lossAndGrads(c: Case, d: ReturnType<typeof caseData>, gradient: ConvGradient): { y: Float32Array; dx: Float32Array; dw: Float32Array } {
  return tf.tidy(() => {
    const x = tf.tensor4d(Float32Array.from(d.x), c.x);
    const w = tf.tensor4d(Float32Array.from(d.w), filterShape(c));
    const r = tf.tensor4d(Float32Array.from(d.r), outShape(c));
    const y = conv2dTrainable(x, w, c.stride, c.pad, gradient);
    const [dx, dw] = tf.grads((a: tf.Tensor, b: tf.Tensor) =>
      tf.sum(tf.mul(conv2dTrainable(a as tf.Tensor4D, b as tf.Tensor4D, c.stride, c.pad, gradient), r)),
    )([x, w]);
    expect(dx.shape).toEqual(c.x);
    expect(dw.shape).toEqual(filterShape(c));
    return { y: y.dataSync() as Float32Array, dx: dx.dataSync() as Float32Array, dw: dw.dataSync() as Float32Array };
  });
}

describe('conv2dTrainable on the CPU backend', () => {
  for (const c of CASES) {
    it(`${label(c)}: forward, dx and dw equal TF.js's built-in gradient`, () => {
      const d = caseData(c, 17);
      const builtin = lossAndGrads(c, d, 'builtin');
      for (const m of METHODS) {
        const custom = lossAndGrads(c, d, m);
        expectClose(custom.y, builtin.y, 1e-6, `${methodLabel(m)}: y`);
        expectClose(custom.dx, builtin.dx, 1e-5, `${methodLabel(m)}: dx`);
        expectClose(custom.dw, builtin.dw, 1e-5, `${methodLabel(m)}: dw`);
      }
    });
  }

  it('matches float64 finite differences on a tiny strided case', () => {
    const c: Case = { x: [2, 5, 4, 2], k: 3, cout: 2, stride: 2, pad: 1 };
    const d = caseData(c, 5);
    const loss = (x: Float64Array, w: Float64Array): number => dot64(conv2d64(x, c.x, w, filterShape(c), c.stride, c.pad).data, d.r);
    const dxRef = finiteDiff((x) => loss(x, d.w), d.x);
    const dwRef = finiteDiff((w) => loss(d.x, w), d.w);
    for (const m of METHODS) {
      const custom = lossAndGrads(c, d, m);
      expectClose(custom.dx, dxRef, 1e-5, `${methodLabel(m)}: dx`);
      expectClose(custom.dw, dwRef, 1e-5, `${methodLabel(m)}: dw`);
    }
  });

  it('builds the im2col matrix in batch chunks when it would be large, with the same result', () => {
    const c: Case = { x: [5, 6, 6, 3], k: 3, cout: 4, stride: 1, pad: 1 };
    const d = caseData(c, 9);
    const [whole, chunked] = tf.tidy(() => {
      const x = tf.tensor4d(Float32Array.from(d.x), c.x);
      const dy = tf.tensor4d(Float32Array.from(d.r), outShape(c));
      const perImage = 6 * 6 * 9 * 3;
      return [
        conv2dFilterGrad(x, dy, filterShape(c), 1, 1, 'im2col').dataSync(),
        conv2dFilterGrad(x, dy, filterShape(c), 1, 1, 'im2col', 2 * perImage).dataSync(),
      ];
    });
    expectClose(chunked, whole, 1e-6, 'dw');
  });

  it('leaks no tensors, forward or backward', () => {
    const c = CASES[3];
    const d = caseData(c, 3);
    for (const m of METHODS) {
      lossAndGrads(c, d, m); // warm-up: kernels may cache on first use
      const before = tf.memory().numTensors;
      lossAndGrads(c, d, m);
      expect(tf.memory().numTensors, methodLabel(m)).toBe(before);
    }
  });

  it('picks the gradient per backend', () => {
    expect(convGradientFor('wasm')).toEqual({ input: 'conv', filter: 'conv' }); // wasm has no built-in dw
    expect(convGradientFor('cpu')).toEqual({ input: 'transpose', filter: 'conv' });
    expect(convGradientFor('webgl')).toEqual({ input: 'transpose', filter: 'im2col' });
    expect(convGradientFor('webgpu')).toBe('builtin');
  });
});

describe('conv2dTrainable on wasm', () => {
  afterAll(async () => {
    await tf.setBackend('cpu');
  });

  it('gives the CPU backend built-in gradient for every case and method', async () => {
    await tf.setBackend('cpu');
    const data = CASES.map((c, i) => caseData(c, 100 + i));
    const cpu = CASES.map((c, i) => lossAndGrads(c, data[i], 'builtin'));
    expect(await tf.setBackend('wasm')).toBe(true);
    for (const m of METHODS) {
      CASES.forEach((c, i) => {
        lossAndGrads(c, data[i], m); // warm-up: XNNPACK caches operators per filter
        const before = tf.memory().numTensors;
        const wasm = lossAndGrads(c, data[i], m);
        const what = `${label(c)}, ${methodLabel(m)}`;
        expect(tf.memory().numTensors, what).toBe(before);
        expectClose(wasm.y, cpu[i].y, 1e-5, `${what}: y`);
        expectClose(wasm.dx, cpu[i].dx, 1e-5, `${what}: dx`);
        expectClose(wasm.dw, cpu[i].dw, 1e-5, `${what}: dw`);
      });
    }
  });

  // One real training step per network/projector variant: every op of the graph (BatchNorm from
  // moments, max-pool, top-k mask, discretiser, I(Z1;Z2), LARS) must have a gradient kernel on
  // wasm, and the step must agree with the CPU backend's. Both get the same views (made on the
  // CPU). Agreement is loose by nature, measured: wasm reduces in float32 (a sum over a
  // 16x34x34 map is off by ~5e-6 relative; the CPU backend accumulates in float64, ~5e-8), and
  // BatchNorm's backward (dy - mean(dy) - x̂·mean(dy·x̂)) cancels, so a tiny-batch BN network
  // shows update differences up to ~2.5e-2 (ResNet width 2, batch 4). A missing or wrong
  // gradient is off by ~100%.
  const variants: { name: string; edit: (c: RunConfig) => void }[] = [
    { name: 'ConvNet, SimCLR', edit: (c) => (c.encoder = { ...c.encoder, kind: 'convnet', convChannels: [4, 8] }) },
    {
      name: 'ResNet-18 width 2, Barlow, lmbd',
      edit: (c) => ((c.encoder = { ...c.encoder, kind: 'resnet18', width: 2 }), (c.method = 'barlow'), (c.loss.lmbd = 0.1)),
    },
    { name: 'ConvNet, discrete projector', edit: (c) => ((c.encoder = { ...c.encoder, kind: 'convnet', convChannels: [4] }), (c.projector.pointNum = 5)) },
    {
      name: 'ConvNet, SAE top-k projector',
      edit: (c) => ((c.encoder = { ...c.encoder, kind: 'convnet', convChannels: [4] }), (c.projector.sae = { enabled: true, latentDim: 32, topK: 4 })),
    },
  ];
  for (const v of variants) {
    it(`runs a whole training step of ${v.name} on wasm, equal to the CPU backend`, async () => {
      const config = defaultConfig();
      config.projector = { ...config.projector, hiddenDim: 16, outputDim: 8 };
      v.edit(config);
      const batch = 4;
      await tf.setBackend('cpu');
      const views = tf.tidy(() => {
        const images = tf.tensor4d(Float32Array.from(seededArray(batch * 32 * 32 * 3, 77, 0, 1)), [batch, 32, 32, 3]);
        return augmentStacked(images, config.aug.views, new Rng(config.seed).fork('augment/0')).dataSync() as Float32Array;
      });
      const run = (): { metrics: Float32Array; updates: Float32Array[] } => {
        const model = createModel(config, 10);
        const optimizer = createOptimizer(config.optim);
        try {
          const before = model.store.params().map((p) => Float32Array.from(p.variable.dataSync()));
          const metrics = tf.tidy(() => {
            const labels = tf.tensor1d([0, 1, 2, 3], 'int32');
            return trainStep(
              model,
              optimizer,
              config,
              { views: tf.tensor4d(views, [2 * batch, 32, 32, 3]), labels },
              { backbone: 0.1, classifier: 0.1 },
            ).dataSync() as Float32Array;
          });
          const updates = model.store.params().map((p, i) => Float32Array.from(p.variable.dataSync(), (w, j) => w - before[i][j]));
          return { metrics, updates };
        } finally {
          optimizer.dispose();
          model.dispose();
        }
      };
      const cpu = run();
      expect(await tf.setBackend('wasm')).toBe(true);
      const before = tf.memory().numTensors;
      const wasm = run();
      expect(tf.memory().numTensors).toBe(before);
      expect(Array.from(wasm.metrics).every(Number.isFinite)).toBe(true);
      expectClose(wasm.metrics, cpu.metrics, 1e-4, 'metrics');
      // Each tensor's update, relative to its size. Tensors whose update is round-off only
      // (biases before a BatchNorm) are skipped.
      cpu.updates.forEach((u, i) => {
        const scale = Math.hypot(...u);
        if (scale < 1e-6) return;
        const diff = Math.hypot(...u.map((x, j) => x - wasm.updates[i][j]));
        expect(diff / scale, `update of parameter ${i}`).toBeLessThan(0.1);
      });
    });
  }
});

import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterEach, describe, expect, it } from 'vitest';
import { defaultConfig, type RunConfig } from '../config';
import { applyBufferUpdates, evalContext, ParamStore, trainingContext } from './params';
import { createProjector } from './projectors';
import { keepTopK } from './sae';
import { batchNorm64, expectClose, linear64, seededArray } from './testutil';

const stores: ParamStore[] = [];
function newStore(seed = 0): ParamStore {
  const s = new ParamStore(seed);
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

function config(method: RunConfig['method'], projector: Partial<RunConfig['projector']>): RunConfig {
  const c = defaultConfig();
  c.method = method;
  c.projector = { ...c.projector, hiddenDim: 12, outputDim: 5, pointNum: 0, sae: { enabled: false, latentDim: 10, topK: 3 }, ...projector };
  return c;
}

const read = (store: ParamStore, name: string): Float32Array => store.param(name).variable.dataSync() as Float32Array;
const relu64 = (a: Float64Array): Float64Array => a.map((v) => Math.max(0, v));
const shapes = (store: ParamStore) => store.params().map((p) => [p.name, p.variable.shape]);

function run(projector: ReturnType<typeof createProjector>, x: Float64Array, n: number, d: number, training = true): Float32Array {
  const ctx = training ? trainingContext() : evalContext();
  const y = tf.tidy(() => projector.forward(tf.tensor2d(Array.from(x), [n, d]), ctx).dataSync() as Float32Array);
  applyBufferUpdates(ctx);
  return y;
}

/** Exact top-k per row (k largest kept, rest zeroed), float64. */
function topK64(h: Float64Array, n: number, m: number, k: number): Float64Array {
  const out = new Float64Array(n * m);
  for (let r = 0; r < n; r++) {
    const row = Array.from(h.subarray(r * m, (r + 1) * m));
    const order = row.map((v, i) => [v, i]).sort((a, b) => b[0] - a[0]);
    for (let j = 0; j < k; j++) out[r * m + order[j][1]] = order[j][0];
  }
  return out;
}

function sae64(store: ParamStore, prefix: string, z: Float64Array, n: number, d: number, m: number, k: number): Float64Array {
  const pre = read(store, `${prefix}/preBias`);
  const centred = z.map((v, i) => v - pre[i % d]);
  const h = relu64(linear64(centred, n, read(store, `${prefix}/encoder/kernel`), d, m, read(store, `${prefix}/encoder/bias`)));
  const out = linear64(topK64(h, n, m, k), n, read(store, `${prefix}/decoder/kernel`), m, d, read(store, `${prefix}/decoder/bias`));
  return out.map((v, i) => v + pre[i % d]);
}

const N = 6;
const D = 8;

describe('SimCLR projector', () => {
  it('is Linear(d->hidden)-ReLU-Linear(hidden->out) and matches a float64 reference', () => {
    const store = newStore(1);
    const proj = createProjector(config('simclr', {}), D, store);
    expect(proj.outputDim).toBe(5);
    expect(shapes(store)).toEqual([
      ['projector/linear1/kernel', [8, 12]],
      ['projector/linear1/bias', [12]],
      ['projector/linear2/kernel', [12, 5]],
      ['projector/linear2/bias', [5]],
    ]);
    const x = seededArray(N * D, 2);
    const hidden = relu64(linear64(x, N, read(store, 'projector/linear1/kernel'), D, 12, read(store, 'projector/linear1/bias')));
    const ref = linear64(hidden, N, read(store, 'projector/linear2/kernel'), 12, 5, read(store, 'projector/linear2/bias'));
    expectClose(run(proj, x, N, D), ref, 1e-5);
  });
});

describe('Barlow projector', () => {
  it('is [Linear-BN1d-ReLU]x2 - Linear and matches a float64 reference in training mode', () => {
    const store = newStore(2);
    const proj = createProjector(config('barlow', {}), D, store);
    expect(proj.outputDim).toBe(5);
    expect(shapes(store)).toEqual([
      ['projector/linear1/kernel', [8, 12]],
      ['projector/linear1/bias', [12]],
      ['projector/bn1/gamma', [12]],
      ['projector/bn1/beta', [12]],
      ['projector/linear2/kernel', [12, 12]],
      ['projector/linear2/bias', [12]],
      ['projector/bn2/gamma', [12]],
      ['projector/bn2/beta', [12]],
      ['projector/linear3/kernel', [12, 5]],
      ['projector/linear3/bias', [5]],
    ]);
    const x = seededArray(N * D, 3);
    const ones = new Float64Array(12).fill(1);
    const zeros = new Float64Array(12);
    let h = linear64(x, N, read(store, 'projector/linear1/kernel'), D, 12, read(store, 'projector/linear1/bias'));
    h = relu64(batchNorm64(h, 12, ones, zeros).y);
    h = linear64(h, N, read(store, 'projector/linear2/kernel'), 12, 12, read(store, 'projector/linear2/bias'));
    h = relu64(batchNorm64(h, 12, ones, zeros).y);
    const ref = linear64(h, N, read(store, 'projector/linear3/kernel'), 12, 5, read(store, 'projector/linear3/bias'));
    expectClose(run(proj, x, N, D), ref, 1e-4);
  });
});

describe('sparse-autoencoder projector', () => {
  it('SimCLR: replaces the MLP, acts on the encoder output (out = d), matches a float64 top-k reference', () => {
    const store = newStore(3);
    const proj = createProjector(config('simclr', { sae: { enabled: true, latentDim: 32, topK: 7 } }), D, store);
    expect(proj.outputDim).toBe(D);
    expect(shapes(store)).toEqual([
      ['projector/sae/preBias', [8]],
      ['projector/sae/encoder/kernel', [8, 32]],
      ['projector/sae/encoder/bias', [32]],
      ['projector/sae/decoder/kernel', [32, 8]],
      ['projector/sae/decoder/bias', [8]],
    ]);
    // A non-zero pre-bias, so that the reference checks where it is subtracted and added.
    store.param('projector/sae/preBias').variable.assign(tf.tensor1d(Array.from(seededArray(D, 4, -0.3, 0.3))));
    const x = seededArray(N * D, 5, -2, 2);
    expectClose(run(proj, x, N, D), sae64(store, 'projector/sae', x, N, D, 32, 7), 1e-5);
  });

  it('Barlow: Linear-BN-ReLU then the SAE on the hidden (out = hidden)', () => {
    const store = newStore(4);
    const proj = createProjector(config('barlow', { sae: { enabled: true, latentDim: 16, topK: 4 } }), D, store);
    expect(proj.outputDim).toBe(12);
    expect(shapes(store).map(([n]) => n)).toEqual([
      'projector/linear1/kernel',
      'projector/linear1/bias',
      'projector/bn1/gamma',
      'projector/bn1/beta',
      'projector/sae/preBias',
      'projector/sae/encoder/kernel',
      'projector/sae/encoder/bias',
      'projector/sae/decoder/kernel',
      'projector/sae/decoder/bias',
    ]);
    const x = seededArray(N * D, 6);
    const h = relu64(
      batchNorm64(
        linear64(x, N, read(store, 'projector/linear1/kernel'), D, 12, read(store, 'projector/linear1/bias')),
        12,
        new Float64Array(12).fill(1),
        new Float64Array(12),
      ).y,
    );
    expectClose(run(proj, x, N, D), sae64(store, 'projector/sae', h, N, 12, 16, 4), 1e-4);
  });

  it('the top-k mask passes gradient only through kept units', () => {
    const n = 4;
    const m = 9;
    const k = 3;
    // Distinct pre-activations, at least k positive per row.
    const a = seededArray(n * m, 7, -1, 3);
    const w = seededArray(n * m, 8); // upstream gradient
    const grad = tf.tidy(() => {
      const wt = tf.tensor2d(Array.from(w), [n, m]);
      const g = tf.grad((pre: tf.Tensor) => tf.sum(tf.mul(keepTopK(tf.relu(pre) as tf.Tensor2D, k), wt)));
      return g(tf.tensor2d(Array.from(a), [n, m])).dataSync() as Float32Array;
    });
    const kept = topK64(relu64(a), n, m, k);
    let keptCount = 0;
    for (let i = 0; i < n * m; i++) {
      if (kept[i] > 0) {
        keptCount++;
        expect(grad[i]).toBeCloseTo(w[i], 6);
      } else {
        expect(Math.abs(grad[i])).toBe(0);
      }
    }
    expect(keptCount).toBe(n * k);
  });

  it('the whole SAE trains end to end: every parameter gets a gradient', () => {
    const store = newStore(5);
    const proj = createProjector(config('simclr', { sae: { enabled: true, latentDim: 10, topK: 3 } }), D, store);
    const norms = tf.tidy(() => {
      const x = tf.tensor2d(Array.from(seededArray(N * D, 9, -2, 2)), [N, D]);
      const { grads } = tf.variableGrads(() => tf.sum(tf.square(proj.forward(x, trainingContext()))) as tf.Scalar);
      return store.params().map((p) => tf.norm(grads[p.variable.name]).dataSync()[0]);
    });
    for (const v of norms) expect(v).toBeGreaterThan(0);
  });

  it('rejects topK outside [1, latentDim]', () => {
    for (const topK of [0, 11, 2.5]) {
      expect(() => createProjector(config('simclr', { sae: { enabled: true, latentDim: 10, topK } }), D, newStore())).toThrow(
        /topK must be an integer in \[1, latentDim = 10\]/,
      );
    }
    expect(() => tf.tidy(() => keepTopK(tf.ones([2, 4]) as tf.Tensor2D, 5))).toThrow(/\[1, 4\]/);
  });
});

describe('discrete projector', () => {
  for (const [method, L, levels] of [
    ['simclr', 5, [-1, -0.5, 0, 0.5, 1]],
    ['barlow', 4, [-1, -0.5, 0, 0.5]],
    ['simclr', 3, [-1, 0, 1]],
  ] as const) {
    it(`${method}, pointNum ${L}: every output is in the level set`, () => {
      const store = newStore(6);
      const sae = { enabled: method === 'simclr' && L === 3, latentDim: 10, topK: 5 };
      const proj = createProjector(config(method, { pointNum: L, sae }), D, store);
      const y = run(proj, seededArray(N * D, 10, -3, 3), N, D);
      for (const v of y) expect(levels.some((l) => Math.abs(v - l) < 1e-6)).toBe(true);
      expect(new Set(y).size).toBeGreaterThan(1);
    });
  }

  it('rejects pointNum 1 (0 is off)', () => {
    expect(() => createProjector(config('simclr', { pointNum: 1 }), D, newStore())).toThrow(/levels/);
  });
});

describe('projector bookkeeping', () => {
  it('evaluation mode uses running stats and records no updates; no tensors leak', () => {
    const store = newStore(7);
    const proj = createProjector(config('barlow', { sae: { enabled: true, latentDim: 16, topK: 4 }, pointNum: 3 }), D, store);
    const before = tf.memory().numTensors;
    const ctx = evalContext();
    tf.tidy(() => {
      proj.forward(tf.ones([1, D]) as tf.Tensor2D, ctx); // one row: only possible with running stats
    });
    expect(ctx.bufferUpdates).toHaveLength(0);
    const train = trainingContext();
    tf.tidy(() => {
      const x = tf.tensor2d(Array.from(seededArray(N * D, 11)), [N, D]);
      const { value, grads } = tf.variableGrads(() => tf.mean(tf.square(proj.forward(x, train))) as tf.Scalar);
      value.dispose();
      Object.values(grads).forEach((g) => g.dispose());
    });
    expect(train.bufferUpdates).toHaveLength(2);
    applyBufferUpdates(train);
    expect(tf.memory().numTensors).toBe(before);
  });
});

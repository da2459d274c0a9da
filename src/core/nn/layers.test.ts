import * as tf from '@tensorflow/tfjs-core';
// Gradients are registered by whoever trains (tfjs-core alone registers none).
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import { afterEach, describe, expect, it } from 'vitest';
import { applyBufferUpdates, evalContext, ParamStore, trainingContext } from './params';
import { batchNorm, conv2d, linear } from './layers';
import { kaimingNormalFanOut, uniformFanIn } from './init';
import { batchNorm64, conv2d64, dot64, expectClose, finiteDiff, linear64, seededArray } from './testutil';

const stores: ParamStore[] = [];
function newStore(seed = 0): ParamStore {
  const s = new ParamStore(seed);
  stores.push(s);
  return s;
}
afterEach(() => {
  for (const s of stores.splice(0)) s.dispose();
});

const values = (t: tf.Tensor): Float32Array => t.dataSync() as Float32Array;

describe('linear', () => {
  it('computes x W + b against a float64 reference, weights [in, out]', () => {
    const store = newStore(3);
    const fc = linear(store, 'fc', 5, 4);
    expect(store.param('fc/kernel').variable.shape).toEqual([5, 4]);
    expect(store.param('fc/bias').variable.shape).toEqual([4]);
    expect(store.param('fc/bias').role).toBe('bias');
    const x = seededArray(3 * 5, 1);
    const y = tf.tidy(() => values(fc.forward(tf.tensor2d(Array.from(x), [3, 5]))));
    const ref = linear64(x, 3, values(store.param('fc/kernel').variable), 5, 4, values(store.param('fc/bias').variable));
    expectClose(y, ref, 1e-6);
  });

  it('initialises weight and bias in U(-1/sqrt(in), 1/sqrt(in)) like nn.Linear', () => {
    const store = newStore(7);
    linear(store, 'fc', 64, 256);
    const bound = 1 / 8;
    for (const name of ['fc/kernel', 'fc/bias']) {
      const v = values(store.param(name).variable);
      expect(Math.max(...v)).toBeLessThanOrEqual(bound);
      expect(Math.min(...v)).toBeGreaterThanOrEqual(-bound);
      expect(Math.max(...v)).toBeGreaterThan(0.9 * bound); // actually spans the range
    }
  });

  it('can go without a bias and into the classifier group', () => {
    const store = newStore();
    linear(store, 'head', 3, 2, { bias: false, group: 'classifier' });
    expect(store.params().map((p) => [p.name, p.group])).toEqual([['head/kernel', 'classifier']]);
  });
});

describe('conv2d', () => {
  const cases = [
    { name: '3x3 stride 1 padding 2 (the CIFAR stem)', in: [2, 7, 6, 3], k: 3, stride: 1, pad: 2, out: [2, 9, 8, 4] },
    { name: '3x3 stride 2 padding 1 on an odd size', in: [1, 9, 9, 2], k: 3, stride: 2, pad: 1, out: [1, 5, 5, 3] },
    { name: '1x1 stride 2 (downsample shortcut)', in: [2, 9, 8, 3], k: 1, stride: 2, pad: 0, out: [2, 5, 4, 5] },
  ];
  for (const c of cases) {
    it(`${c.name} matches a float64 reference`, () => {
      const store = newStore(11);
      const [, , , cin] = c.in;
      const cout = c.out[3];
      const conv = conv2d(store, 'c', cin, cout, { kernelSize: c.k, stride: c.stride, padding: c.pad });
      const kernel = store.param('c/kernel').variable;
      expect(kernel.shape).toEqual([c.k, c.k, cin, cout]);
      const x = seededArray(
        c.in.reduce((a, b) => a * b, 1),
        5,
      );
      const y = tf.tidy(() => {
        const out = conv.forward(tf.tensor4d(Array.from(x), c.in as [number, number, number, number]));
        return { shape: out.shape, data: values(out) };
      });
      const ref = conv2d64(x, c.in, values(kernel), kernel.shape, c.stride, c.pad);
      expect(y.shape).toEqual(c.out);
      expect(ref.shape).toEqual(c.out);
      expectClose(y.data, ref.data, 1e-5);
    });
  }

  it('grows 32x32 to 34x34 with a 3x3 kernel and padding 2', () => {
    const store = newStore();
    const conv = conv2d(store, 'stem', 3, 4, { kernelSize: 3, stride: 1, padding: 2 });
    const shape = tf.tidy(() => conv.forward(tf.zeros([1, 32, 32, 3])).shape);
    expect(shape).toEqual([1, 34, 34, 4]);
  });

  it('initialises with kaiming_normal(fan_out, relu): std sqrt(2 / (k*k*out))', () => {
    const store = newStore(2);
    conv2d(store, 'c', 32, 64, { kernelSize: 3 });
    const v = values(store.param('c/kernel').variable);
    const mean = v.reduce((a, b) => a + b, 0) / v.length;
    const std = Math.sqrt(v.reduce((a, b) => a + (b - mean) ** 2, 0) / v.length);
    expect(Math.abs(mean)).toBeLessThan(0.002);
    expect(std / Math.sqrt(2 / (9 * 64))).toBeCloseTo(1, 1);
  });

  it('initialisers are pure functions of their seed', () => {
    const draw = (seed: number) => tf.tidy(() => Array.from(values(kaimingNormalFanOut([3, 3, 2, 4], seed))));
    expect(draw(9)).toEqual(draw(9));
    expect(draw(9)).not.toEqual(draw(10));
    const u = tf.tidy(() => Array.from(values(uniformFanIn(4)([16], 9))));
    expect(u).toEqual(tf.tidy(() => Array.from(values(uniformFanIn(4)([16], 9)))));
  });
});

describe('batchNorm', () => {
  const gammaBeta = (store: ParamStore, prefix: string, c: number) => {
    store.param(`${prefix}/gamma`).variable.assign(tf.tensor1d(Array.from(seededArray(c, 21, 0.5, 1.5))));
    store.param(`${prefix}/beta`).variable.assign(tf.tensor1d(Array.from(seededArray(c, 22))));
    return { gamma: values(store.param(`${prefix}/gamma`).variable), beta: values(store.param(`${prefix}/beta`).variable) };
  };

  for (const shape of [
    [3, 4, 5, 6],
    [10, 6],
  ]) {
    it(`${shape.length === 4 ? '2-D' : '1-D'}: training uses batch mean / biased variance, updates running stats with the unbiased variance`, () => {
      const store = newStore();
      const c = shape[shape.length - 1];
      const bn = batchNorm(store, 'bn', c);
      const { gamma, beta } = gammaBeta(store, 'bn', c);
      const x = seededArray(
        shape.reduce((a, b) => a * b, 1),
        4,
        -2,
        3,
      );
      const ctx = trainingContext();
      const y = tf.tidy(() => values(bn.forward(tf.tensor(Array.from(x), shape) as unknown as tf.Tensor2D, ctx)));
      const ref = batchNorm64(x, c, gamma, beta);
      expectClose(y, ref.y, 2e-5, 'train output');
      expect(ctx.bufferUpdates.map((u) => u.variable)).toEqual([store.bufferEntries()[0][1], store.bufferEntries()[1][1]]);
      applyBufferUpdates(ctx);
      expect(ctx.bufferUpdates).toHaveLength(0);
      expectClose(
        values(store.bufferEntries()[0][1]),
        ref.mean.map((m) => 0.1 * m),
        1e-6,
        'running mean',
      );
      expectClose(
        values(store.bufferEntries()[1][1]),
        ref.unbiasedVar.map((v) => 0.9 + 0.1 * v),
        1e-6,
        'running var',
      );

      // Evaluation: running stats, no updates.
      const evalCtx = evalContext();
      const runningMean = values(store.bufferEntries()[0][1]);
      const runningVar = values(store.bufferEntries()[1][1]);
      const yEval = tf.tidy(() => values(bn.forward(tf.tensor(Array.from(x), shape) as unknown as tf.Tensor2D, evalCtx)));
      expectClose(yEval, batchNorm64(x, c, gamma, beta, { mean: runningMean, variance: runningVar }).y, 2e-5, 'eval output');
      expect(evalCtx.bufferUpdates).toHaveLength(0);
    });
  }

  it('two training forwards with one context compound their running-stat updates (per-view backbone passes)', () => {
    const store = newStore();
    const bn = batchNorm(store, 'bn', 2);
    const a = seededArray(10, 31, -1, 3);
    const b = seededArray(10, 32, 2, 5);
    const ctx = trainingContext();
    tf.tidy(() => {
      bn.forward(tf.tensor2d(Array.from(a), [5, 2]), ctx);
      bn.forward(tf.tensor2d(Array.from(b), [5, 2]), ctx);
    });
    expect(ctx.bufferUpdates).toHaveLength(2);
    const ra = batchNorm64(a, 2, [1, 1], [0, 0]);
    const rb = batchNorm64(b, 2, [1, 1], [0, 0]);
    const mean = [0, 1].map((q) => 0.9 * (0.9 * 0 + 0.1 * ra.mean[q]) + 0.1 * rb.mean[q]);
    const variance = [0, 1].map((q) => 0.9 * (0.9 * 1 + 0.1 * ra.unbiasedVar[q]) + 0.1 * rb.unbiasedVar[q]);
    const before = tf.memory().numTensors;
    applyBufferUpdates(ctx);
    expect(tf.memory().numTensors).toBe(before - 2);
    expectClose(values(store.bufferEntries()[0][1]), mean, 1e-6, 'running mean');
    expectClose(values(store.bufferEntries()[1][1]), variance, 1e-6, 'running var');
  });

  it('starts from running mean 0 and variance 1, gamma 1 and beta 0', () => {
    const store = newStore();
    batchNorm(store, 'bn', 3);
    expect(Array.from(values(store.param('bn/gamma').variable))).toEqual([1, 1, 1]);
    expect(Array.from(values(store.param('bn/beta').variable))).toEqual([0, 0, 0]);
    expect(store.bufferEntries().map(([n, v]) => [n, Array.from(values(v))])).toEqual([
      ['bn/runningMean', [0, 0, 0]],
      ['bn/runningVar', [1, 1, 1]],
    ]);
    expect(store.param('bn/gamma').role).toBe('norm');
  });

  it('gradients w.r.t. x, gamma and beta match float64 finite differences (through the batch statistics)', () => {
    const store = newStore();
    const shape = [2, 3, 2, 3];
    const c = 3;
    const bn = batchNorm(store, 'bn', c);
    const { gamma, beta } = gammaBeta(store, 'bn', c);
    const x = seededArray(36, 8, -1, 2);
    const w = seededArray(36, 9); // loss = sum(w * y): a generic upstream gradient
    const ctx = trainingContext();
    const grads = tf.tidy(() => {
      const xt = tf.tensor4d(Array.from(x), shape as [number, number, number, number]);
      const wt = tf.tensor4d(Array.from(w), shape as [number, number, number, number]);
      const gammaVar = store.param('bn/gamma').variable;
      const betaVar = store.param('bn/beta').variable;
      const { grads: vg } = tf.variableGrads(() => tf.sum(tf.mul(bn.forward(xt, ctx), wt)) as tf.Scalar, [gammaVar, betaVar]);
      const gx = tf.grad((xi: tf.Tensor) => tf.sum(tf.mul(bn.forward(xi as tf.Tensor4D, ctx), wt)))(xt);
      return { x: values(gx), gamma: values(vg[gammaVar.name]), beta: values(vg[betaVar.name]) };
    });
    for (const u of ctx.bufferUpdates) u.value.dispose();
    const loss = (xs: Float64Array, ga: ArrayLike<number>, be: ArrayLike<number>) => dot64(batchNorm64(xs, c, ga, be).y, w);
    expectClose(
      grads.x,
      finiteDiff((xs) => loss(xs, gamma, beta), x),
      2e-5,
      'dL/dx',
    );
    expectClose(
      grads.gamma,
      finiteDiff((ga) => loss(x, ga, beta), Float64Array.from(gamma)),
      2e-5,
      'dL/dgamma',
    );
    expectClose(
      grads.beta,
      finiteDiff((be) => loss(x, gamma, be), Float64Array.from(beta)),
      2e-5,
      'dL/dbeta',
    );
  });

  it('refuses to train on one value per channel (as PyTorch does)', () => {
    const store = newStore();
    const bn = batchNorm(store, 'bn', 2);
    expect(() => tf.tidy(() => bn.forward(tf.ones([1, 2]) as tf.Tensor2D, trainingContext()))).toThrow(/more than 1 value per channel/);
    // Evaluation on a single row is fine.
    expect(tf.tidy(() => bn.forward(tf.ones([1, 2]) as tf.Tensor2D, evalContext()).shape)).toEqual([1, 2]);
  });

  it('leaks nothing: updates survive the tidy (and a gradient tape) until applied', () => {
    const store = newStore();
    const bn = batchNorm(store, 'bn', 4);
    const before = tf.memory().numTensors;
    const ctx = trainingContext();
    tf.tidy(() => {
      const x = tf.randomNormal([8, 4], 0, 1, 'float32', 1) as tf.Tensor2D;
      const { value, grads } = tf.variableGrads(() => tf.sum(tf.square(bn.forward(x, ctx))) as tf.Scalar);
      value.dispose();
      Object.values(grads).forEach((g) => g.dispose());
    });
    expect(tf.memory().numTensors).toBe(before + 2);
    applyBufferUpdates(ctx);
    expect(tf.memory().numTensors).toBe(before);
  });
});

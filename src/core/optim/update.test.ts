// SGD and LARS against a float64 reference written independently here, line by line from
// torch.optim.SGD and solo-learn's solo/utils/lars.py, on plain JS arrays.
import * as tf from '@tensorflow/tfjs-core';
import { afterEach, describe, expect, it } from 'vitest';
import type { Param, ParamGroupName, ParamRole } from '../nn/params';
import { Rng } from '../random';
import { createOptimizer, LarsOptimizer, SgdOptimizer, type LearningRates, type Optimizer } from './index';

interface RefParam {
  name: string;
  shape: number[];
  role: ParamRole;
  group: ParamGroupName;
  p: number[];
  buf?: number[];
}

interface RefConfig {
  kind: 'sgd' | 'lars';
  momentum: number;
  weightDecay: number;
  eta: number;
  clip: boolean;
}

/** Which LARS branch each weight update took: the tests assert every branch was exercised. */
interface Branches {
  zeroNorm: number;
  clipped: number;
  unclipped: number;
}

const norm64 = (xs: number[]): number => Math.sqrt(xs.reduce((s, x) => s + x * x, 0));

function refStep(cfg: RefConfig, params: RefParam[], grads: Map<string, number[]>, lr: LearningRates, br: Branches): void {
  for (const prm of params) {
    const g = grads.get(prm.name);
    if (!g) continue;
    const groupLr = prm.group === 'backbone' ? lr.backbone : lr.classifier;
    const wd = prm.group === 'backbone' ? cfg.weightDecay : 0;
    let d = g.slice();
    if (cfg.kind === 'sgd') {
      if (prm.role === 'weight') d = g.map((gi, i) => gi + wd * prm.p[i]);
    } else if (prm.role === 'weight') {
      const pNorm = norm64(prm.p);
      const gNorm = norm64(g);
      if (pNorm !== 0 && gNorm !== 0) {
        let larsLr = (pNorm / (gNorm + pNorm * wd + 1e-8)) * cfg.eta;
        if (cfg.clip) {
          // Python: min(lars_lr / lr, 1); lr = 0 gives inf, hence 1, in JS as in torch.
          if (larsLr / groupLr >= 1) br.clipped++;
          else br.unclipped++;
          larsLr = Math.min(larsLr / groupLr, 1);
        } else br.unclipped++;
        d = g.map((gi, i) => (gi + wd * prm.p[i]) * larsLr);
      } else br.zeroNorm++;
    }
    const buf = prm.buf;
    prm.buf = buf ? buf.map((b, i) => cfg.momentum * b + d[i]) : d.slice();
    prm.p = prm.p.map((pi, i) => pi - groupLr * (prm.buf as number[])[i]);
  }
}

const SPECS: { name: string; shape: number[]; role: ParamRole; group: ParamGroupName; init: 'normal' | 'zeros' }[] = [
  { name: 'enc/conv/kernel', shape: [3, 3, 2, 4], role: 'weight', group: 'backbone', init: 'normal' },
  { name: 'enc/conv/bias', shape: [4], role: 'bias', group: 'backbone', init: 'normal' },
  { name: 'enc/bn/gamma', shape: [4], role: 'norm', group: 'backbone', init: 'normal' },
  { name: 'enc/zero/kernel', shape: [5, 3], role: 'weight', group: 'backbone', init: 'zeros' }, // ||p|| = 0 at first
  { name: 'enc/stuck/kernel', shape: [3, 2], role: 'weight', group: 'backbone', init: 'normal' }, // ||g|| = 0 sometimes
  { name: 'enc/sometimes/kernel', shape: [2, 2], role: 'weight', group: 'backbone', init: 'normal' }, // grad missing sometimes
  { name: 'cls/kernel', shape: [6, 3], role: 'weight', group: 'classifier', init: 'normal' },
  { name: 'cls/bias', shape: [3], role: 'bias', group: 'classifier', init: 'normal' },
];

// Varied per step like a schedule: lr 0 (warm-up start), small (LARS clip binds), large (it does not).
const LRS: LearningRates[] = [
  { backbone: 0, classifier: 0 },
  { backbone: 0.05, classifier: 0.02 },
  { backbone: 0.6, classifier: 0.3 },
  { backbone: 3, classifier: 2 },
  { backbone: 0.2, classifier: 0.01 },
  { backbone: 0.01, classifier: 0.5 },
];

const sizeOf = (shape: number[]): number => shape.reduce((a, b) => a * b, 1);

function gradsAt(step: number, rng: Rng): Map<string, number[]> {
  const out = new Map<string, number[]>();
  SPECS.forEach((s, k) => {
    if (s.name === 'enc/sometimes/kernel' && step % 3 === 1) return;
    const zero = s.name === 'enc/stuck/kernel' && step % 2 === 0;
    const scale = 0.02 * (k + 1); // different trust ratios per param
    out.set(
      s.name,
      Array.from({ length: sizeOf(s.shape) }, () => (zero ? 0 : Math.fround(rng.normal(0, scale)))),
    );
  });
  return out;
}

/** Runs the TF.js optimiser and the reference side by side; compares after every step. */
function compare(cfg: RefConfig): Branches {
  const rng = new Rng(11);
  const ref: RefParam[] = SPECS.map((s) => ({
    ...s,
    p: Array.from({ length: sizeOf(s.shape) }, () => (s.init === 'zeros' ? 0 : Math.fround(rng.normal(0, 0.5)))),
  }));
  const params: Param[] = ref.map((r) => ({
    name: r.name,
    role: r.role,
    group: r.group,
    variable: tf.tidy(() => tf.variable(tf.tensor(r.p, r.shape), true)),
  }));
  const initial = ref.map((r) => r.p.slice());
  const opt: Optimizer = createOptimizer({
    kind: cfg.kind,
    lr: 1,
    classifierLr: 1,
    momentum: cfg.momentum,
    weightDecay: cfg.weightDecay,
    larsEta: cfg.eta,
    larsClip: cfg.clip,
    warmupEpochs: 0,
    warmupStartLr: 0,
    minLr: 0,
  });
  const branches: Branches = { zeroNorm: 0, clipped: 0, unclipped: 0 };
  LRS.forEach((lr, step) => {
    const g64 = gradsAt(step, rng);
    const grads: tf.NamedTensorMap = {};
    for (const s of SPECS) {
      const g = g64.get(s.name);
      if (g) grads[s.name] = tf.tensor(g, s.shape);
    }
    opt.step(params, grads, lr);
    tf.dispose(grads);
    refStep(cfg, ref, g64, lr, branches);
    const bufs = opt.state();
    ref.forEach((r, k) => {
      const got = Array.from(params[k].variable.dataSync());
      const where = `${cfg.kind} clip=${cfg.clip} step ${step} ${r.name}`;
      for (let i = 0; i < got.length; i++) {
        expect(Math.abs(got[i] - r.p[i]), where).toBeLessThanOrEqual(1e-5 * Math.abs(r.p[i]) + 1e-7);
      }
      // The displacement is what the optimiser computed; relative to it the test is much stricter
      // than relative to the parameter (a LARS step moves a weight by ~eta of its norm).
      const moved = r.p.map((x, i) => x - initial[k][i]);
      const gotMoved = got.map((x, i) => x - initial[k][i]);
      const err = norm64(gotMoved.map((x, i) => x - moved[i]));
      expect(err, `${where} displacement`).toBeLessThanOrEqual(1e-5 * norm64(moved) + 1e-7);
      const buf = bufs.get(`${r.name}/momentum`);
      expect(buf === undefined, `${where} buffer`).toBe(r.buf === undefined);
      if (buf && r.buf) {
        const b = Array.from(buf.dataSync());
        const refBuf = r.buf;
        expect(norm64(b.map((x, i) => x - refBuf[i])), `${where} momentum`).toBeLessThanOrEqual(1e-5 * norm64(refBuf) + 1e-9);
      }
    });
  });
  opt.dispose();
  for (const p of params) p.variable.dispose();
  return branches;
}

describe('optimisers against a float64 reference', () => {
  afterEach(() => tf.disposeVariables());

  it('SGD with momentum matches torch.optim.SGD (weights, biases, norms, classifier group)', () => {
    compare({ kind: 'sgd', momentum: 0.9, weightDecay: 0.05, eta: 0, clip: false });
    compare({ kind: 'sgd', momentum: 0, weightDecay: 0, eta: 0, clip: false });
  });

  it('LARS with clipping matches solo-learn, hitting the clipped, unclipped and zero-norm branches', () => {
    const br = compare({ kind: 'lars', momentum: 0.9, weightDecay: 0.05, eta: 0.02, clip: true });
    expect(br.clipped).toBeGreaterThan(0);
    expect(br.unclipped).toBeGreaterThan(0);
    expect(br.zeroNorm).toBeGreaterThan(0);
  });

  it('LARS without clipping matches solo-learn', () => {
    const br = compare({ kind: 'lars', momentum: 0.9, weightDecay: 1e-4, eta: 0.02, clip: false });
    expect(br.zeroNorm).toBeGreaterThan(0);
    compare({ kind: 'lars', momentum: 0.5, weightDecay: 0.3, eta: 0.5, clip: false });
  });
});

function single(opt: Optimizer, p0: number[], g: number[], role: ParamRole, group: ParamGroupName, lr: number): number[] {
  const param: Param = { name: 'w', role, group, variable: tf.variable(tf.tensor1d(p0)) };
  const grad = tf.tensor1d(g);
  opt.step([param], { w: grad }, { backbone: lr, classifier: lr });
  const out = Array.from(param.variable.dataSync());
  grad.dispose();
  param.variable.dispose();
  opt.dispose();
  return out;
}

describe('hand-checkable cases', () => {
  const close = (got: number[], want: number[]): void => got.forEach((x, i) => expect(x).toBeCloseTo(want[i], 6));

  it('LARS trust ratio: p = [3, 4], g = [0, 1], eta 0.1, wd 0.5', () => {
    // trust = 0.1 * 5 / (1 + 0.5 * 5) = 1/7; d = (g + 0.5 p) * trust = [1.5, 3] / 7.
    close(single(new LarsOptimizer({ momentum: 0.9, weightDecay: 0.5, eta: 0.1, clip: false }), [3, 4], [0, 1], 'weight', 'backbone', 1), [
      3 - 1.5 / 7,
      4 - 3 / 7,
    ]);
    // Clipped at lr 0.1: trust / lr = 10/7 > 1, so d = g + 0.5 p = [1.5, 3].
    close(single(new LarsOptimizer({ momentum: 0.9, weightDecay: 0.5, eta: 0.1, clip: true }), [3, 4], [0, 1], 'weight', 'backbone', 0.1), [2.85, 3.7]);
    // The classifier group has no decay: trust = 0.1 * 5 / 1 = 0.5, d = [0, 0.5].
    close(single(new LarsOptimizer({ momentum: 0.9, weightDecay: 0.5, eta: 0.1, clip: false }), [3, 4], [0, 1], 'weight', 'classifier', 1), [3, 3.5]);
  });

  it('LARS zero norms: neither decay nor scaling', () => {
    const lars = (): LarsOptimizer => new LarsOptimizer({ momentum: 0.9, weightDecay: 0.5, eta: 0.1, clip: true });
    close(single(lars(), [0, 0], [1, -2], 'weight', 'backbone', 0.1), [-0.1, 0.2]); // ||p|| = 0: d = g
    close(single(lars(), [3, 4], [0, 0], 'weight', 'backbone', 0.1), [3, 4]); // ||g|| = 0: no decay
    close(single(lars(), [3, 4], [1, 1], 'bias', 'backbone', 0.1), [2.9, 3.9]); // bias: plain g
  });

  it('SGD decays weights only, and not in the classifier group', () => {
    const sgd = (): SgdOptimizer => new SgdOptimizer({ momentum: 0.9, weightDecay: 0.5 });
    close(single(sgd(), [3, 4], [0, 0], 'weight', 'backbone', 0.1), [2.85, 3.8]);
    close(single(sgd(), [3, 4], [0, 0], 'norm', 'backbone', 0.1), [3, 4]);
    close(single(sgd(), [3, 4], [0, 0], 'weight', 'classifier', 0.1), [3, 4]);
  });

  it('createOptimizer picks the kind and passes the settings', () => {
    const base = { lr: 0.4, classifierLr: 0.1, momentum: 0, weightDecay: 0, larsEta: 0.1, larsClip: false, warmupEpochs: 0, warmupStartLr: 0, minLr: 0 };
    const lars = createOptimizer({ ...base, kind: 'lars' });
    expect(lars.kind).toBe('lars');
    close(single(lars, [3, 4], [0, 1], 'weight', 'backbone', 1), [3, 3.5]); // eta 0.1 reached it
    expect(createOptimizer({ ...base, kind: 'sgd' }).kind).toBe('sgd');
  });
});

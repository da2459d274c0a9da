// Calibration of the memory estimate (src/core/config-memory.ts): measures the peak bytes of
// training steps on Node wasm (tf.profile's peakBytes over the first two steps) for the configs
// the factors were fitted on, prints measured against estimated, and fits the factors again
// (non-negative least squares on relative error). Run it after a change to the training step
// (new intermediates change the peak) and copy the fitted factors, raised ~10%, into
// MEMORY_FACTORS. `npm run calibrate:memory` (about a minute on two cores). Prints; asserts nothing.
import * as tf from '@tensorflow/tfjs-core';
import { defaultConfig, type RunConfig } from '../src/core/config';
import { estimateMemory, formatBytes, MEMORY_FACTORS } from '../src/core/config-memory';
import { useNodeBackend } from '../src/engine/backends/node';
import { Trainer } from '../src/engine/trainer';
import { syntheticDataset } from '../src/data/synthetic';

type Factors = typeof MEMORY_FACTORS;
const KINDS = Object.keys(MEMORY_FACTORS) as (keyof Factors)[];

function cfg(change: (c: RunConfig) => void): RunConfig {
  const c = defaultConfig();
  c.train.logEvery = 1;
  c.optim.warmupEpochs = 0;
  change(c);
  return c;
}
const conv = (c: RunConfig, channels: number[], batch: number, hidden = 512, out = 128) => {
  c.encoder.convChannels = channels;
  c.train.batchSize = batch;
  c.projector.hiddenDim = hidden;
  c.projector.outputDim = out;
};
const resnet = (c: RunConfig, width: number, batch: number) => {
  c.encoder = { kind: 'resnet18', width, convChannels: [8] };
  c.train.batchSize = batch;
};

/** The fit set (src/engine/memory-estimate.test.ts checks other configs). */
const CONFIGS: [string, RunConfig][] = [
  ['ConvNet [4,8] b8', cfg((c) => conv(c, [4, 8], 8, 16, 8))],
  ['ConvNet [4,8] b64', cfg((c) => conv(c, [4, 8], 64, 16, 8))],
  ['ConvNet [2] b256', cfg((c) => conv(c, [2], 256, 4, 4))],
  ['ConvNet [2] b512', cfg((c) => conv(c, [2], 512, 4, 4))],
  ['ConvNet [2] b512 lmbd', cfg((c) => (conv(c, [2], 512, 4, 4), (c.loss.lmbd = 0.1)))],
  ['ConvNet [16,32,64] b32', cfg((c) => conv(c, [16, 32, 64], 32))],
  ['ConvNet [32,64,128] b32', cfg((c) => conv(c, [32, 64, 128], 32))],
  ['ConvNet [32,64,128] b64', cfg((c) => conv(c, [32, 64, 128], 64))],
  ['ResNet w4 b8', cfg((c) => resnet(c, 4, 8))],
  ['ResNet w8 b16', cfg((c) => resnet(c, 8, 16))],
  ['ConvNet [8] b16 hidden 200k', cfg((c) => conv(c, [8], 16, 200_000, 8))],
  ['ConvNet [8] b64 hidden 100k', cfg((c) => conv(c, [8], 64, 100_000, 64))],
  ['SAE 32768 ConvNet [8] b32', cfg((c) => (conv(c, [8], 32), (c.projector.sae = { enabled: true, latentDim: 32768, topK: 64 })))],
  ['SAE 4096 ConvNet [16,32,64] b32', cfg((c) => (conv(c, [16, 32, 64], 32), (c.projector.sae = { enabled: true, latentDim: 4096, topK: 64 })))],
  ['Barlow [8,16] b16 1024', cfg((c) => ((c.method = 'barlow'), conv(c, [8, 16], 16, 1024, 1024)))],
  ['Barlow [8] b16 2048', cfg((c) => ((c.method = 'barlow'), conv(c, [8], 16, 2048, 2048)))],
  ['Barlow [8] b16 256 -> 2048', cfg((c) => ((c.method = 'barlow'), conv(c, [8], 16, 256, 2048)))],
  ['SAE 8192 ConvNet [8] b128', cfg((c) => (conv(c, [8], 128), (c.projector.sae = { enabled: true, latentDim: 8192, topK: 64 })))],
  ['Barlow + SAE [8] b16', cfg((c) => ((c.method = 'barlow'), conv(c, [8], 16, 512, 512), (c.projector.sae = { enabled: true, latentDim: 8192, topK: 32 })))],
  ['point_num 5 [16,32,64] b32', cfg((c) => (conv(c, [16, 32, 64], 32), (c.projector.pointNum = 5)))],
  ['Barlow ResNet w16 b8', cfg((c) => ((c.method = 'barlow'), resnet(c, 16, 8), (c.projector.hiddenDim = 256), (c.projector.outputDim = 256)))],
];

/** min ||Ax - y|| with x >= 0 (Lawson-Hanson active set; A is small). */
function nnls(A: number[][], y: number[]): number[] {
  const n = A[0].length;
  const x = new Array<number>(n).fill(0);
  const passive = new Set<number>();
  const gradient = () => A[0].map((_, j) => A.reduce((s, row, i) => s + row[j] * (y[i] - row.reduce((t, a, k) => t + a * x[k], 0)), 0));
  const solve = (cols: number[]): number[] => {
    // Normal equations on the passive columns, by Gaussian elimination.
    const m = cols.map((a) => [...cols.map((b) => A.reduce((s, row) => s + row[a] * row[b], 0)), A.reduce((s, row, i) => s + row[a] * y[i], 0)]);
    for (let i = 0; i < m.length; i++) {
      const p = m.slice(i).reduce((best, row, k) => (Math.abs(row[i]) > Math.abs(m[best][i]) ? i + k : best), i);
      [m[i], m[p]] = [m[p], m[i]];
      for (let k = 0; k < m.length; k++) if (k !== i) m[k] = m[k].map((v, c) => v - (m[k][i] / m[i][i]) * m[i][c]);
    }
    return m.map((row, i) => row[row.length - 1] / row[i]);
  };
  for (let iter = 0; iter < 100; iter++) {
    const w = gradient();
    const candidates = w.map((v, j) => [v, j]).filter(([v, j]) => !passive.has(j) && v > 1e-12);
    if (!candidates.length) break;
    passive.add(candidates.reduce((a, b) => (b[0] > a[0] ? b : a))[1]);
    for (;;) {
      const cols = [...passive];
      const z = solve(cols);
      if (z.every((v) => v > 0)) {
        cols.forEach((j, k) => (x[j] = z[k]));
        break;
      }
      let alpha = 1;
      cols.forEach((j, k) => z[k] <= 0 && (alpha = Math.min(alpha, x[j] / (x[j] - z[k]))));
      cols.forEach((j, k) => (x[j] += alpha * (z[k] - x[j])));
      for (const j of cols) if (x[j] <= 1e-12) passive.delete(j);
    }
  }
  return x;
}

async function main(): Promise<void> {
  await useNodeBackend('wasm');
  const dataset = syntheticDataset({ trainSize: 1024, testSize: 16, seed: 3 });
  const rows: { features: number[]; peak: number }[] = [];
  for (const [name, c] of CONFIGS) {
    const before = tf.memory().numBytes;
    const trainer = new Trainer(c, dataset);
    let peak = 0;
    for (let i = 0; i < 2; i++) {
      const profile = await tf.profile(async () => (await trainer.runInterval({ maxSteps: 1 }), []));
      peak = Math.max(peak, profile.peakBytes - before);
    }
    trainer.dispose();
    const unit = (kind: keyof Factors) => estimateMemory(c, 'wasm', Object.fromEntries(KINDS.map((k) => [k, k === kind ? 1 : 0])) as Factors).train;
    rows.push({ features: KINDS.map(unit), peak });
    const estimate = estimateMemory(c, 'wasm').train;
    console.log(
      `${name.padEnd(34)} measured ${formatBytes(peak).padStart(9)}  estimated ${formatBytes(estimate).padStart(9)}  ×${(estimate / peak).toFixed(2)}`,
    );
  }
  // Relative error: each row divided by its measured peak, so small configs count as much as big ones.
  const fitted = nnls(
    rows.map((r) => r.features.map((f) => f / r.peak)),
    rows.map(() => 1),
  );
  console.log(`fitted factors: ${KINDS.map((k, i) => `${k} ${fitted[i].toFixed(2)}`).join(', ')}`);
  const ratios = rows.map((r) => r.features.reduce((s, f, i) => s + f * fitted[i], 0) / r.peak);
  CONFIGS.forEach(([name], i) => console.log(`  fitted: ${name.padEnd(34)} ×${ratios[i].toFixed(2)}`));
  const worst = Math.max(...ratios.map((q) => Math.abs(q - 1)));
  console.log(`largest relative error of the fit: ${(worst * 100).toFixed(1)}%`);
  // MEMORY_FACTORS are the fit raised until no config of the fit set is under-estimated.
  const raise = 1 / Math.min(...ratios);
  console.log(`raised ×${raise.toFixed(3)} (no config under its measurement): ${KINDS.map((k, i) => `${k}: ${(fitted[i] * raise).toFixed(2)}`).join(', ')}`);
}

void main();

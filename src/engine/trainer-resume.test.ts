// Resume is exact on the CPU backend: 2N steps equal N steps, save, resume, N steps.
import { describe, expect, it } from 'vitest';
import { tinyConfig } from '../test/tiny-config';
import { syntheticDataset } from '../data/synthetic';
import { decodeCheckpoint } from './checkpoint/format';
import { Trainer } from './trainer';

const dataset = syntheticDataset({ trainSize: 64, testSize: 16, seed: 3 });

async function steps(trainer: Trainer, intervals: number): Promise<void> {
  for (let i = 0; i < intervals; i++) await trainer.runInterval();
}

describe('Trainer resume (CPU backend)', () => {
  it('2N steps equal N steps, save, resume, N steps (weights to 1e-5)', async () => {
    const config = tinyConfig((c) => {
      c.train.batchSize = 16; // 4 steps per epoch: the resume crosses an epoch (a new shuffle)
      c.train.logEvery = 3;
      c.optim.warmupEpochs = 1; // the schedule must continue where it stopped too
      c.loss.lmbd = 0.1;
    });
    const n = 6;
    const straight = new Trainer(config, dataset);
    await steps(straight, (2 * n) / 3);

    const first = new Trainer(config, dataset);
    await steps(first, n / 3);
    const bytes = await first.checkpoint({ backend: 'cpu' });
    first.dispose();
    const resumed = new Trainer(config, dataset, decodeCheckpoint(bytes, 'resume-test'));
    expect(resumed.step).toBe(n);
    await steps(resumed, n / 3);
    expect(resumed.step).toBe(2 * n);

    let maxDiff = 0;
    const b = resumed.model.store.namedState();
    for (const [name, tensor] of straight.model.store.namedState()) {
      const x = await tensor.data();
      const y = await b.get(name)!.data();
      for (let i = 0; i < x.length; i++) maxDiff = Math.max(maxDiff, Math.abs(x[i] - y[i]));
    }
    console.log(`resume: max |weight difference| after ${2 * n} steps = ${maxDiff}`);
    expect(maxDiff).toBeLessThan(1e-5);
    // The weights must have moved, or the comparison proves nothing.
    const initial = new Trainer(config, dataset);
    const w0 = await initial.model.store.params()[0].variable.data();
    const w1 = await straight.model.store.params()[0].variable.data();
    expect(w0.some((v, i) => Math.abs(v - w1[i]) > 1e-4)).toBe(true);
    for (const t of [straight, resumed, initial]) t.dispose();
  }, 300_000);
});

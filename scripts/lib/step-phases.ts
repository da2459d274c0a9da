// The training step taken apart for the step benchmark: the Trainer's step in its four phases
// (augmentation, forward + backward, optimiser, metrics), each timed and each profiled for
// kernel launches. Uses the production functions (augmentStacked, forwardBackward, the
// optimiser, stepMetrics), so what is counted is what trains.
import * as tf from '@tensorflow/tfjs-core';
import { augmentStacked, imagesFromPlanes } from '../../src/core/augment';
import { learningRatesAt } from '../../src/core/optim/schedule';
import { Rng } from '../../src/core/random';
import { applyBufferUpdates } from '../../src/core/nn/params';
import { disposeForward, forwardBackward, stepMetrics, type StepForward } from '../../src/core/train-step';
import { gatherBatch } from '../../src/data/sampler';
import type { Trainer } from '../../src/engine/trainer';

export const PHASES = ['augmentation', 'forward+backward', 'optimiser', 'metrics'] as const;
export type Phase = (typeof PHASES)[number];

export interface PhaseFigures {
  /** Median wall ms of the phase run alone (synchronised at its end). */
  ms: Record<Phase, number>;
  /** Median CPU ms of this process in the phase (all threads; less sensitive to other load). */
  cpuMs: Record<Phase, number>;
  /** Kernels launched, per phase: registered kernels only (customGrad scopes are not launches). */
  launches: Record<Phase, number>;
  /** The most launched kernels of the whole step, by name. */
  topKernels: [string, number][];
}

/** Waits for the device: on wasm/cpu kernels have run already; on WebGPU this is the sync. */
async function settle(t: tf.Tensor | undefined): Promise<void> {
  if (t) await t.data();
}

/** One step's inputs and phase functions over the trainer's model and optimiser (which it updates). */
function phaseRunners(trainer: Trainer) {
  const { config, model, optimizer } = trainer;
  const indices = trainer.plan.indices(trainer.step);
  const { planes, labels } = gatherBatch(trainer.dataset.train, indices);
  const lr = learningRatesAt(trainer.step, config, trainer.plan.stepsPerEpoch);
  const images = tf.keep(imagesFromPlanes(planes, indices.length));
  const labelTensor = tf.keep(tf.tensor1d(labels, 'int32'));
  const views = tf.keep(augmentStacked(images, config.aug.views, new Rng(config.seed).fork('augment/0')));
  return {
    augment: () => augmentStacked(images, config.aug.views, new Rng(config.seed).fork(`augment/${trainer.step}`)),
    forward: () => forwardBackward(model, config, { views, labels: labelTensor }),
    optimise: (f: StepForward) => {
      optimizer.step(model.store.params(), f.grads, lr);
      applyBufferUpdates(f.ctx);
    },
    metrics: (f: StepForward) => stepMetrics(f, config),
    dispose: () => tf.dispose([images, labelTensor, views]),
  };
}

function isLaunch(name: string, backend: string): boolean {
  return tf.getKernel(name, backend) !== undefined;
}

/** Times each phase alone (`repeats` runs, median; 0: no timing) and counts each phase's launches. */
export async function measurePhases(trainer: Trainer, repeats: number): Promise<PhaseFigures> {
  const run = phaseRunners(trainer);
  const backend = tf.getBackend();
  const launches = {} as Record<Phase, number>;
  const byName = new Map<string, number>();
  const count = (phase: Phase, kernels: { name: string }[]): void => {
    const real = kernels.filter((k) => isLaunch(k.name, backend));
    launches[phase] = real.length;
    for (const k of real) byName.set(k.name, (byName.get(k.name) ?? 0) + 1);
  };
  try {
    // Launch counts: one profiled step, phase by phase.
    let forward: StepForward | undefined;
    count('augmentation', (await tf.profile(() => tf.tidy(() => run.augment().dispose()))).kernels);
    count('forward+backward', (await tf.profile(() => void (forward = run.forward()))).kernels);
    const f = forward as StepForward;
    count('optimiser', (await tf.profile(() => run.optimise(f))).kernels);
    count('metrics', (await tf.profile(() => run.metrics(f).dispose())).kernels);
    disposeForward(f);

    const samples: Record<Phase, number[]> = { augmentation: [], 'forward+backward': [], optimiser: [], metrics: [] };
    const cpuSamples: Record<Phase, number[]> = { augmentation: [], 'forward+backward': [], optimiser: [], metrics: [] };
    const timed = async <T>(phase: Phase, f: () => T, sync: (t: T) => tf.Tensor | undefined): Promise<T> => {
      const start = performance.now();
      const cpu = process.cpuUsage();
      const out = f();
      await settle(sync(out));
      const used = process.cpuUsage(cpu);
      samples[phase].push(performance.now() - start);
      cpuSamples[phase].push((used.user + used.system) / 1000);
      return out;
    };
    for (let r = 0; r < repeats; r++) {
      (await timed('augmentation', run.augment, (v) => v)).dispose();
      const fb = await timed('forward+backward', run.forward, (f) => f.loss);
      await timed(
        'optimiser',
        () => run.optimise(fb),
        () => trainer.model.store.params()[0].variable,
      );
      (
        await timed(
          'metrics',
          () => run.metrics(fb),
          (m) => m,
        )
      ).dispose();
      disposeForward(fb);
    }
    const median = (xs: number[]): number => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] : 0);
    const ms = Object.fromEntries(PHASES.map((p) => [p, median(samples[p])])) as Record<Phase, number>;
    const cpuMs = Object.fromEntries(PHASES.map((p) => [p, median(cpuSamples[p])])) as Record<Phase, number>;
    return { ms, cpuMs, launches, topKernels: [...byName].sort((a, b) => b[1] - a[1]) };
  } finally {
    run.dispose();
  }
}

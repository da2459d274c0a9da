// The training loop, shared by the Web Worker and the headless trainer (one code path, two
// hosts). It owns the model and the optimiser; the host owns scheduling, storage and messages.
// GPU reads happen once per logging interval, asynchronously (`data()`), never per step.
import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from '../core/config';
import { plannedSteps } from '../core/config-datasets';
import { augmentStacked, imagesFromPlanes } from '../core/augment';
import { createModel, type Model } from '../core/nn/model';
import { createOptimizer } from '../core/optim';
import type { Optimizer } from '../core/optim/optimizer';
import { learningRatesAt } from '../core/optim/schedule';
import { STEP_METRICS, namedMetrics, trainStep } from '../core/train-step';
import type { InMemoryDataset, ImageSplit } from '../data/types';
import { IMAGE_BYTES } from '../data/types';
import { BatchPlan, gatherBatch } from '../data/sampler';
import { Rng } from '../core/random';
import { encodeCheckpoint, type Checkpoint, type CheckpointMeta } from './checkpoint/format';
import { assertConfigFits } from './memory-guard';
import type { MetricPoint } from './run-types';

/** A loss or metric became NaN or Inf: the run must stop and keep its last good checkpoint. */
export class DivergedError extends Error {
  constructor(
    readonly step: number,
    readonly metric: string,
    readonly value: number,
  ) {
    super(`Training diverged: ${metric} became ${value} at step ${step}.`);
    this.name = 'DivergedError';
  }
}

/** The first `count` images of a split, without copying. */
export function subsetSplit(split: ImageSplit, count: number): ImageSplit {
  if (count <= 0 || count >= split.count) return split;
  return { count, images: split.images.subarray(0, count * IMAGE_BYTES), labels: split.labels.subarray(0, count) };
}

export class Trainer {
  readonly model: Model;
  readonly optimizer: Optimizer;
  readonly plan: BatchPlan;
  readonly totalSteps: number;
  step = 0;
  private readonly train: ImageSplit;
  /** Fault tests: the next step's loss becomes NaN, as an overflow would make it. */
  poisonNextStep = false;

  constructor(
    readonly config: RunConfig,
    readonly dataset: InMemoryDataset,
    checkpoint?: Checkpoint,
  ) {
    // Before the first tensor: a config the backend cannot hold is refused, whoever sent it.
    assertConfigFits(config);
    this.train = subsetSplit(dataset.train, config.data.trainSubset);
    this.plan = new BatchPlan(config.seed, this.train.count, config.train.batchSize);
    this.totalSteps = plannedSteps(config, this.train.count);
    this.model = createModel(config, dataset.info.numClasses);
    this.optimizer = createOptimizer(config.optim);
    if (checkpoint) this.restore(checkpoint);
  }

  get stepsPerEpoch(): number {
    return this.plan.stepsPerEpoch;
  }

  get epoch(): number {
    return this.step / this.plan.stepsPerEpoch;
  }

  get done(): boolean {
    return this.step >= this.totalSteps;
  }

  /** Runs one training step; returns its metrics vector on the device (caller disposes). */
  private runStep(): tf.Tensor1D {
    const indices = this.plan.indices(this.step);
    const { planes, labels } = gatherBatch(this.train, indices);
    // The augmentation stream of one step is independent of every other step: resumes are exact.
    const rng = new Rng(this.config.seed).fork(`augment/${this.step}`);
    const lr = learningRatesAt(this.step, this.config, this.plan.stepsPerEpoch);
    const metrics = tf.tidy(() => {
      const images = imagesFromPlanes(planes, indices.length); // [B, 32, 32, 3] in [0, 1]
      const views = augmentStacked(images, this.config.aug.views, rng); // [2B, 32, 32, 3]
      const labelTensor = tf.tensor1d(labels, 'int32');
      return trainStep(this.model, this.optimizer, this.config, { views, labels: labelTensor }, lr, this.poisonNextStep);
    });
    this.poisonNextStep = false;
    this.step += 1;
    return metrics;
  }

  /**
   * Trains up to `logEvery` steps (fewer at the end of the run, or `maxSteps`), then reads the
   * metrics once. `shouldStop` is polled between steps so a pause lands within one step; with
   * `yieldBetweenSteps` the host's event loop runs between steps (a worker's messages).
   * Throws DivergedError if any step produced a non-finite metric.
   */
  async runInterval(options: { shouldStop?: () => boolean; yieldBetweenSteps?: boolean; maxSteps?: number } = {}): Promise<MetricPoint | undefined> {
    const { shouldStop = () => false, yieldBetweenSteps = false, maxSteps = this.config.train.logEvery } = options;
    const start = performance.now();
    // Every step's metrics stay on the device until the interval ends, then one stacked read
    // gives the logged values and finds the first non-finite value exactly (step and metric).
    const perStep: tf.Tensor1D[] = [];
    const firstStep = this.step;
    while (!this.done && perStep.length < Math.min(maxSteps, this.config.train.logEvery) && !(perStep.length > 0 && shouldStop())) {
      perStep.push(this.runStep());
      // Lets the worker's message handler run (pause/stop) between steps.
      if (yieldBetweenSteps) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (!perStep.length) return undefined;
    const stacked = tf.stack(perStep); // [steps, M]
    tf.dispose(perStep);
    const all = await stacked.data(); // sync point: one per logging interval
    stacked.dispose();
    const steps = perStep.length;
    const width = STEP_METRICS.length;
    for (let i = 0; i < all.length; i++) {
      if (!Number.isFinite(all[i])) throw new DivergedError(firstStep + Math.floor(i / width) + 1, STEP_METRICS[i % width], all[i]);
    }
    // The logged values are interval means over every step, not the last batch: curves of
    // variants are compared, and a single batch is noise (docs, method.md "Deviations").
    const values = new Float64Array(width);
    for (let i = 0; i < all.length; i++) values[i % width] += all[i] / steps;
    const elapsed = performance.now() - start;
    const stepMillis = elapsed / steps;
    return {
      step: this.step,
      epoch: this.epoch,
      lr: learningRatesAt(this.step - 1, this.config, this.plan.stepsPerEpoch).backbone,
      values: namedMetrics(values),
      stepMillis,
      imagesPerSecond: (this.config.train.batchSize * 1000) / stepMillis,
      memory: { tensors: tf.memory().numTensors, bytes: tf.memory().numBytes },
    };
  }

  /** Packs weights, optimiser state, step and config into one checkpoint file. */
  async checkpoint(extra: { backend: string; runId?: string }): Promise<Uint8Array> {
    const meta: CheckpointMeta = {
      config: this.config,
      numClasses: this.dataset.info.numClasses,
      datasetId: this.dataset.info.id,
      step: this.step,
      epoch: this.epoch,
      rng: { scheme: 'per-step', seed: this.config.seed },
      backend: extra.backend,
      createdAt: new Date().toISOString(),
      runId: extra.runId,
    };
    return encodeCheckpoint(meta, this.model.store.namedState(), this.optimizer.state());
  }

  private restore(checkpoint: Checkpoint): void {
    if (checkpoint.meta.numClasses !== this.dataset.info.numClasses) {
      throw new Error(`The checkpoint was trained with ${checkpoint.meta.numClasses} classes, this dataset has ${this.dataset.info.numClasses}.`);
    }
    const state = this.model.store.namedState();
    for (const [name, variable] of state) {
      const saved = checkpoint.model.get(name);
      if (!saved) throw new Error(`The checkpoint has no tensor ${name}.`);
      variable.assign(saved);
    }
    this.optimizer.loadState(checkpoint.optimizer, this.model.store.params());
    this.step = checkpoint.meta.step;
  }

  dispose(): void {
    this.model.dispose();
    this.optimizer.dispose();
  }
}

// The training loop, shared by the Web Worker and the headless trainer (one code path, two
// hosts). It owns the model and the optimiser; the host owns scheduling, storage and messages.
// GPU reads happen once per logging interval, asynchronously (`data()`), never per step.
import * as tf from '@tensorflow/tfjs-core';
import type { RunConfig } from '../core/config';
import { augmentPair, imagesFromPlanes } from '../core/augment';
import { createModel, type Model } from '../core/nn/model';
import { createOptimizer } from '../core/optim';
import type { Optimizer } from '../core/optim/optimizer';
import { learningRatesAt } from '../core/optim/schedule';
import { STEP_METRICS, namedMetrics, trainStep, type StepMetrics } from '../core/train-step';
import type { InMemoryDataset, ImageSplit } from '../data/types';
import { IMAGE_BYTES } from '../data/types';
import { BatchPlan, augmentationRng, gatherBatch } from './batches';
import { encodeCheckpoint, type Checkpoint, type CheckpointMeta } from './checkpoint/format';

/** One logged point: the metrics of the interval's last step, timing over the whole interval. */
export interface MetricPoint {
  step: number; // steps completed
  epoch: number; // fractional epochs completed
  lr: number; // backbone learning rate of the last step
  values: StepMetrics;
  stepMillis: number; // mean wall time per step over the interval (includes the sync)
  imagesPerSecond: number;
}

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
  // On-device divergence watch: the first step whose metrics were not all finite (-1 = none)
  // and that step's metrics. Updated every step without a GPU read.
  private firstBadStep: tf.Tensor;
  private firstBadMetrics: tf.Tensor;

  constructor(
    readonly config: RunConfig,
    readonly dataset: InMemoryDataset,
    checkpoint?: Checkpoint,
  ) {
    this.train = subsetSplit(dataset.train, config.data.trainSubset);
    this.plan = new BatchPlan(config.seed, this.train.count, config.train.batchSize);
    this.totalSteps = this.plan.stepsPerEpoch * config.train.epochs;
    this.model = createModel(config, dataset.info.numClasses);
    this.optimizer = createOptimizer(config.optim);
    this.firstBadStep = tf.scalar(-1, 'int32');
    this.firstBadMetrics = tf.zeros([STEP_METRICS.length]);
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
    const rng = augmentationRng(this.config.seed, this.step);
    const lr = learningRatesAt(this.step, this.config, this.plan.stepsPerEpoch);
    const metrics = tf.tidy(() => {
      const images = imagesFromPlanes(planes, indices.length); // [B, 32, 32, 3] in [0, 1]
      const [viewA, viewB] = augmentPair(images, this.config.aug.views, rng);
      const labelTensor = tf.tensor1d(labels, 'int32');
      return trainStep(this.model, this.optimizer, this.config, { viewA, viewB, labels: labelTensor }, lr);
    });
    this.watchDivergence(metrics);
    this.step += 1;
    return metrics;
  }

  private watchDivergence(metrics: tf.Tensor1D): void {
    const step = this.step;
    const [nextStep, nextMetrics] = tf.tidy(() => {
      const bad = tf.logicalNot(tf.all(tf.isFinite(metrics)));
      const isFirst = tf.logicalAnd(bad, tf.less(this.firstBadStep, 0));
      return [tf.where(isFirst, tf.scalar(step, 'int32'), this.firstBadStep), tf.where(isFirst, metrics, this.firstBadMetrics)];
    });
    this.firstBadStep.dispose();
    this.firstBadMetrics.dispose();
    this.firstBadStep = nextStep;
    this.firstBadMetrics = nextMetrics;
  }

  /**
   * Trains up to `logEvery` steps (fewer at the end of the run), then reads the metrics once.
   * `shouldStop` is polled between steps so a pause lands within one step. Throws
   * DivergedError if any step produced a non-finite metric.
   */
  async runInterval(shouldStop: () => boolean = () => false, yieldBetweenSteps = false): Promise<MetricPoint | undefined> {
    const start = performance.now();
    let last: tf.Tensor1D | undefined;
    let steps = 0;
    while (!this.done && steps < this.config.train.logEvery && !(steps > 0 && shouldStop())) {
      last?.dispose();
      last = this.runStep();
      steps++;
      // Lets the worker's message handler run (pause/stop) between steps.
      if (yieldBetweenSteps) await new Promise((resolve) => setTimeout(resolve, 0));
    }
    if (!last) return undefined;
    const [values, badStep] = await Promise.all([last.data(), this.firstBadStep.data()]);
    last.dispose();
    if (badStep[0] >= 0) {
      const bad = await this.firstBadMetrics.data();
      const index = Array.from(bad).findIndex((v) => !Number.isFinite(v));
      throw new DivergedError(badStep[0] + 1, STEP_METRICS[Math.max(index, 0)], bad[Math.max(index, 0)]);
    }
    const elapsed = performance.now() - start;
    const stepMillis = elapsed / steps;
    return {
      step: this.step,
      epoch: this.epoch,
      lr: learningRatesAt(this.step - 1, this.config, this.plan.stepsPerEpoch).backbone,
      values: namedMetrics(values),
      stepMillis,
      imagesPerSecond: (this.config.train.batchSize * 1000) / stepMillis,
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
    this.firstBadStep.dispose();
    this.firstBadMetrics.dispose();
  }
}

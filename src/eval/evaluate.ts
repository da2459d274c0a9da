// One evaluation point: frozen Z1 (encoder) and Z2 (projector) features of a training subset and
// the test split, then per feature set a linear probe and a weighted kNN, and optionally a 2-D PCA
// of a test sample. The comparison the app is about is Z1 vs Z2 under the same protocol, so both
// use identical settings, and the settings are recorded in the result.
//
// Cost: two forward passes over trainSubset + testSubset images (the dominant term on a GPU),
// two probes (epochs × trainSubset rows of a [D, C] softmax), two kNNs (testSubset × trainSubset
// dot products), two 500-point PCAs on the CPU. Device memory: one chunk of activations during
// extraction, then one feature set (≤ trainSubset × D floats, twice while a probe shuffles).
// Reads: one per extraction chunk, one per probe, one per kNN.
import type { NormalizationStats } from '../core/augment/images';
import { CIFAR10_STATS } from '../core/augment/images';
import type { Model } from '../core/nn/model';
import type { ImageSplit, InMemoryDataset } from '../data/types';
import { sliceSplit } from '../data/sampler';
import { pca2d, toPairs } from './embedding';
import { UMAP_MIN_POINTS, umap2d } from './umap';
import { extractFeatures, type FeatureSet } from './features';
import { knnAccuracy, knnChunking, type KnnOptions } from './knn';
import { linearProbe, type LabelledFeatures, type ProbeOptions } from './linear-probe';
import type { Embedding2D, EvalResult, FeatureScores } from './types';

export interface EvalOptions {
  trainSubset: number; // first N training images: the probe's training set and the kNN bank (0 = all)
  testSubset: number; // first N test images (0 = all)
  chunkSize: number; // images per forward pass during extraction
  probe: ProbeOptions;
  knn: KnnOptions;
  embeddingSample: number; // first N test images projected to 2-D by PCA (0 = no embedding)
  umap: boolean; // also UMAP of the same sample (about 1-2 s for 500 points; CPU, no GPU)
  normalization: NormalizationStats; // must equal training's (the trainer uses CIFAR-10's for every set)
}

export const DEFAULT_EVAL_OPTIONS: EvalOptions = {
  // 10,000 as in many quick SSL protocols: the probe and kNN bank stay small enough for a laptop GPU
  // (10k × 512 floats = 20 MB); CIFAR's full 50,000 gives higher numbers but 5× the cost.
  trainSubset: 10_000,
  testSubset: 0, // the whole test split (CIFAR: 10,000)
  chunkSize: 256, // ConvNet [32,64,128]: ~32 MB of activations per chunk; ResNet-18: ~130 MB
  probe: {
    // 30 epochs × 40 steps of 256 on 10k features; on fixtures lr 0.05–0.2 and 20–50 epochs all
    // landed within 0.5 points of each other (linear-probe.test.ts has the separable case).
    epochs: 30,
    batchSize: 256,
    lr: 0.1, // Adam peak, cosine to 0; standardised inputs make one lr serve Z1 and Z2
    weightDecay: 1e-5, // small: the probe should measure separability, not be regularised into it
    standardize: true,
    seed: 0, // shuffling only; the probe starts from W = 0
  },
  knn: {
    k: 200, // InstDisc's protocol (solo-learn's default is 20)
    temperature: 0.1, // exp(s / 0.1): the nearest neighbours dominate
    maxSimilarityElements: 1 << 22, // 4M floats = 16 MB per similarity chunk
  },
  embeddingSample: 500, // PCA of 500 points: well under a second on the CPU
  umap: true,
  normalization: CIFAR10_STATS,
};

/** DEFAULT_EVAL_OPTIONS with some fields replaced (nested objects merged one level deep). */
export function evalOptions(
  overrides: Partial<Omit<EvalOptions, 'probe' | 'knn'>> & { probe?: Partial<ProbeOptions>; knn?: Partial<KnnOptions> } = {},
): EvalOptions {
  return {
    ...DEFAULT_EVAL_OPTIONS,
    ...overrides,
    probe: { ...DEFAULT_EVAL_OPTIONS.probe, ...overrides.probe },
    knn: { ...DEFAULT_EVAL_OPTIONS.knn, ...overrides.knn },
  };
}

export type EvalPhase = 'extract-train' | 'extract-test' | 'probe-z1' | 'knn-z1' | 'probe-z2' | 'knn-z2' | 'embedding';

export interface EvalHooks {
  /** Progress for the UI: phase, and for extraction the images done of the total. */
  onProgress?: (phase: EvalPhase, done: number, total: number) => void;
  /** Aborts between extraction chunks and between phases (a probe or kNN runs to its end). */
  signal?: AbortSignal;
}

/** The first `count` images (0 or more than the split: all), without copying. */
function firstImages(split: ImageSplit, count: number): ImageSplit {
  if (!Number.isInteger(count) || count < 0) throw new Error(`evaluateModel: subset sizes must be whole numbers >= 0, got ${count}`);
  return count === 0 || count >= split.count ? split : sliceSplit(split, 0, count);
}

function view(set: FeatureSet, which: 'z1' | 'z2'): LabelledFeatures {
  return { features: set[which], labels: set.labels, count: set.count, dim: set.dims[which] };
}

export async function evaluateModel(
  model: Model,
  dataset: InMemoryDataset,
  opts: EvalOptions,
  step: number,
  epoch: number,
  hooks: EvalHooks = {},
): Promise<EvalResult> {
  const start = performance.now();
  const { onProgress, signal } = hooks;
  const progress = (phase: EvalPhase, done: number, total: number): void => {
    signal?.throwIfAborted();
    onProgress?.(phase, done, total);
  };
  const numClasses = dataset.info.numClasses;
  const trainSplit = firstImages(dataset.train, opts.trainSubset);
  const testSplit = firstImages(dataset.test, opts.testSubset);
  if (trainSplit.count < 1 || testSplit.count < 1)
    throw new Error(`evaluateModel: need training and test images (got ${trainSplit.count} and ${testSplit.count})`);
  // Fail on bad kNN settings before minutes of extraction, not after.
  knnChunking(testSplit.count, trainSplit.count, numClasses, opts.knn);

  const extract = { chunkSize: opts.chunkSize, normalization: opts.normalization, signal };
  progress('extract-train', 0, trainSplit.count);
  const train = await extractFeatures(model, trainSplit, { ...extract, onProgress: (d, t) => progress('extract-train', d, t) });
  progress('extract-test', 0, testSplit.count);
  const test = await extractFeatures(model, testSplit, { ...extract, onProgress: (d, t) => progress('extract-test', d, t) });

  const score = async (which: 'z1' | 'z2'): Promise<FeatureScores> => {
    progress(which === 'z1' ? 'probe-z1' : 'probe-z2', 0, 1);
    const probe = await linearProbe(view(train, which), view(test, which), numClasses, opts.probe);
    progress(which === 'z1' ? 'knn-z1' : 'knn-z2', 0, 1);
    const knn = await knnAccuracy(view(train, which), view(test, which), numClasses, opts.knn);
    return { linearTop1: probe.top1, linearTop5: probe.top5, knnTop1: knn.top1, knnTop5: knn.top5 };
  };
  const z1 = await score('z1');
  const z2 = await score('z2');

  let embedding: Embedding2D | undefined;
  const sample = Math.min(opts.embeddingSample, test.count);
  if (sample > 0) {
    progress('embedding', 0, 1);
    const project = (which: 'z1' | 'z2'): [number, number][] => toPairs(pca2d(test[which], sample, test.dims[which]).coords);
    embedding = { labels: Array.from(test.labels.subarray(0, sample)), z1: project('z1'), z2: project('z2'), method: 'pca' };
    if (opts.umap && sample >= UMAP_MIN_POINTS) {
      const neighbours = (which: 'z1' | 'z2') => umap2d(test[which], sample, test.dims[which]);
      embedding.umap = { z1: neighbours('z1'), z2: neighbours('z2') };
    }
  }

  const { probe, knn } = opts;
  return {
    step,
    epoch,
    z1,
    z2,
    millis: performance.now() - start,
    protocol: {
      trainImages: train.count,
      testImages: test.count,
      probeEpochs: probe.epochs,
      knnK: Math.min(knn.k, train.count),
      knnTemperature: knn.temperature,
      probe: {
        optimizer: 'adam',
        epochs: probe.epochs,
        batchSize: probe.batchSize,
        lr: probe.lr,
        weightDecay: probe.weightDecay,
        standardize: probe.standardize,
      },
      embeddingSample: sample,
    },
    ...(embedding ? { embedding } : {}),
  };
}

// The datasets a run can name, as the facts a config needs: classes, split sizes, the form's
// label. No bytes and no sources (data/catalog.ts adds where the images come from). One home
// for CIFAR's 50,000 / 10,000 images and for the steps a config implies, which validation, the
// memory estimate, the page (a run's step count before the engine reports it), the trainer's
// batch plan and the catalog all need: they once carried their own copies.
// Named config-*.ts: the page may import it (src/architecture.test.ts lets ui/ import core/config*).
import type { RunConfig } from './config';

export interface DatasetSpec {
  label: string; // the form's option
  numClasses: number;
  /** Images per split of the real dataset; the synthetic set's sizes are config settings. */
  sizes?: { train: number; test: number };
}

export const DATASETS = {
  synthetic: { label: 'Synthetic shapes (no download)', numClasses: 10 },
  cifar10: { label: 'CIFAR-10', numClasses: 10, sizes: { train: 50_000, test: 10_000 } },
  cifar100: { label: 'CIFAR-100', numClasses: 100, sizes: { train: 50_000, test: 10_000 } },
} as const satisfies Record<string, DatasetSpec>;

export type DatasetId = keyof typeof DATASETS;

export const DATASET_IDS = Object.keys(DATASETS) as readonly DatasetId[];

export function isKnownDataset(id: string): id is DatasetId {
  return Object.hasOwn(DATASETS, id);
}

/** Images in the training and test splits the run loads. */
export function datasetSizes(config: RunConfig): { train: number; test: number } {
  const { data } = config;
  const spec: DatasetSpec = DATASETS[data.dataset];
  if (!spec.sizes) return { train: data.syntheticTrainSize, test: data.syntheticTestSize }; // the synthetic set
  return { ...spec.sizes };
}

/** Classes of the run's dataset (the synthetic set has ten shapes). */
export function numClassesOf(config: RunConfig): number {
  return DATASETS[config.data.dataset].numClasses;
}

/** Training images a run of `config` uses: the split, cut to `data.trainSubset` when set. */
export function trainImages(config: RunConfig): number {
  const size = datasetSizes(config).train;
  return config.data.trainSubset > 0 ? Math.min(config.data.trainSubset, size) : size;
}

/** Full batches per epoch: the last partial batch is dropped, as solo-learn's loaders do. */
export function stepsPerEpoch(images: number, batchSize: number): number {
  return Math.floor(images / batchSize);
}

/**
 * The steps a run of `config` takes; `images` is the split the trainer actually holds (the
 * page predicts it from the config, and the engine reports the exact count once loaded).
 */
export function plannedSteps(config: RunConfig, images: number = trainImages(config)): number {
  return stepsPerEpoch(images, config.train.batchSize) * config.train.epochs;
}

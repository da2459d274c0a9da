// The datasets the lab knows, where their bytes come from, and the fixed seed of the synthetic
// set: every run on the synthetic set sees the same images, so runs with different configs
// compare on equal data.
//
// Every URL here is only a default: the dataset panel lets a user point any of them at a
// mirror or a self-hosted copy (kept in the page's localStorage) and passes the resolved URLs
// with each download, so nothing below is baked into a request path.
import { defaultConfig } from '../core/config';
import { DATASETS, DATASET_IDS, type DatasetId } from '../core/config-datasets';
import type { CifarKind } from './formats';

export type { DatasetId } from '../core/config-datasets';
export { DATASET_IDS };

export const SYNTHETIC_DATA_SEED = 2025;

/** Sizes of the cached synthetic set when nobody asks for others: the lab's default config's. */
export const SYNTHETIC_DEFAULT_SIZES = {
  trainSize: defaultConfig().data.syntheticTrainSize,
  testSize: defaultConfig().data.syntheticTestSize,
} as const;

export interface DatasetSources {
  /** Hugging Face parquet files, one per split (fetched whole: range requests are unreliable). */
  parquet: { train: string; test: string };
  /**
   * The Toronto binary tarball, fetched through the dev/preview server's same-origin proxy
   * (vite-plugins/cifar-proxy.ts): toronto.edu sends no CORS headers. A relative URL.
   */
  archive: string;
}

export interface CatalogEntry {
  id: DatasetId;
  name: string;
  numClasses: number;
  /** Images per split in the real dataset (the synthetic set's are the defaults above). */
  trainSize: number;
  testSize: number;
  /** What the user can import by hand: the Toronto binary tarball's file name. */
  archiveName?: string;
  sources?: DatasetSources;
}

const HF = 'https://huggingface.co/datasets';

export const CATALOG: Record<DatasetId, CatalogEntry> = {
  synthetic: {
    id: 'synthetic',
    name: 'Synthetic shapes (built in)',
    numClasses: DATASETS.synthetic.numClasses,
    trainSize: SYNTHETIC_DEFAULT_SIZES.trainSize,
    testSize: SYNTHETIC_DEFAULT_SIZES.testSize,
  },
  cifar10: {
    id: 'cifar10',
    name: 'CIFAR-10',
    numClasses: DATASETS.cifar10.numClasses,
    trainSize: DATASETS.cifar10.sizes.train,
    testSize: DATASETS.cifar10.sizes.test,
    archiveName: 'cifar-10-binary.tar.gz',
    sources: {
      parquet: {
        train: `${HF}/uoft-cs/cifar10/resolve/main/plain_text/train-00000-of-00001.parquet`,
        test: `${HF}/uoft-cs/cifar10/resolve/main/plain_text/test-00000-of-00001.parquet`,
      },
      archive: '/proxy/cifar/cifar-10-binary.tar.gz',
    },
  },
  cifar100: {
    id: 'cifar100',
    name: 'CIFAR-100',
    numClasses: DATASETS.cifar100.numClasses,
    trainSize: DATASETS.cifar100.sizes.train,
    testSize: DATASETS.cifar100.sizes.test,
    archiveName: 'cifar-100-binary.tar.gz',
    sources: {
      parquet: {
        train: `${HF}/uoft-cs/cifar100/resolve/main/cifar100/train-00000-of-00001.parquet`,
        test: `${HF}/uoft-cs/cifar100/resolve/main/cifar100/test-00000-of-00001.parquet`,
      },
      archive: '/proxy/cifar/cifar-100-binary.tar.gz',
    },
  },
};

export function isCifar(id: DatasetId): id is CifarKind {
  return id === 'cifar10' || id === 'cifar100';
}

/** Default sources with a user's overrides on top (empty strings fall back to the default). */
export function resolveSources(id: CifarKind, overrides?: Partial<{ train: string; test: string; archive: string }>): DatasetSources {
  const base = CATALOG[id].sources;
  if (!base) throw new Error(`${id} has no download sources`);
  const pick = (value: string | undefined, fallback: string): string => (value && value.trim() ? value.trim() : fallback);
  return {
    parquet: { train: pick(overrides?.train, base.parquet.train), test: pick(overrides?.test, base.parquet.test) },
    archive: pick(overrides?.archive, base.archive),
  };
}

/** The last path segment of a URL, for messages ("train-00000-of-00001.parquet"). */
export function fileNameOf(url: string): string {
  const path = url.split(/[?#]/)[0];
  return decodeURIComponent(path.slice(path.lastIndexOf('/') + 1)) || url;
}

/**
 * The host a URL points at, for messages ("huggingface.co", "mirror.example:8080"): data from a
 * mirror is named by the mirror's host, never by the default source's name. A relative URL
 * (the same-origin proxy) resolves against the page.
 */
export function hostOf(url: string): string {
  try {
    return new URL(url, globalThis.location?.href ?? 'http://localhost/').host || url;
  } catch {
    return url;
  }
}

/** The hosts of several URLs, once each, for people: "huggingface.co" or "a.org and b.org". */
export function hostsOf(urls: string[]): string {
  const hosts = [...new Set(urls.map(hostOf))];
  return hosts.length <= 1 ? (hosts[0] ?? '') : `${hosts.slice(0, -1).join(', ')} and ${hosts[hosts.length - 1]}`;
}

/** Which CIFAR a tarball is, from its name ("cifar-100-binary.tar.gz"), when the name says. */
export function archiveKindFromName(fileName: string): CifarKind | undefined {
  const name = fileName.toLowerCase();
  if (/cifar[-_]?100/.test(name)) return 'cifar100';
  if (/cifar[-_]?10(?!\d)/.test(name)) return 'cifar10';
  return undefined;
}

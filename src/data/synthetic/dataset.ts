// The built-in synthetic dataset: ten shape classes under random colour, texture, position,
// scale, pose, shading, occlusion and noise, generated from a seed in Node, a worker or the
// page (pure TypeScript, no TF.js, no DOM). Needs no download and is the app's default.
//
// Layout of the randomness: image i of a split draws everything from its own seed
// mixSeed(seed, splitSalt, i), and labels come in shuffled blocks of ten, so
//   - the same (seed, split, count) gives identical bytes in every JS engine;
//   - train and test use disjoint streams (different salts);
//   - a smaller split is a prefix of a larger one with the same seed (trainSubset slices agree);
//   - classes are exactly balanced when count is a multiple of ten, off by one at most otherwise.
import { IMAGE_BYTES, IMAGE_SIZE, type DatasetInfo, type ImageSplit, type InMemoryDataset, type SplitName } from '../types';
import { sampleSyntheticParams } from './params';
import { mixSeed, Rng } from './prng';
import { renderSynthetic } from './render';
import { SHAPES } from './shapes';

export const SYNTHETIC_INFO: DatasetInfo = {
  id: 'synthetic',
  name: 'Synthetic shapes (built in)',
  numClasses: SHAPES.length,
  classNames: SHAPES.map((s) => s.name),
};

export interface SyntheticOptions {
  trainSize: number; // images generated for training
  testSize: number; // images generated for evaluation
  seed: number; // taken as uint32
}

const SPLIT_SALT: Record<SplitName, number> = { train: 0x7a1b5eed, test: 0x7e57c0de };
const LABEL_SALT = 0x1abe1;

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`synthetic: count must be a non-negative integer, got ${count}`);
}

/** Labels in blocks of numClasses, each block a seeded permutation of 0..numClasses-1. */
function blockLabels(count: number, seed: number, split: SplitName): Uint8Array {
  const k = SHAPES.length;
  const labels = new Uint8Array(count);
  const perm = new Uint8Array(k);
  for (let block = 0; block * k < count; block++) {
    const rng = new Rng(mixSeed(seed, SPLIT_SALT[split], LABEL_SALT, block));
    for (let j = 0; j < k; j++) perm[j] = j;
    for (let j = k - 1; j > 0; j--) {
      const r = rng.int(j + 1);
      const tmp = perm[j];
      perm[j] = perm[r];
      perm[r] = tmp;
    }
    for (let j = 0; j < k && block * k + j < count; j++) labels[block * k + j] = perm[j];
  }
  return labels;
}

/** The per-image seed: exposed so tests and tools can re-draw one image's params. */
export function syntheticImageSeed(seed: number, split: SplitName, index: number): number {
  return mixSeed(seed, SPLIT_SALT[split], index);
}

/**
 * Like generateSyntheticSplit, plus each image's shape coverage ([count, 32, 32], in [0, 1],
 * before occluder and noise): the ground-truth foreground, for tests and visualisations.
 */
export function generateSyntheticSplitWithMasks(count: number, seed: number, split: SplitName): ImageSplit & { masks: Float32Array } {
  checkCount(count);
  const masks = new Float32Array(count * IMAGE_SIZE * IMAGE_SIZE);
  return { ...generate(count, seed, split, masks), masks };
}

/** `count` images of one split: [count, 3, 32, 32] uint8 planes and labels in [0, 10). */
export function generateSyntheticSplit(count: number, seed: number, split: SplitName): ImageSplit {
  return generate(count, seed, split);
}

function generate(count: number, seed: number, split: SplitName, masks?: Float32Array): ImageSplit {
  checkCount(count);
  const labels = blockLabels(count, seed, split);
  const images = new Uint8Array(count * IMAGE_BYTES);
  const area = IMAGE_SIZE * IMAGE_SIZE;
  for (let i = 0; i < count; i++) {
    const params = sampleSyntheticParams(syntheticImageSeed(seed, split, i), labels[i]);
    renderSynthetic(params, images, i * IMAGE_BYTES, masks, i * area);
  }
  return { count, images, labels };
}

export function syntheticDataset({ trainSize, testSize, seed }: SyntheticOptions): InMemoryDataset {
  return {
    info: SYNTHETIC_INFO,
    train: generateSyntheticSplit(trainSize, seed, 'train'),
    test: generateSyntheticSplit(testSize, seed, 'test'),
  };
}

/** One paragraph for the UI: what defines the class and what is nuisance. */
export function describeSynthetic(): string {
  return (
    `${SHAPES.length} classes of 32×32 colour images, generated in your browser from a seed (no download). ` +
    `The class is the shape alone: ${SHAPES.map((s) => s.name).join(', ')}. ` +
    'Everything else is drawn at random for every image, independently of the class: foreground and ' +
    'background colour, background texture (flat, stripes, checkerboard, smooth noise or a gradient, with ' +
    'random angle and scale), position, size, rotation, mirroring, shading across the shape, an occasional ' +
    'line crossing the image, and pixel noise. Two augmented views of one image share the shape and also ' +
    'many of these nuisances (crops and colour jitter do not erase a stripe pattern or a hue), so the ' +
    'contrastive target carries both kinds of information. Compare the linear probe on the encoder features ' +
    '(Z1) with the one on the projector output (Z2) to see what the projection head lets through.'
  );
}

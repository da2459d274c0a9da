// The dataset contract: deterministic bytes, disjoint splits, balanced labels, sane pixels.
import { describe, expect, it } from 'vitest';
import { crc32 } from '../../test/png-encode';
import { IMAGE_BYTES } from '../types';
import { describeSynthetic, generateSyntheticSplit, SHAPES, SYNTHETIC_INFO, syntheticDataset } from './index';

// CRC-32 of generateSyntheticSplit(20, 0, 'train'): images, labels (see 'keeps its format').
const GOLDEN_IMAGES_CRC = 2573828606;
const GOLDEN_LABELS_CRC = 384934504;

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

function classCounts(labels: Uint8Array): number[] {
  const counts = new Array<number>(SYNTHETIC_INFO.numClasses).fill(0);
  for (const l of labels) counts[l]++;
  return counts;
}

describe('synthetic dataset', () => {
  it('describes ten named classes, one per shape', () => {
    expect(SYNTHETIC_INFO.id).toBe('synthetic');
    expect(SYNTHETIC_INFO.numClasses).toBeGreaterThanOrEqual(10);
    expect(SYNTHETIC_INFO.classNames).toHaveLength(SYNTHETIC_INFO.numClasses);
    expect(new Set(SYNTHETIC_INFO.classNames).size).toBe(SYNTHETIC_INFO.numClasses);
    expect(SYNTHETIC_INFO.classNames).toEqual(SHAPES.map((s) => s.name));
    const text = describeSynthetic();
    for (const name of SYNTHETIC_INFO.classNames) expect(text).toContain(name);
    expect(text).toMatch(/colour/);
    expect(text).toMatch(/texture/);
  });

  it('is deterministic: the same seed gives identical bytes, another seed does not', () => {
    const a = generateSyntheticSplit(200, 42, 'train');
    const b = generateSyntheticSplit(200, 42, 'train');
    const c = generateSyntheticSplit(200, 43, 'train');
    expect(sameBytes(a.images, b.images)).toBe(true);
    expect(sameBytes(a.labels, b.labels)).toBe(true);
    expect(sameBytes(a.images, c.images)).toBe(false);
    expect(sameBytes(a.labels, c.labels)).toBe(false);
    // Not just a few pixels: almost every image of the other seed differs.
    let differing = 0;
    for (let i = 0; i < 200; i++)
      if (!sameBytes(a.images.subarray(i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES), c.images.subarray(i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES))) differing++;
    expect(differing).toBe(200);
  });

  it('keeps its format: a fixed seed gives these exact bytes (change only on purpose)', () => {
    // Runs and checkpoints name the data by seed; a generator change silently alters every
    // experiment's data, so it must show up here. Update the figures in the same commit.
    const s = generateSyntheticSplit(20, 0, 'train');
    expect([crc32(s.images), crc32(s.labels)]).toEqual([GOLDEN_IMAGES_CRC, GOLDEN_LABELS_CRC]);
  });

  it('draws train and test from disjoint streams', () => {
    const ds = syntheticDataset({ trainSize: 100, testSize: 100, seed: 7 });
    expect(ds.info).toBe(SYNTHETIC_INFO);
    expect(sameBytes(ds.train.images, ds.test.images)).toBe(false);
    // No test image equals any train image.
    const seen = new Set<number>();
    for (let i = 0; i < 100; i++) seen.add(crc32(ds.train.images, i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES));
    for (let i = 0; i < 100; i++) expect(seen.has(crc32(ds.test.images, i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES))).toBe(false);
  });

  it('has the contract shapes and lengths, including empty splits', () => {
    const ds = syntheticDataset({ trainSize: 37, testSize: 0, seed: 1 });
    expect(ds.train.count).toBe(37);
    expect(ds.train.images).toBeInstanceOf(Uint8Array);
    expect(ds.train.images.length).toBe(37 * IMAGE_BYTES);
    expect(ds.train.labels).toBeInstanceOf(Uint8Array);
    expect(ds.train.labels.length).toBe(37);
    expect(ds.test.count).toBe(0);
    expect(ds.test.images.length).toBe(0);
    expect(() => generateSyntheticSplit(-1, 0, 'train')).toThrow(RangeError);
    expect(() => generateSyntheticSplit(2.5, 0, 'train')).toThrow(RangeError);
  });

  it('balances classes exactly per block of ten, and every class appears', () => {
    const even = generateSyntheticSplit(1000, 3, 'train');
    expect(classCounts(even.labels)).toEqual(new Array(10).fill(100));
    const odd = generateSyntheticSplit(1003, 3, 'test');
    const counts = classCounts(odd.labels);
    expect(Math.max(...counts) - Math.min(...counts)).toBeLessThanOrEqual(1);
    for (const l of odd.labels) expect(l).toBeLessThan(SYNTHETIC_INFO.numClasses);
    // The order is shuffled, not 0, 1, 2, ...
    expect(Array.from(even.labels.subarray(0, 20))).not.toEqual([...Array(20).keys()].map((i) => i % 10));
  });

  it('makes a smaller split a prefix of a larger one with the same seed', () => {
    const small = generateSyntheticSplit(25, 9, 'train');
    const large = generateSyntheticSplit(60, 9, 'train');
    expect(sameBytes(small.labels, large.labels.subarray(0, 25))).toBe(true);
    expect(sameBytes(small.images, large.images.subarray(0, 25 * IMAGE_BYTES))).toBe(true);
  });

  it('has sane pixel statistics', () => {
    const s = generateSyntheticSplit(500, 11, 'train');
    const area = 1024;
    const means = [0, 1, 2].map((ch) => {
      let sum = 0;
      for (let i = 0; i < s.count; i++) for (let p = 0; p < area; p++) sum += s.images[i * IMAGE_BYTES + ch * area + p];
      return sum / (s.count * area);
    });
    console.log(`per-channel means over 500 images: ${means.map((m) => m.toFixed(1)).join(', ')}`);
    for (const m of means) {
      expect(m).toBeGreaterThan(60);
      expect(m).toBeLessThan(190);
    }
    // Every image has real contrast (a visible shape), and images are not near-copies.
    const imageMeans = new Set<number>();
    for (let i = 0; i < s.count; i++) {
      const img = s.images.subarray(i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES);
      let lo = 255;
      let hi = 0;
      let sum = 0;
      for (const v of img) {
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        sum += v;
      }
      expect(hi - lo).toBeGreaterThan(40);
      imageMeans.add(Math.round(sum / 30.72));
    }
    expect(imageMeans.size).toBeGreaterThan(400);
  });

  it('generates 10,000 images quickly', () => {
    const t0 = performance.now();
    const s = generateSyntheticSplit(10_000, 5, 'train');
    const ms = performance.now() - t0;
    console.log(`generated ${s.count} synthetic images in ${ms.toFixed(0)} ms (${((s.count / ms) * 1000).toFixed(0)} images/s)`);
    expect(ms).toBeLessThan(30_000);
  });
});

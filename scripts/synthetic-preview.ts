// Contact sheet of the synthetic set: one row per class, 12 examples each, upscaled 3x
// (nearest neighbour, so anti-aliasing stays visible). Writes .tmp/synthetic-preview.png.
// Usage: npx tsx scripts/synthetic-preview.ts [seed]
import { mkdirSync, writeFileSync } from 'node:fs';
import { generateSyntheticSplit, SYNTHETIC_INFO } from '../src/data/synthetic';
import { IMAGE_BYTES, IMAGE_SIZE } from '../src/data/types';
import { encodePng, planesToInterleaved } from '../src/test/png-encode';

const PER_CLASS = 12;
const SCALE = 3;
const GAP = 2; // pixels between tiles, in output pixels

const seed = Number(process.argv[2] ?? 0);
const numClasses = SYNTHETIC_INFO.numClasses;
const t0 = performance.now();
// Enough images that every class has PER_CLASS examples (labels come in balanced blocks).
const split = generateSyntheticSplit(numClasses * PER_CLASS, seed, 'train');
const ms = performance.now() - t0;

const tile = IMAGE_SIZE * SCALE;
const width = PER_CLASS * (tile + GAP) + GAP;
const height = numClasses * (tile + GAP) + GAP;
const sheet = new Uint8Array(width * height * 3).fill(40);
const filled = new Array<number>(numClasses).fill(0);
for (let i = 0; i < split.count; i++) {
  const label = split.labels[i];
  const col = filled[label]++;
  if (col >= PER_CLASS) continue;
  const rgb = planesToInterleaved(split.images.subarray(i * IMAGE_BYTES, (i + 1) * IMAGE_BYTES));
  const ox = GAP + col * (tile + GAP);
  const oy = GAP + label * (tile + GAP);
  for (let y = 0; y < tile; y++)
    for (let x = 0; x < tile; x++) {
      const src = (Math.floor(y / SCALE) * IMAGE_SIZE + Math.floor(x / SCALE)) * 3;
      const dst = ((oy + y) * width + ox + x) * 3;
      sheet[dst] = rgb[src];
      sheet[dst + 1] = rgb[src + 1];
      sheet[dst + 2] = rgb[src + 2];
    }
}

mkdirSync('.tmp', { recursive: true });
writeFileSync('.tmp/synthetic-preview.png', encodePng(sheet, width, height));
console.log(`rows: ${SYNTHETIC_INFO.classNames.join(', ')}`);
console.log(`wrote .tmp/synthetic-preview.png (${width}x${height}); ${split.count} images in ${ms.toFixed(1)} ms`);

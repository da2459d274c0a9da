// Contact sheet of the GPU augmentations on drawn test images, to check them by eye.
// Rows: test images. Columns: the original, then one op at a time at probability 1 (crop, flip,
// colour jitter without hue, hue only, grayscale, blur, solarise), then full SimCLR views, then
// Barlow second views (with solarisation). Tiles upscaled 3x, nearest neighbour.
// Writes .tmp/augment-preview.png. Usage: npx tsx scripts/augment-preview.ts [seed]
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';
import { mkdirSync, writeFileSync } from 'node:fs';
import { augmentView, denormalizeImages } from '../src/core/augment';
import { barlowAugmentation, simclrAugmentation, type ViewAugmentation } from '../src/core/config';
import { Rng } from '../src/core/random';
import { encodePng } from '../src/test/png-encode';

const SIZE = 32;
const SCALE = 3;
const GAP = 3;
const seed = Number(process.argv[2] ?? 0);

type Painter = (x: number, y: number) => [number, number, number];

/** Test images chosen so each op is visible: asymmetry (flip), hues (jitter), edges (blur). */
const PAINTERS: Painter[] = [
  // An "F" in white on dark blue: a flip mirrors it.
  (x, y) =>
    (x >= 8 && x < 12 && y >= 5 && y < 27) || (y >= 5 && y < 9 && x >= 8 && x < 24) || (y >= 14 && y < 18 && x >= 8 && x < 20) ? [1, 1, 1] : [0.1, 0.15, 0.45],
  // A colour wheel: hue by angle, saturation by radius.
  (x, y) => {
    const dx = x - 15.5;
    const dy = y - 15.5;
    const h = (Math.atan2(dy, dx) / (2 * Math.PI) + 1) % 1;
    const s = Math.min(1, Math.hypot(dx, dy) / 15);
    const ch = (n: number): number => 1 - s * Math.max(0, Math.min((n + h * 6) % 6, 4 - ((n + h * 6) % 6), 1));
    return [ch(5), ch(3), ch(1)];
  },
  // A checkerboard with a red square: sharp edges for the blur.
  (x, y) => (x >= 20 && x < 28 && y >= 4 && y < 12 ? [0.9, 0.1, 0.1] : (Math.floor(x / 4) + Math.floor(y / 4)) % 2 ? [0.95, 0.95, 0.95] : [0.05, 0.05, 0.05]),
  // A yellow disc in the top-left corner of a gradient: where the crop lands.
  (x, y) => (Math.hypot(x - 8, y - 8) < 6 ? [1, 0.85, 0.1] : [x / 31, 0.3, y / 31]),
  // Smooth colour blobs, vaguely natural.
  (x, y) => [0.5 + 0.4 * Math.sin(x / 5 + y / 9), 0.5 + 0.4 * Math.sin(y / 4 - x / 11 + 1), 0.5 + 0.4 * Math.cos((x + y) / 7)],
];

function testImages(): tf.Tensor4D {
  const data = new Float32Array(PAINTERS.length * SIZE * SIZE * 3);
  PAINTERS.forEach((paint, b) => {
    for (let y = 0; y < SIZE; y++) for (let x = 0; x < SIZE; x++) data.set(paint(x, y), ((b * SIZE + y) * SIZE + x) * 3);
  });
  return tf.tensor4d(data, [PAINTERS.length, SIZE, SIZE, 3]);
}

const off: ViewAugmentation = {
  cropScale: [1, 1],
  flipProb: 0,
  jitterProb: 0,
  brightness: 0,
  contrast: 0,
  saturation: 0,
  hue: 0,
  grayscaleProb: 0,
  blurProb: 0,
  solarizeProb: 0,
};
const columns: [string, ViewAugmentation][] = [
  ['crop', { ...off, cropScale: [0.08, 1] }],
  ['flip', { ...off, flipProb: 1 }],
  ['jitter b/c/s', { ...off, jitterProb: 1, brightness: 0.8, contrast: 0.8, saturation: 0.8 }],
  ['hue', { ...off, jitterProb: 1, hue: 0.5 }],
  ['grayscale', { ...off, grayscaleProb: 1 }],
  ['blur', { ...off, blurProb: 1 }],
  ['solarize', { ...off, solarizeProb: 1 }],
  ...Array.from({ length: 6 }, (_, i): [string, ViewAugmentation] => [`simclr ${i + 1}`, simclrAugmentation()[0]]),
  ...Array.from({ length: 3 }, (_, i): [string, ViewAugmentation] => [`barlow B ${i + 1}`, barlowAugmentation()[1]]),
];

await tf.setBackend('cpu');
const images = testImages();
const rng = new Rng(seed).fork('augment-preview');
const t0 = performance.now();
// Tiles in [0, 1]: [rows][cols] of Float32Array(32 * 32 * 3).
const originals = images.dataSync() as Float32Array;
const tiles: Float32Array[][] = PAINTERS.map((_, b) => [originals.slice(b * SIZE * SIZE * 3, (b + 1) * SIZE * SIZE * 3)]);
for (const [, view] of columns) {
  const data = tf.tidy(() => denormalizeImages(augmentView(images, view, rng)).dataSync() as Float32Array);
  PAINTERS.forEach((_, b) => tiles[b].push(data.slice(b * SIZE * SIZE * 3, (b + 1) * SIZE * SIZE * 3)));
}
const ms = performance.now() - t0;
images.dispose();

const tile = SIZE * SCALE;
const width = (columns.length + 1) * (tile + GAP) + GAP;
const height = PAINTERS.length * (tile + GAP) + GAP;
const sheet = new Uint8Array(width * height * 3).fill(60);
tiles.forEach((row, r) =>
  row.forEach((t, c) => {
    const ox = GAP + c * (tile + GAP);
    const oy = GAP + r * (tile + GAP);
    for (let y = 0; y < tile; y++)
      for (let x = 0; x < tile; x++) {
        const src = (Math.floor(y / SCALE) * SIZE + Math.floor(x / SCALE)) * 3;
        for (let k = 0; k < 3; k++) sheet[((oy + y) * width + ox + x) * 3 + k] = Math.round(255 * Math.min(1, Math.max(0, t[src + k])));
      }
  }),
);

mkdirSync('.tmp', { recursive: true });
writeFileSync('.tmp/augment-preview.png', encodePng(sheet, width, height));
console.log(`columns: original, ${columns.map(([name]) => name).join(', ')}`);
console.log(`wrote .tmp/augment-preview.png (${width}x${height}); ${columns.length} views of ${PAINTERS.length} images in ${ms.toFixed(0)} ms (CPU backend)`);

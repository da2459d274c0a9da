// The shape set and the module's own randomness: shapes fit their frame, are distinct up to
// rotation, mirror and scale, and the deterministic trig and PRNG behave.
import { describe, expect, it } from 'vitest';
import { detCos, detSin, mixSeed, Rng } from './prng';
import { SHAPES } from './shapes';

const GRID = 64; // samples per side of the [-1.1, 1.1]^2 window
const cellCentre = (i: number): number => ((i + 0.5) / GRID) * 2.2 - 1.1;

/** Centroid and scale that bring a shape's radius of gyration to 0.5: compare at equal size. */
function frameOf(k: number): { cx: number; cy: number; g: number } {
  const base = raster(k);
  let n = 0;
  let sx = 0;
  let sy = 0;
  let s2 = 0;
  for (let i = 0; i < base.length; i++)
    if (base[i]) {
      const x = cellCentre(i % GRID);
      const y = cellCentre(Math.floor(i / GRID));
      n++;
      sx += x;
      sy += y;
      s2 += x * x + y * y;
    }
  const cx = sx / n;
  const cy = sy / n;
  return { cx, cy, g: Math.sqrt(s2 / n - cx * cx - cy * cy) / 0.5 };
}

/** Shape k rasterised in its own frame, rotated/mirrored about `frame`'s centroid and scaled. */
function raster(k: number, angle = 0, mirror = false, frame = { cx: 0, cy: 0, g: 1 }): Uint8Array {
  const out = new Uint8Array(GRID * GRID);
  const c = Math.cos(angle);
  const s = Math.sin(angle);
  for (let j = 0; j < GRID; j++)
    for (let i = 0; i < GRID; i++) {
      const x = cellCentre(i);
      const y = cellCentre(j);
      const u = (c * x + s * y) * (mirror ? -1 : 1);
      const v = -s * x + c * y;
      out[j * GRID + i] = SHAPES[k].inside(u * frame.g + frame.cx, v * frame.g + frame.cy) ? 1 : 0;
    }
  return out;
}

function iou(a: Uint8Array, b: Uint8Array): number {
  let inter = 0;
  let union = 0;
  for (let i = 0; i < a.length; i++) {
    inter += a[i] & b[i];
    union += a[i] | b[i];
  }
  return inter / union;
}

describe('synthetic shapes', () => {
  it('fit the unit disc and fill a sensible part of it', () => {
    for (let k = 0; k < SHAPES.length; k++) {
      const m = raster(k);
      let inside = 0;
      for (let i = 0; i < m.length; i++) {
        if (!m[i]) continue;
        inside++;
        const x = cellCentre(i % GRID);
        const y = cellCentre(Math.floor(i / GRID));
        expect(x * x + y * y, SHAPES[k].name).toBeLessThanOrEqual(1);
      }
      const fractionOfDisc = (inside * (2.2 / GRID) ** 2) / Math.PI;
      expect(fractionOfDisc, SHAPES[k].name).toBeGreaterThan(0.15);
      expect(fractionOfDisc, SHAPES[k].name).toBeLessThan(0.8);
    }
  });

  it('are distinct up to rotation, mirror and scale (what augmentation and nuisance do)', () => {
    // Control: a shape against a rotated copy of itself matches, so the search below works.
    const frames = SHAPES.map((_, k) => frameOf(k));
    const star = raster(5, 0, false, frames[5]);
    expect(iou(star, raster(5, (2 * Math.PI) / 5, false, frames[5]))).toBeGreaterThan(0.95);
    const steps = 36;
    let worst = { pair: '', iou: 0 };
    for (let a = 0; a < SHAPES.length; a++) {
      const ma = raster(a, 0, false, frames[a]);
      for (let b = a + 1; b < SHAPES.length; b++)
        for (let r = 0; r < steps; r++)
          for (const mirror of [false, true]) {
            const v = iou(ma, raster(b, (r / steps) * 2 * Math.PI, mirror, frames[b]));
            if (v > worst.iou) worst = { pair: `${SHAPES[a].name}/${SHAPES[b].name}`, iou: v };
          }
    }
    console.log(`most similar pair after best rotation/mirror: ${worst.pair}, IoU ${worst.iou.toFixed(3)}`);
    expect(worst.iou).toBeLessThan(0.9);
  });
});

describe('synthetic randomness', () => {
  it('detSin/detCos match Math to 1e-7 over a wide range', () => {
    let worst = 0;
    for (let x = -50; x <= 50; x += 0.0137) {
      worst = Math.max(worst, Math.abs(detSin(x) - Math.sin(x)), Math.abs(detCos(x) - Math.cos(x)));
    }
    expect(worst).toBeLessThan(1e-7);
  });

  it('the PRNG is uniform enough and seeds are well mixed', () => {
    const rng = new Rng(123);
    const bins = new Array<number>(10).fill(0);
    for (let i = 0; i < 100_000; i++) bins[rng.int(10)]++;
    for (const b of bins) expect(Math.abs(b - 10_000)).toBeLessThan(500); // ~5 sigma
    // Neighbouring tuples give unrelated seeds, in both positions.
    const seeds = new Set<number>();
    for (let a = 0; a < 50; a++) for (let b = 0; b < 50; b++) seeds.add(mixSeed(a, b));
    expect(seeds.size).toBe(2500);
    expect(mixSeed(1, 2)).not.toBe(mixSeed(2, 1));
    expect(new Rng(mixSeed(0, 0)).u32()).not.toBe(new Rng(mixSeed(0, 1)).u32());
  });
});

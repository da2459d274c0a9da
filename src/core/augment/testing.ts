// Test support for the augmentation suite (not used by the app): a seeded RandomSource and
// float64 reference implementations written per pixel in plain JS, independently of the tensor
// code (different formulas where one exists: colorsys-style HSV, direct convolution for blur).
import type { CropBox } from './crop';
import type { RandomSource } from './random-source';

/** mulberry32: a small seeded generator, so the tests do not depend on src/core/random.ts. */
export class TestRandom implements RandomSource {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0;
  }
  next(): number {
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }
  bernoulli(p: number): boolean {
    return this.next() < p;
  }
}

/** A batch of NHWC images as plain float64 values (the float32-rounded values a tensor holds). */
export interface RefImages {
  b: number;
  h: number;
  w: number;
  c: number;
  data: Float64Array; // [b, h, w, c]
}

export function refImages(b: number, h: number, w: number, c: number, data: ArrayLike<number>): RefImages {
  return { b, h, w, c, data: Float64Array.from(data) };
}

/** Random images in [0, 1], smooth-ish plus noise so that every op has something to do. */
export function randomImageData(rng: RandomSource, b: number, h: number, w: number, c = 3): Float32Array {
  const out = new Float32Array(b * h * w * c);
  for (let i = 0; i < b; i++) {
    const phase = [rng.next(), rng.next(), rng.next()];
    for (let y = 0; y < h; y++)
      for (let x = 0; x < w; x++)
        for (let k = 0; k < c; k++) {
          const smooth = 0.5 + 0.35 * Math.sin(6.28 * (phase[k % 3] + (x * (k + 1)) / (2 * w) + y / h));
          out[((i * h + y) * w + x) * c + k] = Math.min(1, Math.max(0, smooth + 0.15 * (rng.next() - 0.5)));
        }
  }
  return out;
}

export const at = (im: RefImages, b: number, y: number, x: number, k: number): number => im.data[((b * im.h + y) * im.w + x) * im.c + k];

/** Map every pixel (all channels at once) of every image through fn(b, rgb) -> rgb. */
export function mapPixels(im: RefImages, fn: (b: number, px: number[]) => number[]): RefImages {
  const out = new Float64Array(im.data.length);
  for (let i = 0; i < im.data.length; i += im.c) {
    const b = Math.floor(i / (im.h * im.w * im.c));
    out.set(fn(b, Array.from(im.data.subarray(i, i + im.c))), i);
  }
  return { ...im, data: out };
}

/** Bilinear sample of image b at real coordinates (sy, sx), clamped to [lo, hi] per axis. */
function bilinear(im: RefImages, b: number, sy: number, sx: number, k: number, lim: [number, number, number, number]): number {
  const [y0, y1, x0, x1] = lim;
  const cy = Math.min(Math.max(sy, y0), y1);
  const cx = Math.min(Math.max(sx, x0), x1);
  const ty = Math.floor(cy);
  const tx = Math.floor(cx);
  const by = Math.min(ty + 1, y1);
  const bx = Math.min(tx + 1, x1);
  const fy = cy - ty;
  const fx = cx - tx;
  const top = at(im, b, ty, tx, k) * (1 - fx) + at(im, b, ty, bx, k) * fx;
  const bottom = at(im, b, by, tx, k) * (1 - fx) + at(im, b, by, bx, k) * fx;
  return top * (1 - fy) + bottom * fy;
}

/**
 * Crop + resize to the input size, half-pixel mapping (torchvision's), output mirrored when
 * flip. `clampTo = 'image'` is what resizedCropFlip promises; `'crop'` is torchvision's
 * crop-then-resize (samples clamped at the crop's own edges).
 */
export function refResizedCrop(im: RefImages, crops: CropBox[], flips: ArrayLike<number>, clampTo: 'image' | 'crop'): RefImages {
  const out = new Float64Array(im.data.length);
  for (let b = 0; b < im.b; b++) {
    const c = crops[b];
    const lim: [number, number, number, number] =
      clampTo === 'image' ? [0, im.h - 1, 0, im.w - 1] : [c.top, c.top + c.height - 1, c.left, c.left + c.width - 1];
    for (let y = 0; y < im.h; y++)
      for (let x = 0; x < im.w; x++) {
        const xs = flips[b] ? im.w - 1 - x : x;
        const sy = c.top - 0.5 + ((y + 0.5) * c.height) / im.h;
        const sx = c.left - 0.5 + ((xs + 0.5) * c.width) / im.w;
        for (let k = 0; k < im.c; k++) out[((b * im.h + y) * im.w + x) * im.c + k] = bilinear(im, b, sy, sx, k, lim);
      }
  }
  return { ...im, data: out };
}

export const refLuma = (p: number[]): number => 0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2];
const clamp01 = (v: number): number => Math.min(1, Math.max(0, v));

export function refBrightness(im: RefImages, f: ArrayLike<number>): RefImages {
  return mapPixels(im, (b, p) => p.map((v) => clamp01(v * f[b])));
}

export function refContrast(im: RefImages, f: ArrayLike<number>): RefImages {
  const means = new Float64Array(im.b);
  mapPixels(im, (b, p) => {
    means[b] += refLuma(p) / (im.h * im.w);
    return p;
  });
  return mapPixels(im, (b, p) => p.map((v) => clamp01(f[b] * v + (1 - f[b]) * means[b])));
}

export function refSaturation(im: RefImages, f: ArrayLike<number>): RefImages {
  return mapPixels(im, (b, p) => p.map((v) => clamp01(f[b] * v + (1 - f[b]) * refLuma(p))));
}

/** Python colorsys.rgb_to_hsv. */
export function refRgbToHsv([r, g, b]: number[]): number[] {
  const maxc = Math.max(r, g, b);
  const minc = Math.min(r, g, b);
  if (maxc === minc) return [0, 0, maxc];
  const s = (maxc - minc) / maxc;
  const rc = (maxc - r) / (maxc - minc);
  const gc = (maxc - g) / (maxc - minc);
  const bc = (maxc - b) / (maxc - minc);
  let h: number;
  if (r === maxc) h = bc - gc;
  else if (g === maxc) h = 2 + rc - bc;
  else h = 4 + gc - rc;
  return [(((h / 6) % 1) + 1) % 1, s, maxc];
}

/** Python colorsys.hsv_to_rgb. */
export function refHsvToRgb([h, s, v]: number[]): number[] {
  if (s === 0) return [v, v, v];
  let i = Math.floor(h * 6);
  const f = h * 6 - i;
  const p = v * (1 - s);
  const q = v * (1 - s * f);
  const t = v * (1 - s * (1 - f));
  i %= 6;
  return [
    [v, t, p],
    [q, v, p],
    [p, v, t],
    [p, q, v],
    [t, p, v],
    [v, p, q],
  ][i];
}

export function refHue(im: RefImages, shift: ArrayLike<number>): RefImages {
  return mapPixels(im, (b, p) => {
    const [h, s, v] = refRgbToHsv(p);
    return refHsvToRgb([(((h + shift[b]) % 1) + 1) % 1, s, v]);
  });
}

/** Direct 2-D convolution with a separable Gaussian, reflect padding (no edge repeat). */
export function refBlur(im: RefImages, sigmas: ArrayLike<number>): RefImages {
  const out = new Float64Array(im.data.length);
  const refl = (p: number, n: number): number => (p < 0 ? -p : p > n - 1 ? 2 * (n - 1) - p : p);
  for (let b = 0; b < im.b; b++) {
    const sigma = sigmas[b];
    const r = sigma > 0 ? Math.min(Math.ceil(3 * sigma), Math.min(im.h, im.w) - 1) : 0;
    const g = (t: number): number => (sigma > 0 ? Math.exp(-(t * t) / (2 * sigma * sigma)) : 1);
    let norm = 0;
    for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) norm += g(dy) * g(dx);
    for (let y = 0; y < im.h; y++)
      for (let x = 0; x < im.w; x++)
        for (let k = 0; k < im.c; k++) {
          let acc = 0;
          for (let dy = -r; dy <= r; dy++) for (let dx = -r; dx <= r; dx++) acc += g(dy) * g(dx) * at(im, b, refl(y + dy, im.h), refl(x + dx, im.w), k);
          out[((b * im.h + y) * im.w + x) * im.c + k] = acc / norm;
        }
  }
  return { ...im, data: out };
}

/** Largest absolute difference between two equally long arrays. */
export function maxAbsDiff(a: ArrayLike<number>, b: ArrayLike<number>): number {
  if (a.length !== b.length) throw new Error(`maxAbsDiff: lengths ${a.length} and ${b.length}`);
  let m = 0;
  for (let i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
  return m;
}

// Background textures: a nuisance factor drawn independently of the class. Each texture is a
// field t(x, y) in [0, 1] that blends the two background colours. All are band-limited
// (sinusoids, smooth interpolation, ramps) so they need no supersampling to avoid aliasing.
import { detCos, detSin, Rng, TAU } from './prng';
import { IMAGE_SIZE } from '../types';

export const TEXTURE_KINDS = ['flat', 'stripes', 'checker', 'noise', 'gradient'] as const;
export type TextureKind = (typeof TEXTURE_KINDS)[number];

export type TextureParams =
  | { kind: 'flat' }
  | { kind: 'stripes'; angle: number; period: number; phase: number } // period in pixels
  | { kind: 'checker'; angle: number; cell: number; phase: number } // cell side in pixels
  | { kind: 'noise'; grid: number; values: Float64Array } // (grid + 1)^2 lattice values
  | { kind: 'gradient'; angle: number; length: number }; // ramp length in pixels

export function sampleTexture(rng: Rng): TextureParams {
  const kind = TEXTURE_KINDS[rng.int(TEXTURE_KINDS.length)];
  switch (kind) {
    case 'flat':
      return { kind };
    case 'stripes':
      // A period of 3 px is the shortest that a 32x32 image shows without moire.
      return { kind, angle: rng.uniform(0, TAU), period: rng.uniform(3, 9), phase: rng.uniform(0, TAU) };
    case 'checker':
      return { kind, angle: rng.uniform(0, TAU), cell: rng.uniform(3, 7), phase: rng.uniform(0, TAU) };
    case 'noise': {
      const grid = 2 + rng.int(4); // 2..5 cells across: blobs of 6-16 px
      const values = new Float64Array((grid + 1) * (grid + 1));
      let lo = 1;
      let hi = 0;
      for (let i = 0; i < values.length; i++) {
        values[i] = rng.next();
        lo = Math.min(lo, values[i]);
        hi = Math.max(hi, values[i]);
      }
      // Stretch to [0, 1] so every noise background uses the full colour pair.
      for (let i = 0; i < values.length; i++) values[i] = hi > lo ? (values[i] - lo) / (hi - lo) : 0.5;
      return { kind, grid, values };
    }
    case 'gradient':
      return { kind, angle: rng.uniform(0, TAU), length: rng.uniform(20, 44) };
  }
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);
const smooth = (x: number): number => x * x * (3 - 2 * x);

/** Writes t(x, y) at each pixel centre into `out` ([32 * 32], row major). */
export function fillTexture(tex: TextureParams, out: Float64Array): void {
  const n = IMAGE_SIZE;
  const mid = n / 2;
  switch (tex.kind) {
    case 'flat':
      out.fill(0);
      return;
    case 'stripes': {
      const k = TAU / tex.period;
      const c = detCos(tex.angle) * k;
      const s = detSin(tex.angle) * k;
      for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) out[y * n + x] = 0.5 + 0.5 * detSin(c * (x + 0.5) + s * (y + 0.5) + tex.phase);
      return;
    }
    case 'checker': {
      const k = Math.PI / tex.cell;
      const c = detCos(tex.angle) * k;
      const s = detSin(tex.angle) * k;
      for (let y = 0; y < n; y++)
        for (let x = 0; x < n; x++) {
          const px = x + 0.5 - mid;
          const py = y + 0.5 - mid;
          const prod = detSin(c * px + s * py + tex.phase) * detSin(-s * px + c * py);
          out[y * n + x] = clamp01(0.5 + 2 * prod); // steep but continuous: soft-edged squares
        }
      return;
    }
    case 'noise': {
      const g = tex.grid;
      const v = tex.values;
      for (let y = 0; y < n; y++) {
        const fy = ((y + 0.5) / n) * g;
        const iy = Math.min(Math.floor(fy), g - 1);
        const wy = smooth(fy - iy);
        for (let x = 0; x < n; x++) {
          const fx = ((x + 0.5) / n) * g;
          const ix = Math.min(Math.floor(fx), g - 1);
          const wx = smooth(fx - ix);
          const r0 = v[iy * (g + 1) + ix] * (1 - wx) + v[iy * (g + 1) + ix + 1] * wx;
          const r1 = v[(iy + 1) * (g + 1) + ix] * (1 - wx) + v[(iy + 1) * (g + 1) + ix + 1] * wx;
          out[y * n + x] = r0 * (1 - wy) + r1 * wy;
        }
      }
      return;
    }
    case 'gradient': {
      const c = detCos(tex.angle) / tex.length;
      const s = detSin(tex.angle) / tex.length;
      for (let y = 0; y < n; y++) for (let x = 0; x < n; x++) out[y * n + x] = clamp01(0.5 + c * (x + 0.5 - mid) + s * (y + 0.5 - mid));
      return;
    }
  }
}

// Everything random about one synthetic image, drawn from its own seed. Only `label` (which
// shape) carries the class; every other field is a nuisance drawn independently of it, so any
// statistic of colour, texture, position, scale or pose is (in expectation) the same per class.
import { IMAGE_SIZE } from '../types';
import { Rng, TAU } from './prng';
import { sampleTexture, type TextureParams } from './textures';

export type Rgb = [number, number, number]; // 0..255, unrounded

export interface SyntheticParams {
  label: number; // index into SHAPES: the class
  cx: number; // shape centre in pixels ([0, 32], pixel centres at k + 0.5)
  cy: number;
  radius: number; // pixels: the unit frame of the shape is scaled by this
  angle: number; // rotation, radians
  flip: boolean; // mirror the shape before rotating
  fg: Rgb;
  bgA: Rgb; // the background texture blends bgA (t = 0) and bgB (t = 1)
  bgB: Rgb;
  texture: TextureParams;
  shading: number; // foreground brightness ramp across the shape, 0 = flat colour
  shadingAngle: number;
  occluder: { x: number; y: number; angle: number; width: number; colour: Rgb } | null; // a line
  noise: number; // std of per-pixel noise, 0..255 units
  noiseSeed: number; // uint32: rendering stays a pure function of the params
}

/** HSV (each in [0, 1]) to RGB in 0..255. */
export function hsvToRgb(h: number, s: number, v: number): Rgb {
  const h6 = (h - Math.floor(h)) * 6;
  const i = Math.floor(h6);
  const f = h6 - i;
  const p = v * (1 - s);
  const q = v * (1 - s * f);
  const t = v * (1 - s * (1 - f));
  const rgb: [number, number, number][] = [
    [v, t, p],
    [q, v, p],
    [p, v, t],
    [p, q, v],
    [t, p, v],
    [v, p, q],
  ];
  const [r, g, b] = rgb[i % 6];
  return [r * 255, g * 255, b * 255];
}

/** Rec. 601 luma in [0, 1]: what the grayscale augmentation keeps. */
export function luma(c: Rgb): number {
  return (0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2]) / 255;
}

const clamp01 = (x: number): number => (x < 0 ? 0 : x > 1 ? 1 : x);

// The shape must stay visible after random grayscale (p = 0.2 in SimCLR), so foreground and
// both background colours differ in luma, and on the same side: a shape that is lighter than
// one half of a stripe pattern and darker than the other would dissolve into it.
const MIN_LUMA_GAP = 0.2;

function sampleColours(rng: Rng): { fg: Rgb; bgA: Rgb; bgB: Rgb } {
  const h = rng.next();
  const s = rng.next();
  const v = rng.uniform(0.05, 1);
  const bgA = hsvToRgb(h, s, v);
  const dv = rng.uniform(0.12, 0.35) * (rng.chance(0.5) ? 1 : -1);
  const v2 = v + dv >= 0 && v + dv <= 1 ? v + dv : v - dv;
  const bgB = hsvToRgb(h + rng.uniform(-0.12, 0.12), clamp01(s + rng.uniform(-0.3, 0.3)), clamp01(v2));
  const la = luma(bgA);
  const lb = luma(bgB);
  for (let attempt = 0; attempt < 40; attempt++) {
    const fg = hsvToRgb(rng.next(), rng.next(), rng.uniform(0.05, 1));
    const lf = luma(fg);
    const da = lf - la;
    const db = lf - lb;
    if (da * db > 0 && Math.abs(da) >= MIN_LUMA_GAP && Math.abs(db) >= MIN_LUMA_GAP) return { fg, bgA, bgB };
  }
  // Rare (mid-grey backgrounds with a wide pair): the extreme on the roomier side always works.
  const fg: Rgb = la + lb > 1 ? [0, 0, 0] : [255, 255, 255];
  return { fg, bgA, bgB };
}

/** Draws the nuisances for one image of class `label`; the draw order is part of the format. */
export function sampleSyntheticParams(seed: number, label: number): SyntheticParams {
  const rng = new Rng(seed);
  const radius = rng.uniform(7.5, 13);
  // Up to a fifth of the shape may leave the frame, as objects in CIFAR photos do.
  const margin = 0.8 * radius;
  const cx = rng.uniform(margin, IMAGE_SIZE - margin);
  const cy = rng.uniform(margin, IMAGE_SIZE - margin);
  const angle = rng.uniform(0, TAU);
  const flip = rng.chance(0.5);
  const { fg, bgA, bgB } = sampleColours(rng);
  const texture = sampleTexture(rng);
  const shading = rng.chance(0.5) ? rng.uniform(0, 0.35) : 0;
  const shadingAngle = rng.uniform(0, TAU);
  const occluder = rng.chance(0.2)
    ? {
        x: rng.uniform(8, 24),
        y: rng.uniform(8, 24),
        angle: rng.uniform(0, TAU),
        width: rng.uniform(1, 2),
        colour: hsvToRgb(rng.next(), rng.next(), rng.next()),
      }
    : null;
  const noise = rng.chance(0.5) ? rng.uniform(2, 12) : 0;
  const noiseSeed = rng.u32();
  return { label, cx, cy, radius, angle, flip, fg, bgA, bgB, texture, shading, shadingAngle, occluder, noise, noiseSeed };
}

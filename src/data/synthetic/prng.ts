// Seeded randomness and trigonometry for the synthetic set, kept inside this module so the
// generator depends on nothing else in the project.
//
// Why our own sin/cos: ECMAScript leaves Math.sin/cos/exp/atan2 "implementation-approximated",
// so two browsers may round them differently, and one flipped bit at a shape edge changes a
// pixel. Everything the generator computes uses only + - * /, floor and comparisons (exactly
// specified by IEEE 754), so a seed gives the same bytes in Node, Chromium, Firefox and Safari.

/** Murmur3's finaliser: a bijection on uint32 that spreads every input bit. */
function fmix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Hashes a tuple of integers (each taken as uint32) into one uint32 seed. */
export function mixSeed(...parts: number[]): number {
  let h = 0x2545f491;
  for (const p of parts) h = fmix32((h ^ fmix32(p >>> 0)) + 0x9e3779b9);
  return h;
}

/** A small seeded generator. mulberry32: 32 bits of state, passes the usual quick tests. */
export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** Next uint32. */
  u32(): number {
    this.state = (this.state + 0x6d2b79f5) | 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return (t ^ (t >>> 14)) >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    return this.u32() / 4294967296;
  }

  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /** Uniform integer in [0, n). */
  int(n: number): number {
    return Math.floor(this.next() * n);
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

export const TAU = 6.283185307179586;
const HALF_PI = 1.5707963267948966;
const PI = 3.141592653589793;

/** sin(x) from a Taylor polynomial after range reduction; |error| < 1e-7 on any input. */
export function detSin(x: number): number {
  // Reduce to [-pi, pi], then fold to [-pi/2, pi/2] where the series converges fast.
  let r = x - TAU * Math.floor(x / TAU + 0.5);
  if (r > HALF_PI) r = PI - r;
  else if (r < -HALF_PI) r = -PI - r;
  const r2 = r * r;
  // Horner form of r - r^3/3! + r^5/5! - ... - r^11/11!; the first dropped term is < 6e-8.
  return r * (1 + r2 * (-1 / 6 + r2 * (1 / 120 + r2 * (-1 / 5040 + r2 * (1 / 362880 + r2 * (-1 / 39916800))))));
}

export function detCos(x: number): number {
  return detSin(x + HALF_PI);
}

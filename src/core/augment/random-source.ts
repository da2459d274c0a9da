// The randomness the augmentations need, as a structural interface: the project's seeded `Rng`
// (src/core/random.ts) satisfies it, and so does any other generator with these three methods.
// Every draw happens on the CPU (a few numbers per image); only the results travel to the device.

export interface RandomSource {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform in [lo, hi). */
  uniform(lo: number, hi: number): number;
  /** True with probability p (p = 0 never, p = 1 always). */
  bernoulli(p: number): boolean;
}

/** Uniform integer in [0, n): torch.randint(0, n) for the crop position. */
export function randomInt(rng: RandomSource, n: number): number {
  return Math.min(n - 1, Math.floor(rng.next() * n));
}

/** One Bernoulli draw per image, as a 0/1 mask (uploaded as a [B] tensor). */
export function sampleMask(rng: RandomSource, count: number, p: number): Uint8Array {
  const mask = new Uint8Array(count);
  for (let i = 0; i < count; i++) mask[i] = rng.bernoulli(p) ? 1 : 0;
  return mask;
}

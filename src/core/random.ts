// Seeded randomness for everything a run draws on the CPU: shuffling, augmentation parameters,
// initialisation seeds. The whole state is four uint32 words, so a checkpoint can store it and
// a resumed run continues the exact same stream (Math.random could not be resumed).
//
// Generator: sfc32 (Chris Doty-Humphrey's Small Fast Chaotic PRNG, PractRand-clean to 2^40+ bytes).
// Its fourth word is a counter, so no state is degenerate (xoshiro must avoid all-zero) and
// fromState() can accept any four words. Not cryptographic.

const TWO_POW_32 = 4294967296;

/** murmur3's 32-bit finaliser: a bijection with full avalanche. */
function fmix32(x: number): number {
  let h = x | 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h | 0;
}

/** FNV-1a over UTF-16 code units, finalised (FNV alone mixes its last characters poorly). */
function hashString(s: string): number {
  let h = 2166136261 | 0;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 16777619);
  return fmix32(h);
}

/** Words derived from 64 bits of seed by a splitmix-style sequence (distinct seeds → unrelated states). */
function seedWords(lo: number, hi: number): number[] {
  let x = (lo ^ fmix32(hi ^ 0x5bd1e995)) | 0;
  const words: number[] = [];
  for (let i = 0; i < 4; i++) {
    x = (x + 0x9e3779b9) | 0;
    words.push(fmix32(x));
  }
  return words;
}

export class Rng {
  // sfc32 words kept as int32 (what the bit operations produce); exported as uint32.
  private a = 0;
  private b = 0;
  private c = 0;
  private d = 0;

  /** `seed`: any safe integer (negative allowed); all 53 bits matter. */
  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new Error(`Rng: seed must be a safe integer, got ${seed}`);
    const hi = Math.floor(seed / TWO_POW_32);
    const lo = seed - hi * TWO_POW_32;
    this.setWords(seedWords(lo | 0, hi | 0));
    this.burnIn();
  }

  /** Resumes a stream exactly where `state()` captured it. */
  static fromState(state: readonly number[]): Rng {
    if (!Array.isArray(state) || state.length !== 4) {
      throw new Error(`Rng.fromState: expected 4 uint32 words, got ${JSON.stringify(state)}`);
    }
    for (const w of state) {
      if (!Number.isInteger(w) || w < 0 || w >= TWO_POW_32) {
        throw new Error(`Rng.fromState: word ${w} is not a uint32 (state ${JSON.stringify(state)})`);
      }
    }
    const rng = new Rng(0);
    rng.setWords(state);
    return rng;
  }

  /** Four uint32 words; plain JSON. */
  state(): number[] {
    return [this.a >>> 0, this.b >>> 0, this.c >>> 0, this.d >>> 0];
  }

  nextUint32(): number {
    const t = (((this.a + this.b) | 0) + this.d) | 0;
    this.d = (this.d + 1) | 0;
    this.a = this.b ^ (this.b >>> 9);
    this.b = (this.c + (this.c << 3)) | 0;
    this.c = (this.c << 21) | (this.c >>> 11);
    this.c = (this.c + t) | 0;
    return t >>> 0;
  }

  /** Uniform on [0, 1) with 32-bit resolution (one draw). */
  next(): number {
    return this.nextUint32() / TWO_POW_32;
  }

  /** Uniform on [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.next();
  }

  /**
   * Gaussian by Box–Muller. The second value of the pair is dropped on purpose: caching it
   * would be hidden state that `state()` would then have to carry.
   */
  normal(mean = 0, std = 1): number {
    const u1 = 1 - this.next(); // (0, 1]: log(0) is impossible
    const u2 = this.next();
    return mean + std * Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }

  /** Uniform integer in [0, n), unbiased (rejection of the top partial range). */
  int(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n > TWO_POW_32) {
      throw new Error(`Rng.int: n must be an integer in [1, 2^32], got ${n}`);
    }
    const limit = TWO_POW_32 - (TWO_POW_32 % n); // multiples of n below 2^32
    let x = this.nextUint32();
    while (x >= limit) x = this.nextUint32();
    return x % n;
  }

  /** True with probability p. */
  bernoulli(p: number): boolean {
    return this.next() < p;
  }

  /** Fisher–Yates, in place; returns the same array. */
  shuffle<A extends { length: number; [index: number]: unknown }>(arr: A): A {
    for (let i = arr.length - 1; i > 0; i--) {
      const j = this.int(i + 1);
      const tmp = arr[i];
      arr[i] = arr[j];
      arr[j] = tmp;
    }
    return arr;
  }

  /** A uniformly random ordering of 0..n-1. */
  permutation(n: number): Int32Array {
    const out = new Int32Array(n);
    for (let i = 0; i < n; i++) out[i] = i;
    return this.shuffle(out);
  }

  /**
   * An independent stream named `label`, derived from this stream's current state. The parent
   * does not advance, so adding a fork somewhere never shifts the parent's draws; the same label
   * from the same state always gives the same stream.
   */
  fork(label: string): Rng {
    const parent = this.state();
    const lh = hashString(label);
    const words: number[] = [];
    for (let lane = 0; lane < 4; lane++) {
      // Every child word depends on all four parent words and on the label.
      let h = fmix32((lh + Math.imul(lane + 1, 0x9e3779b9)) | 0);
      for (const w of parent) h = fmix32((h ^ w) + 0x7f4a7c15);
      words.push(h >>> 0);
    }
    const child = Rng.fromState(words);
    child.burnIn();
    return child;
  }

  private setWords(words: readonly number[]): void {
    this.a = words[0] | 0;
    this.b = words[1] | 0;
    this.c = words[2] | 0;
    this.d = words[3] | 0;
  }

  /** sfc32's recommended warm-up: lets nearby seeds diverge before the first output. */
  private burnIn(): void {
    for (let i = 0; i < 12; i++) this.nextUint32();
  }
}

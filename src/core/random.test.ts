import { describe, expect, it } from 'vitest';
import { Rng } from './random';

function draws(rng: Rng, n: number): number[] {
  return Array.from({ length: n }, () => rng.nextUint32());
}

function meanVar(xs: number[]): { mean: number; variance: number } {
  const mean = xs.reduce((s, x) => s + x, 0) / xs.length;
  const variance = xs.reduce((s, x) => s + (x - mean) ** 2, 0) / xs.length;
  return { mean, variance };
}

function correlation(xs: number[], ys: number[]): number {
  const mx = meanVar(xs);
  const my = meanVar(ys);
  let cov = 0;
  for (let i = 0; i < xs.length; i++) cov += (xs[i] - mx.mean) * (ys[i] - my.mean);
  return cov / xs.length / Math.sqrt(mx.variance * my.variance);
}

describe('Rng', () => {
  it('is deterministic per seed, and distinct seeds give distinct streams', () => {
    expect(draws(new Rng(42), 1000)).toEqual(draws(new Rng(42), 1000));
    expect(draws(new Rng(42), 10)).not.toEqual(draws(new Rng(43), 10));
    // High bits and sign of the seed matter too.
    expect(draws(new Rng(2 ** 40), 10)).not.toEqual(draws(new Rng(0), 10));
    expect(draws(new Rng(-1), 10)).not.toEqual(draws(new Rng(2 ** 32 - 1), 10));
    expect(() => new Rng(0.5)).toThrow(/safe integer/);
  });

  it('resumes exactly from a saved state (through JSON, as a checkpoint would)', () => {
    const rng = new Rng(7);
    draws(rng, 500);
    rng.normal();
    rng.shuffle([1, 2, 3]);
    const saved = JSON.parse(JSON.stringify(rng.state())) as number[];
    const tail = [...draws(rng, 300), rng.normal(), rng.int(17), ...rng.permutation(20)];
    const resumed = Rng.fromState(saved);
    expect([...draws(resumed, 300), resumed.normal(), resumed.int(17), ...resumed.permutation(20)]).toEqual(tail);
    expect(saved.every((w) => Number.isInteger(w) && w >= 0 && w < 2 ** 32)).toBe(true);
  });

  it('rejects malformed states', () => {
    expect(() => Rng.fromState([1, 2, 3])).toThrow(/4 uint32/);
    expect(() => Rng.fromState([1, 2, 3, -1])).toThrow(/uint32/);
    expect(() => Rng.fromState([1, 2, 3, 2 ** 32])).toThrow(/uint32/);
    expect(() => Rng.fromState([1, 2, 3, 0.5])).toThrow(/uint32/);
    // Any four words are valid for sfc32, all-zero included (the counter word escapes it).
    const zero = Rng.fromState([0, 0, 0, 0]);
    expect(new Set(draws(zero, 100)).size).toBeGreaterThan(95);
  });

  it('next() is uniform on [0, 1): mean, variance, histogram of 1e5 draws', () => {
    const rng = new Rng(1);
    const xs = Array.from({ length: 100_000 }, () => rng.next());
    expect(Math.min(...xs)).toBeGreaterThanOrEqual(0);
    expect(Math.max(...xs)).toBeLessThan(1);
    const { mean, variance } = meanVar(xs);
    // Standard errors: mean 9e-4, variance 2.4e-4; bounds are ~5 sigma.
    expect(Math.abs(mean - 0.5)).toBeLessThan(0.005);
    expect(Math.abs(variance - 1 / 12)).toBeLessThan(0.0015);
    const bins = new Array<number>(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]++;
    const chi2 = bins.reduce((s, b) => s + (b - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(40); // 9 dof: p < 1e-5 above 40
  });

  it('int(n) is unbiased and in range', () => {
    const rng = new Rng(2);
    const n = 7;
    const counts = new Array<number>(n).fill(0);
    for (let i = 0; i < 70_000; i++) counts[rng.int(n)]++;
    const chi2 = counts.reduce((s, c) => s + (c - 10_000) ** 2 / 10_000, 0);
    expect(chi2).toBeLessThan(35); // 6 dof
    expect(rng.int(1)).toBe(0);
    const big = rng.int(2 ** 32);
    expect(Number.isInteger(big) && big >= 0 && big < 2 ** 32).toBe(true);
    expect(() => rng.int(0)).toThrow(/integer/);
    expect(() => rng.int(2.5)).toThrow(/integer/);
  });

  it('normal, uniform and bernoulli have the right moments', () => {
    const rng = new Rng(3);
    const zs = Array.from({ length: 100_000 }, () => rng.normal(2, 3));
    const z = meanVar(zs);
    expect(Math.abs(z.mean - 2)).toBeLessThan(0.05); // se 0.0095
    expect(Math.abs(z.variance - 9)).toBeLessThan(0.25); // se 0.04
    const us = Array.from({ length: 10_000 }, () => rng.uniform(-3, 5));
    expect(Math.min(...us)).toBeGreaterThanOrEqual(-3);
    expect(Math.max(...us)).toBeLessThan(5);
    let hits = 0;
    for (let i = 0; i < 100_000; i++) if (rng.bernoulli(0.3)) hits++;
    expect(Math.abs(hits / 100_000 - 0.3)).toBeLessThan(0.01); // se 0.0014
    expect(rng.bernoulli(0)).toBe(false);
    expect(rng.bernoulli(1)).toBe(true);
  });

  it('permutation is a permutation; shuffle keeps elements and works on Int32Array', () => {
    const rng = new Rng(4);
    const perm = rng.permutation(1000);
    expect(perm).toBeInstanceOf(Int32Array);
    expect([...perm].sort((a, b) => a - b)).toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect([...perm]).not.toEqual(Array.from({ length: 1000 }, (_, i) => i));
    expect(rng.permutation(0).length).toBe(0);
    const words = ['a', 'b', 'c', 'd', 'e'];
    const same = rng.shuffle(words);
    expect(same).toBe(words);
    expect([...words].sort()).toEqual(['a', 'b', 'c', 'd', 'e']);
    const typed = Int32Array.from([5, 6, 7, 8]);
    rng.shuffle(typed);
    expect([...typed].sort()).toEqual([5, 6, 7, 8]);
    // Every position receives every value about equally often (catches off-by-one swaps).
    const firstCounts = new Array<number>(4).fill(0);
    for (let i = 0; i < 40_000; i++) firstCounts[rng.permutation(4)[0]]++;
    for (const c of firstCounts) expect(Math.abs(c - 10_000)).toBeLessThan(500);
  });

  it('fork: deterministic by label, independent of the parent and of other labels', () => {
    const parent = new Rng(5);
    draws(parent, 10);
    const before = parent.state();
    const a1 = parent.fork('augment');
    const a2 = parent.fork('augment');
    const b = parent.fork('shuffle');
    expect(parent.state()).toEqual(before); // forking does not advance the parent
    expect(draws(a1, 100)).toEqual(draws(a2, 100));
    const n = 100_000;
    const xa = Array.from({ length: n }, () => a1.next());
    const xb = Array.from({ length: n }, () => b.next());
    const xp = Array.from({ length: n }, () => parent.next());
    // Correlation of independent streams has se 1/sqrt(n) = 0.003.
    expect(Math.abs(correlation(xa, xb))).toBeLessThan(0.02);
    expect(Math.abs(correlation(xa, xp))).toBeLessThan(0.02);
    expect(Math.abs(meanVar(xa).mean - 0.5)).toBeLessThan(0.005);
    // A fork of a fork, and forks from a different parent state, are different streams again.
    const fresh = new Rng(5).fork('augment');
    expect(draws(fresh, 5)).not.toEqual(draws(new Rng(5), 5));
    expect(draws(new Rng(6).fork('augment'), 5)).not.toEqual(draws(new Rng(5).fork('augment'), 5));
    expect(draws(fresh.fork('augment'), 5)).not.toEqual(draws(new Rng(5).fork('augment'), 5));
  });
});

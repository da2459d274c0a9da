// Statistics for comparing variants over seeds: the mean, a t-based 95% confidence interval,
// min-max, differences paired by seed, and mean curves with a band. Pure numbers in float64
// (no TF.js): the lab's tables, charts and the headless study share this one module.
//
// The Student t quantile is computed (regularised incomplete beta by Lentz's continued
// fraction, inverted by bisection), not read from a table that stops at some n. A 95%
// interval needs n >= 2; for n = 1 there is none and the result says so. Identical values
// give a zero-width interval exactly (their mean is the value itself, not a rounded sum).

/** Lanczos approximation of log Γ(x), x > 0 (g = 7, 9 terms; ~1e-15 relative). */
export function logGamma(x: number): number {
  const c = [
    0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
    9.9843695780195716e-6, 1.5056327351493116e-7,
  ];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x); // reflection
  const z = x - 1;
  let sum = c[0];
  for (let i = 1; i < 9; i++) sum += c[i] / (z + i);
  const t = z + 7.5;
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** Continued fraction of the incomplete beta (modified Lentz), valid for x < (a+1)/(a+b+2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 10_000; m++) {
    const m2 = 2 * m;
    // Even step.
    let num = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    // Odd step.
    num = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + num * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + num / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-16) return h;
  }
  return h; // converged to float64 precision long before this for the arguments used here
}

/** Regularised incomplete beta I_x(a, b), 0 <= x <= 1, a, b > 0. */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (!(x >= 0 && x <= 1) || !(a > 0) || !(b > 0)) return NaN;
  if (x === 0 || x === 1) return x;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // The fraction converges fast on one side of the mean; use the symmetry I_x(a,b) = 1 - I_{1-x}(b,a).
  return x < (a + 1) / (a + b + 2) ? (front * betaContinuedFraction(x, a, b)) / a : 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** P(T <= t) for Student's t with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  if (!(df > 0) || Number.isNaN(t)) return NaN;
  if (!Number.isFinite(t)) return t > 0 ? 1 : 0;
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5); // P(T > |t|)
  return t >= 0 ? 1 - tail : tail;
}

const quantiles = new Map<string, number>(); // tables recompute the same few (p, df) on every render

/** The p-quantile of Student's t with `df` degrees of freedom (0 < p < 1). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  const key = `${p}/${df}`;
  let t = quantiles.get(key);
  if (t === undefined) {
    t = solveQuantile(p, df);
    if (quantiles.size < 10_000) quantiles.set(key, t);
  }
  return t;
}

function solveQuantile(p: number, df: number): number {
  // Bracket, then bisect to float64 resolution: robust for every df, and cheap (about a
  // hundred incomplete-beta evaluations, once per (p, df)).
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) {
    lo = hi;
    hi *= 2;
    if (hi > 1e300) return Infinity;
  }
  for (let i = 0; i < 2000 && hi - lo > 1e-15 * Math.max(1, hi); i++) {
    const mid = 0.5 * (lo + hi);
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

const finite = (values: readonly number[]) => values.filter((v) => Number.isFinite(v));

export function mean(values: readonly number[]): number {
  const xs = finite(values);
  if (!xs.length) return NaN;
  if (xs.every((v) => v === xs[0])) return xs[0]; // exact for identical values (a sum would round)
  return xs.reduce((s, v) => s + v, 0) / xs.length;
}

/** Unbiased sample standard deviation (n - 1 in the denominator); NaN for n < 2. */
export function sampleStd(values: readonly number[]): number {
  const xs = finite(values);
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  return Math.sqrt(xs.reduce((s, v) => s + (v - m) ** 2, 0) / (xs.length - 1));
}

/** A mean with its interval. `ci95` is absent when it cannot be computed (then `note` says why). */
export interface MeanInterval {
  mean: number;
  n: number; // finite values used
  ci95?: [number, number]; // mean ± t(0.975, n-1) · s / √n
  note?: string;
}

export const NO_INTERVAL_NOTE = 'n = 1: no interval';

/** Mean and t-based confidence interval (95% by default) of the finite values. */
export function meanInterval(values: readonly number[], level = 0.95): MeanInterval {
  const xs = finite(values);
  const n = xs.length;
  if (n === 0) return { mean: NaN, n: 0, note: 'no values' };
  const m = mean(xs);
  if (n === 1) return { mean: m, n, note: NO_INTERVAL_NOTE };
  if (xs.every((v) => v === xs[0])) return { mean: m, n, ci95: [m, m] };
  const half = studentTQuantile(0.5 + level / 2, n - 1) * (sampleStd(xs) / Math.sqrt(n));
  return { mean: m, n, ci95: [m - half, m + half] };
}

/** Smallest and largest finite value (undefined when there is none). */
export function minMax(values: readonly number[]): [number, number] | undefined {
  const xs = finite(values);
  if (!xs.length) return undefined;
  return [Math.min(...xs), Math.max(...xs)];
}

/** A value per seed. */
export type BySeed = ReadonlyMap<number, number>;

export interface PairedDifference extends MeanInterval {
  seeds: number[]; // the seeds present (with a finite value) in both
}

/**
 * Mean of (variant − baseline) over the seeds both have, with its t interval: pairing by
 * seed removes the spread that the seed alone puts into both runs (same data order, same
 * initialisation stream), which an unpaired comparison would count as noise.
 */
export function pairedDifference(variant: BySeed, baseline: BySeed, level = 0.95): PairedDifference {
  const seeds = [...variant.keys()].filter((s) => baseline.has(s) && Number.isFinite(variant.get(s)) && Number.isFinite(baseline.get(s))).sort((a, b) => a - b);
  const diffs = seeds.map((s) => variant.get(s)! - baseline.get(s)!);
  return { ...meanInterval(diffs, level), seeds };
}

export type BandKind = 'ci95' | 'minmax';

/** One x of a mean curve: the mean over the runs that have a value there, and the band. */
export interface CurvePoint {
  x: number;
  mean: number;
  n: number;
  band?: [number, number]; // absent where it cannot be formed (a 95% CI with n = 1)
}

/**
 * Mean curve of several runs' series, aligned on x (runs of one variant log at the same
 * steps). Non-finite values are left out of that x's statistics.
 */
export function meanCurve(series: readonly (readonly { x: number; y: number }[])[], band: BandKind): CurvePoint[] {
  const byX = new Map<number, number[]>();
  for (const points of series) {
    for (const p of points) {
      if (!Number.isFinite(p.y)) continue;
      let ys = byX.get(p.x);
      if (!ys) byX.set(p.x, (ys = []));
      ys.push(p.y);
    }
  }
  return [...byX.entries()]
    .sort((a, b) => a[0] - b[0])
    .map(([x, ys]) => {
      const summary = meanInterval(ys);
      const range = band === 'ci95' ? summary.ci95 : ys.length >= 2 ? minMax(ys) : undefined;
      return range ? { x, mean: summary.mean, n: ys.length, band: range } : { x, mean: summary.mean, n: ys.length };
    });
}

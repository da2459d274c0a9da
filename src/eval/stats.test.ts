// The statistics against values computed independently: closed forms of the t distribution
// (df = 1: Cauchy, df = 2 and 4: algebraic), and SciPy 1.17 (scipy.stats.t.ppf / .cdf /
// .interval with stats.sem, printed to full float64 precision on the development machine;
// the script is in the comment of each block), and small cases done by hand.
import { describe, expect, it } from 'vitest';
import { NO_INTERVAL_NOTE, logGamma, mean, meanCurve, meanInterval, minMax, pairedDifference, sampleStd, studentTCdf, studentTQuantile } from './stats';

describe('Student t', () => {
  it('matches the closed forms for df = 1, 2 and 4', () => {
    for (const p of [0.6, 0.9, 0.975, 0.995]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 9); // Cauchy
      const a = 4 * p * (1 - p);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) * Math.sqrt(2 / a), 11);
      // df = 4: t = sign · 2 √(q^{-1/2} cos(θ/3) − 1), q = 4p(1−p), θ = arccos(√q).
      const q = 4 * p * (1 - p);
      const t4 = 2 * Math.sqrt(Math.cos(Math.acos(Math.sqrt(q)) / 3) / Math.sqrt(q) - 1);
      expect(studentTQuantile(p, 4)).toBeCloseTo(t4, 11);
    }
  });

  it('matches SciPy at 97.5% for small, medium and large df (no table that stops)', () => {
    // python3 -c "from scipy import stats; print([stats.t.ppf(0.975, df) for df in ...])"
    const scipy: [number, number][] = [
      [1, 12.706204736174694],
      [2, 4.302652729749462],
      [3, 3.1824463052837078],
      [4, 2.7764451051977934],
      [5, 2.5705818356363146],
      [9, 2.262157162798205],
      [10, 2.228138851986274],
      [29, 2.045229642132703],
      [30, 2.0422724563012378],
      [100, 1.9839715185235518],
      [1000, 1.9623390808264083],
      [100000, 1.9599877075346095],
    ];
    for (const [df, t] of scipy) expect(Math.abs(studentTQuantile(0.975, df) - t) / t).toBeLessThan(1e-10);
  });

  it('matches SciPy at other levels, and is odd around 0.5', () => {
    const scipy: [number, number, number][] = [
      [1, 0.995, 63.656741162871526],
      [3, 0.9, 1.637744353696209],
      [7, 0.6, 0.2631668613520229],
      [50, 0.999, 3.261409055798318],
    ];
    for (const [df, p, t] of scipy) {
      expect(Math.abs(studentTQuantile(p, df) - t) / t).toBeLessThan(1e-9);
      expect(studentTQuantile(1 - p, df)).toBeCloseTo(-studentTQuantile(p, df), 12);
    }
    expect(studentTQuantile(0.5, 3)).toBe(0);
    expect(studentTQuantile(0, 3)).toBeNaN();
    expect(studentTQuantile(0.9, 0)).toBeNaN();
  });

  it('has the CDF SciPy gives', () => {
    const scipy: [number, number, number][] = [
      [0.5, 1, 0.6475836176504333],
      [2.0, 3, 0.9303370157205785],
      [-1.3, 8, 0.11490181245926265],
      [4.0, 25, 0.999752278164734],
    ];
    for (const [t, df, p] of scipy) expect(studentTCdf(t, df)).toBeCloseTo(p, 13);
  });

  it('computes log Γ at known points', () => {
    expect(logGamma(1)).toBeCloseTo(0, 13);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 13);
    expect(logGamma(10)).toBeCloseTo(Math.log(362880), 12);
  });
});

describe('mean and 95% interval', () => {
  it('matches SciPy (t.interval with the standard error) on three and seven values', () => {
    // x = [0.189, 0.198, 0.205]; stats.t.interval(0.95, 2, loc=x.mean(), scale=stats.sem(x))
    const three = meanInterval([0.189, 0.198, 0.205]);
    expect(three.n).toBe(3);
    expect(three.mean).toBeCloseTo(0.19733333333333333, 15);
    expect(three.ci95![0]).toBeCloseTo(0.17740854598196745, 12);
    expect(three.ci95![1]).toBeCloseTo(0.2172581206846992, 12);
    const seven = meanInterval([2.5, 3.1, 2.9, 3.6, 2.2, 3.0, 2.8]);
    expect(seven.mean).toBeCloseTo(2.8714285714285714, 14);
    expect(seven.ci95![0]).toBeCloseTo(2.458810924643895, 11);
    expect(seven.ci95![1]).toBeCloseTo(3.284046218213248, 11);
  });

  it('by hand for two values: mean ± 12.706 · |a − b| / 2', () => {
    // s = |a − b| / √2, s / √2 = |a − b| / 2, t(0.975, 1) = tan(0.475 π).
    const r = meanInterval([1, 3]);
    const half = Math.tan(0.475 * Math.PI) * 1;
    expect(r.mean).toBe(2);
    expect(r.ci95![0]).toBeCloseTo(2 - half, 10);
    expect(r.ci95![1]).toBeCloseTo(2 + half, 10);
    expect(sampleStd([1, 3])).toBeCloseTo(Math.SQRT2, 14);
  });

  it('gives no interval for n = 1, and says so', () => {
    const r = meanInterval([0.42]);
    expect(r).toEqual({ mean: 0.42, n: 1, note: NO_INTERVAL_NOTE });
    expect(r.ci95).toBeUndefined();
  });

  it('gives a zero-width interval for identical values, exactly', () => {
    // 0.1 · 3 / 3 is 0.10000000000000002 in float64: the mean of identical values must not drift.
    const r = meanInterval([0.1, 0.1, 0.1]);
    expect(r.mean).toBe(0.1);
    expect(r.ci95).toEqual([0.1, 0.1]);
  });

  it('leaves non-finite values out (a diverged run has no value)', () => {
    expect(meanInterval([1, NaN, 3]).n).toBe(2);
    expect(meanInterval([]).n).toBe(0);
    expect(mean([NaN])).toBeNaN();
    expect(minMax([3, NaN, -1, 2])).toEqual([-1, 3]);
    expect(minMax([])).toBeUndefined();
  });
});

describe('paired differences by seed', () => {
  it('matches SciPy on three pairs, and pairs by seed, not by position', () => {
    // v = [0.208, 0.215, 0.199], b = [0.189, 0.198, 0.205]; d = v − b;
    // stats.t.interval(0.95, 2, loc=d.mean(), scale=stats.sem(d)) = (-0.02451…, 0.04451…)
    const variant = new Map([
      [2, 0.199],
      [0, 0.208],
      [1, 0.215],
    ]);
    const baseline = new Map([
      [0, 0.189],
      [1, 0.198],
      [2, 0.205],
      [7, 0.5], // no partner: left out
    ]);
    const d = pairedDifference(variant, baseline);
    expect(d.seeds).toEqual([0, 1, 2]);
    expect(d.n).toBe(3);
    expect(d.mean).toBeCloseTo(0.01, 14);
    expect(d.ci95![0]).toBeCloseTo(-0.024510744022571418, 12);
    expect(d.ci95![1]).toBeCloseTo(0.04451074402257142, 12);
  });

  it('a constant shift has a zero-width interval; one pair has none', () => {
    const d = pairedDifference(
      new Map([
        [0, 3],
        [1, 5],
      ]),
      new Map([
        [0, 1],
        [1, 3],
      ]),
    );
    expect(d.mean).toBe(2);
    expect(d.ci95).toEqual([2, 2]);
    const one = pairedDifference(new Map([[0, 3]]), new Map([[0, 1]]));
    expect(one.ci95).toBeUndefined();
    expect(one.note).toBe(NO_INTERVAL_NOTE);
  });
});

describe('mean curves', () => {
  it('aligns runs on x, averages, and forms the band where it can', () => {
    const a = [
      { x: 2, y: 1 },
      { x: 4, y: 3 },
      { x: 6, y: 5 },
    ];
    const b = [
      { x: 2, y: 3 },
      { x: 4, y: NaN },
    ];
    const minmax = meanCurve([a, b], 'minmax');
    expect(minmax).toEqual([
      { x: 2, mean: 2, n: 2, band: [1, 3] },
      { x: 4, mean: 3, n: 1 },
      { x: 6, mean: 5, n: 1 },
    ]);
    const ci = meanCurve([a, b], 'ci95');
    expect(ci[0].band![0]).toBeCloseTo(2 - Math.tan(0.475 * Math.PI), 10);
    expect(ci[1].band).toBeUndefined();
  });
});

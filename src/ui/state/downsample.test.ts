import { describe, expect, it } from 'vitest';
import { downsampleMinMax } from './downsample';

describe('min/max downsampling', () => {
  const series = Array.from({ length: 10_000 }, (_, i) => ({ x: i, y: Math.sin(i / 50) }));

  it('returns short series untouched', () => {
    const short = series.slice(0, 100);
    expect(downsampleMinMax(short, (p) => p.y, 200)).toBe(short);
  });

  it('stays within the limit, in order, with the first and last points', () => {
    const out = downsampleMinMax(series, (p) => p.y, 500);
    expect(out.length).toBeLessThanOrEqual(500);
    expect(out.length).toBeGreaterThan(400);
    expect(out[0]).toBe(series[0]);
    expect(out[out.length - 1]).toBe(series[series.length - 1]);
    for (let i = 1; i < out.length; i++) expect(out[i].x).toBeGreaterThan(out[i - 1].x);
  });

  it('keeps a single spike (a divergence must stay visible)', () => {
    const spiky = series.map((p) => ({ ...p, y: p.x === 6789 ? 1e6 : 0 }));
    expect(downsampleMinMax(spiky, (p) => p.y, 300).some((p) => p.x === 6789)).toBe(true);
  });
});

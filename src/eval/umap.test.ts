import { describe, expect, it } from 'vitest';
import { umap2d } from './umap';

/** Three well-separated directions in 16-D, 20 noisy points each. */
function clusters(): { x: Float32Array; labels: number[] } {
  let s = 7;
  const rnd = () => (s = (s * 16807) % 2147483647) / 2147483647 - 0.5;
  const n = 60;
  const d = 16;
  const x = new Float32Array(n * d);
  const labels: number[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    labels.push(c);
    for (let j = 0; j < d; j++) x[i * d + j] = (j % 3 === c ? 3 : 0) + 0.3 * rnd();
  }
  return { x, labels };
}

describe('umap2d', () => {
  it('keeps well-separated clusters apart: each point is nearest to its own class', () => {
    const { x, labels } = clusters();
    const y = umap2d(x, labels.length, 16);
    expect(y).toHaveLength(labels.length);
    let correct = 0;
    for (let i = 0; i < y.length; i++) {
      let best = -1;
      let bestDist = Infinity;
      for (let j = 0; j < y.length; j++) {
        if (j === i) continue;
        const dist = (y[i][0] - y[j][0]) ** 2 + (y[i][1] - y[j][1]) ** 2;
        if (dist < bestDist) {
          bestDist = dist;
          best = j;
        }
      }
      if (labels[best] === labels[i]) correct++;
    }
    expect(correct / y.length).toBeGreaterThan(0.95);
  });

  it('is deterministic for a seed and finite, even with an all-zero row', () => {
    const { x } = clusters();
    x.fill(0, 0, 16);
    const a = umap2d(x, 60, 16, { seed: 3 });
    const b = umap2d(x, 60, 16, { seed: 3 });
    expect(a).toEqual(b);
    for (const [p, q] of a) expect(Number.isFinite(p) && Number.isFinite(q)).toBe(true);
  });

  it('refuses too few points with the reason', () => {
    expect(() => umap2d(new Float32Array(4 * 2), 4, 2)).toThrow(/at least 8 points/);
  });
});

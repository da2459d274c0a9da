import { describe, expect, it } from 'vitest';
import { mergeByStep, truncateAfter } from './history';

const pts = (...steps: number[]) => steps.map((step) => ({ step, v: step }));

describe('run history merge', () => {
  it('appends a delta after the last point without copying per point', () => {
    expect(mergeByStep(pts(1, 2), pts(3, 4)).map((p) => p.step)).toEqual([1, 2, 3, 4]);
  });

  it('interleaves, and the newer list wins on equal steps', () => {
    const merged = mergeByStep(pts(1, 3, 5), [
      { step: 3, v: 30 },
      { step: 4, v: 40 },
    ]);
    expect(merged).toEqual([
      { step: 1, v: 1 },
      { step: 3, v: 30 },
      { step: 4, v: 40 },
      { step: 5, v: 5 },
    ]);
  });

  it('returns an input unchanged when the other is empty', () => {
    const a = pts(1);
    expect(mergeByStep(a, [])).toBe(a);
    expect(mergeByStep([], a)).toBe(a);
  });

  it('drops what was logged after a resume point', () => {
    const h = { metrics: [1, 2, 3, 4].map((step) => ({ step })), evaluations: [{ step: 2 }, { step: 4 }], loaded: true } as unknown as Parameters<
      typeof truncateAfter
    >[0];
    const cut = truncateAfter(h, 2);
    expect(cut.metrics.map((p) => p.step)).toEqual([1, 2]);
    expect(cut.evaluations.map((p) => p.step)).toEqual([2]);
    expect(truncateAfter(h, 9)).toBe(h);
  });
});

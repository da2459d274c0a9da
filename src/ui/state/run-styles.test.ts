import { describe, expect, it } from 'vitest';
import { assignStyles, markerPath, styleFor } from './run-styles';

describe('run styles', () => {
  it('the first 30 runs differ in colour or dash, and neighbours in all three cues', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 30; i++) {
      const s = styleFor(i);
      seen.add(`${s.color}|${s.dash}`);
      const next = styleFor(i + 1);
      expect(next.color).not.toBe(s.color);
      expect(next.dash).not.toBe(s.dash);
      expect(next.marker).not.toBe(s.marker);
    }
    expect(seen.size).toBe(30);
  });

  it('keeps assigned styles and gives new runs the lowest free index', () => {
    const first = assignStyles({}, ['a', 'b', 'c']);
    expect(first).toEqual({ a: 0, b: 1, c: 2 });
    const afterDelete = assignStyles(first, ['a', 'c']);
    expect(afterDelete).toEqual({ a: 0, c: 2 });
    expect(assignStyles(afterDelete, ['a', 'c', 'd', 'e'])).toEqual({ a: 0, c: 2, d: 1, e: 3 });
  });

  it('draws every marker shape as a path', () => {
    for (let i = 0; i < 6; i++) expect(markerPath(styleFor(i).marker, 4)).toMatch(/^M /);
  });
});

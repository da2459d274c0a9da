import { describe, expect, it } from 'vitest';
import { parsePrefs } from './persist';

describe('view preferences', () => {
  it('keeps what has the right shape and drops the rest', () => {
    expect(parsePrefs(JSON.stringify({ theme: 'dark', xAxis: 'epoch', selected: ['a', 'b'], styleIndex: { a: 0, b: -1, c: 1.5, d: 2 } }))).toEqual({
      theme: 'dark',
      xAxis: 'epoch',
      selected: ['a', 'b'],
      styleIndex: { a: 0, d: 2 },
    });
    expect(parsePrefs(JSON.stringify({ theme: 'neon', selected: [1] }))).toEqual({});
    expect(parsePrefs('{not json')).toEqual({});
    expect(parsePrefs(null)).toEqual({});
  });
});

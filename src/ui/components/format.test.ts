// One duration rule for a run's time and a download's ETA (both in milliseconds).
import { describe, expect, it } from 'vitest';
import { describeProgress } from '../datasets/format';
import { formatDuration } from './format';

describe('formatDuration', () => {
  it('writes seconds, minutes and hours', () => {
    expect(formatDuration(42_400)).toBe('42 s');
    expect(formatDuration(185_000)).toBe('3 min 05 s');
    expect(formatDuration(7_800_000)).toBe('2 h 10 min');
    expect(formatDuration(undefined)).toBe('—');
  });

  it('is the rule the dataset panel uses for an ETA (given in seconds)', () => {
    const text = describeProgress({ phase: 'download', unit: 'bytes', done: 0, total: 1024, records: 0, fraction: 0, etaSeconds: 185 });
    expect(text).toContain('3 min 05 s left');
  });
});

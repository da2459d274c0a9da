import { describe, expect, it } from 'vitest';
import { accuracyDomain } from './accuracy-axis';

describe('accuracy axis', () => {
  it('stays within 0% and 100%, on a 5% grid around the data', () => {
    expect(accuracyDomain([0.09, 0.11])).toEqual([0.05, 0.15]);
    expect(accuracyDomain([0.01, 0.02])).toEqual([0, 0.05]);
    expect(accuracyDomain([0, 0])).toEqual([0, 0.05]);
    expect(accuracyDomain([0.2, 0.9])).toEqual([0.1, 1]);
    expect(accuracyDomain([0.97, 1])).toEqual([0.9, 1]);
    expect(accuracyDomain([NaN, Infinity])).toEqual([0, 1]);
  });
});

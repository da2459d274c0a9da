// errorMessage quotes a caught error inside our own sentences: without Chromium's call prefix
// and without its closing period (issue 15: no "…truncated.)." in the notices).
import { describe, expect, it } from 'vitest';
import { errorMessage } from './errors';

describe('errorMessage', () => {
  it("drops Chromium's 'Failed to execute … on …:' prefix (measured: a truncated gzip in DecompressionStream) and the closing period", () => {
    const chromium = new TypeError("Failed to execute 'close' on 'WritableStreamDefaultWriter': Compressed input was truncated.");
    expect(errorMessage(chromium)).toBe('Compressed input was truncated');
    expect(errorMessage(new Error('Junk found after end of compressed data.'))).toBe('Junk found after end of compressed data');
    expect(errorMessage('plain')).toBe('plain');
  });
});

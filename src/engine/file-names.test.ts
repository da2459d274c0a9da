import { describe, expect, it } from 'vitest';
import { fileSlug, stepFileName } from './file-names';

describe('file names', () => {
  // Moved from ui/export/bundle.test.ts when the slug got one home (issue 14).
  it('slugs names for files', () => {
    expect(fileSlug('#2 +Sparse AE +Regulariser')).toBe('2-sparse-ae-regulariser');
    expect(fileSlug('***')).toBe('run');
  });

  it('names weights files by the same slug as every other file of the run', () => {
    expect(stepFileName('#2 +Sparse AE', 8, 'zip')).toBe('2-sparse-ae-step8.zip');
    expect(stepFileName('exported', 8, 'safetensors')).toBe('exported-step8.safetensors');
  });
});

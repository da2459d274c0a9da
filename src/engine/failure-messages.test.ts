import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config';
import { explainFailure, isOutOfMemory } from './failure-messages';

describe('failure messages', () => {
  it.each([
    'Aborted(). Build with -sASSERTIONS for more info.',
    'Invalid typed array length: 12800000000',
    'RangeError: Array buffer allocation failed',
    'RuntimeError: table index is out of bounds',
    'Requested texture size [40000x40000] greater than WebGL maximum on this browser / GPU [16384x16384].',
  ])('%s: says the backend ran out of memory and what to do, keeping the engine text', (raw) => {
    const config = defaultConfig();
    config.train.batchSize = 4096;
    const message = explainFailure(new Error(raw), { backend: 'wasm', config, doing: 'training' });
    expect(isOutOfMemory(new Error(raw))).toBe(true);
    expect(message).toMatch(
      /^The compute backend ran out of memory while training on wasm\. This config needs about [\d.,]+ GiB by the lab's estimate \(wasm: 3\.9 GiB\)\./,
    );
    expect(message).toMatch(/Lower train\.batchSize, the encoder's channels or the projector's dims and start again/);
    expect(message.endsWith(`(Engine: ${raw})`)).toBe(true);
  });

  it('explains a tensor of an invalid shape', () => {
    expect(explainFailure(new Error('Tensor must have a shape comprised of positive integers but got shape [0,3].'))).toMatch(
      /^The model could not be built for these settings: a layer came out with an empty or invalid size\..*\(Engine: Tensor must have a shape/,
    );
  });

  it('passes other messages through, long ones cut', () => {
    expect(explainFailure(new Error('The dataset is missing.'))).toBe('The dataset is missing.');
    expect(explainFailure('x'.repeat(500))).toHaveLength(201);
  });
});

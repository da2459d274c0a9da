import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { evaluation, metricPoint, runRecord } from '../testing';
import { BUNDLE_FORMAT, decodeBundle, encodeBundle, fileSlug } from './bundle';

const bundle = () => ({
  run: runRecord('r1', { lastEval: evaluation(16, 0.4) }),
  metrics: [metricPoint(2), metricPoint(4)],
  evaluations: [evaluation(8, 0.3), evaluation(16, 0.4)],
  checkpoint: new Uint8Array([1, 2, 3]),
});

describe('run bundle', () => {
  it('holds run.json, metrics.jsonl, evaluations.jsonl and checkpoint.zip, and reads back', () => {
    const bytes = encodeBundle(bundle());
    expect(Object.keys(unzipSync(bytes)).sort()).toEqual(['checkpoint.zip', 'evaluations.jsonl', 'metrics.jsonl', 'run.json']);
    expect(decodeBundle(bytes)).toEqual(bundle());
  });

  it('a bundle without a checkpoint is still a bundle', () => {
    const b = { ...bundle(), checkpoint: undefined };
    expect(decodeBundle(encodeBundle(b)).checkpoint).toBeUndefined();
  });

  const zip = (files: Record<string, string>) => zipSync(Object.fromEntries(Object.entries(files).map(([k, v]) => [k, strToU8(v)])));
  it.each([
    ['not a zip', new Uint8Array([1, 2, 3]), /not a readable zip/],
    ['a checkpoint instead of a bundle', zip({ 'manifest.json': '{}', 'weights.bin': '' }), /looks like a checkpoint/],
    ['run.json not JSON', zip({ 'run.json': '{' }), /run.json is not valid JSON/],
    ['another format', zip({ 'run.json': '{"format":"x"}' }), /does not declare format/],
    ['a newer version', zip({ 'run.json': JSON.stringify({ format: BUNDLE_FORMAT, version: 9, run: {} }) }), /version 9/],
    [
      'a bad config',
      zip({ 'run.json': JSON.stringify({ format: BUNDLE_FORMAT, version: 1, run: { ...runRecord('r'), config: { projector: { pointNum: 1 } } } }) }),
      /config is not valid/,
    ],
    [
      'a bad metric line',
      zip({ 'run.json': JSON.stringify({ format: BUNDLE_FORMAT, version: 1, run: runRecord('r') }), 'metrics.jsonl': '{"step":1}\n' }),
      /metrics.jsonl, line 1/,
    ],
  ])('rejects %s with a reason', (_name, bytes, reason) => {
    expect(() => decodeBundle(bytes, 'x.zip')).toThrow(reason);
  });

  it('slugs names for files', () => {
    expect(fileSlug('#2 +Sparse AE +Regulariser')).toBe('2-sparse-ae-regulariser');
    expect(fileSlug('***')).toBe('run');
  });
});

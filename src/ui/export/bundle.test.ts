import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { evaluation, metricPoint, runRecord } from '../testing';
import { BUNDLE_FORMAT, decodeBundle, encodeBundle, sniffZip } from './bundle';

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
      /x\.zip is not a usable run bundle: run\.json: run\.config\.projector\.pointNum: point_num = 1/,
    ],
    [
      "malformed stored evaluations, an absurd step and a negative total (the issue's file)",
      zip({
        'run.json': JSON.stringify({
          format: BUNDLE_FORMAT,
          version: 1,
          run: { ...runRecord('r'), step: 1e308, totalSteps: -5, lastEval: { step: 3 }, bestEval: 'best' },
        }),
      }),
      /run\.json: run\.step: must be a whole number from 0 to 1,000,000,000, got 1e\+308/,
    ],
    [
      'a malformed evaluation line',
      zip({
        'run.json': JSON.stringify({ format: BUNDLE_FORMAT, version: 1, run: runRecord('r') }),
        'evaluations.jsonl': JSON.stringify({ ...evaluation(8, 0.3), embedding: { labels: [0], z1: 7, z2: [] } }) + '\n',
      }),
      /evaluations\.jsonl, line 1: embedding\.z1: must be a list of points, got 7/,
    ],
    [
      'a zip bomb (300 MiB of metrics in a few hundred KB)',
      zipSync({ 'run.json': strToU8('{}'), 'metrics.jsonl': new Uint8Array(300 * 1024 * 1024).fill(10) }, { level: 9 }),
      /x\.zip is not a usable run bundle: metrics\.jsonl would inflate to 300\.0 MiB, over the limit of 256\.0 MiB for that member: it was refused/,
    ],
    [
      'a bad metric line',
      zip({ 'run.json': JSON.stringify({ format: BUNDLE_FORMAT, version: 1, run: runRecord('r') }), 'metrics.jsonl': '{"step":1}\n' }),
      /metrics.jsonl, line 1/,
    ],
  ])('rejects %s with a reason', (_name, bytes, reason) => {
    expect(() => decodeBundle(bytes, 'x.zip')).toThrow(reason);
  });

  it('tells a checkpoint from a bundle by its zip directory alone', () => {
    expect(sniffZip(encodeBundle(bundle()), 'b.zip')).toBe('bundle');
    expect(sniffZip(zip({ 'manifest.json': '{}', 'weights.bin': '' }), 'c.zip')).toBe('checkpoint');
    expect(sniffZip(zip({ 'a.txt': '' }), 'a.zip')).toBe('other');
    expect(sniffZip(new Uint8Array(4), 'n.zip')).toBe('other');
  });
});

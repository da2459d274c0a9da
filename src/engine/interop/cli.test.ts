import { describe, expect, it } from 'vitest';
import { parseExportArgs, parseFeaturesArgs } from './cli';

describe('interop command lines', () => {
  it('export: a checkpoint, a format, an output named after the checkpoint by default', () => {
    expect(parseExportArgs(['runs/a.zip', '--format', 'safetensors'])).toEqual({
      checkpoint: 'runs/a.zip',
      format: 'safetensors',
      out: 'runs/a.safetensors',
      name: undefined,
    });
    expect(parseExportArgs(['a.zip', '--format=solo-learn-yaml', '--out', 'x.yaml', '--name', 'run']).out).toBe('x.yaml');
    expect(() => parseExportArgs(['a.zip'])).toThrow(/--format must be safetensors or solo-learn-yaml, got nothing/);
    expect(() => parseExportArgs(['--format', 'safetensors'])).toThrow(/exactly one lab checkpoint/);
    expect(() => parseExportArgs(['a.zip', '--format', 'onnx'])).toThrow(/got onnx/);
  });

  it('features: defaults (test split, 10,000 images, wasm) and every refusal names the flag', () => {
    expect(parseFeaturesArgs(['--weights', 'w.ckpt', '--data-file', 'cifar-10-binary.tar.gz'])).toEqual({
      weights: 'w.ckpt',
      dataFile: 'cifar-10-binary.tar.gz',
      dataset: undefined,
      split: 'test',
      limit: 10_000,
      out: 'features',
      topK: undefined,
      pointNum: undefined,
      backend: 'wasm',
    });
    expect(
      parseFeaturesArgs(['--weights', 'w.pth', '--dataset', 'synthetic', '--split', 'train', '--limit', '64', '--topk', '8', '--point-num', '0']),
    ).toMatchObject({
      split: 'train',
      limit: 64,
      topK: 8,
      pointNum: 0,
    });
    expect(() => parseFeaturesArgs(['--data-file', 'x'])).toThrow(/--weights FILE is required/);
    expect(() => parseFeaturesArgs(['--weights', 'w'])).toThrow(/--data-file TAR is required/);
    expect(() => parseFeaturesArgs(['--weights', 'w', '--dataset', 'synthetic', '--limit', '0'])).toThrow(/--limit must be a whole number ≥ 1, got "0"/);
    expect(() => parseFeaturesArgs(['--weights', 'w', '--dataset', 'synthetic', '--split', 'val'])).toThrow(/--split must be test or train/);
    expect(() => parseFeaturesArgs(['--weights', 'w', '--dataset', 'synthetic', '--frobnicate', '1'])).toThrow(/unknown flag --frobnicate/);
  });
});

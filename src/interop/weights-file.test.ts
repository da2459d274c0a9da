import { strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import { fixture, pickleBytes, shortString } from '../test/interop-fixtures';
import { detectWeightsFormat, readWeightsFile } from './weights-file';

/** A fixture zip with one record changed. */
function rezip(name: string, change: (files: Record<string, Uint8Array>) => void): Uint8Array {
  const files = unzipSync(fixture(name));
  change(files);
  return zipSync(files, { level: 0 });
}

describe('weights files', () => {
  it('reads a Lightning checkpoint: state_dict, epoch, global_step, hyper_parameters; drops the cls head', () => {
    const file = readWeightsFile(fixture('simclr.ckpt'));
    expect(file.format).toBe('lightning');
    expect(file.epoch).toBe(3);
    expect(file.globalStep).toBe(120);
    expect(file.hyperParameters).toMatchObject({ method: 'simclr', method_kwargs: { temperature: 0.2 }, lmbd: 0.1 });
    expect([...file.tensors.keys()].some((k) => k.startsWith('cls.'))).toBe(false);
    expect(file.notes.join(' ')).toMatch(/Ignored cls\.weight, cls\.bias: the official code's unused 100-class head/);
    expect(file.tensors.get('backbone.layer4.1.bn2.running_var')).toMatchObject({ dtype: 'float32', shape: [16] });
  });

  it("reads torch.save files saved by path (the file's stem as record prefix), strips DDP's module. and prefixes a bare backbone", () => {
    const sae = readWeightsFile(fixture('barlow-sae.pth'));
    expect(sae.format).toBe('torch');
    expect(sae.notes.join(' ')).toMatch(/"module\." .* removed/);
    expect(sae.tensors.get('classifier.weight')!.shape).toEqual([10, 8]); // saved non-contiguous
    const backbone = readWeightsFile(fixture('backbone.pth'));
    expect(backbone.notes.join(' ')).toMatch(/no "backbone\." prefix/);
    expect(backbone.tensors.has('backbone.conv1.weight')).toBe(true);
  });

  it('tells the formats apart by their bytes', () => {
    expect(detectWeightsFormat(fixture('simclr.ckpt'))).toBe('torch');
    expect(detectWeightsFormat(fixture('barlow.safetensors'))).toBe('safetensors');
    expect(detectWeightsFormat(zipSync({ 'manifest.json': strToU8('{}') }))).toBe('lab-checkpoint');
    expect(detectWeightsFormat(strToU8('hello'))).toBeUndefined();
  });

  it.each([
    ['the legacy torch.save format', () => fixture('legacy.pth'), /legacy format .* save it again with torch\.save/],
    ['a text file', () => strToU8('not weights at all'), /not a PyTorch file/],
    ['a lab checkpoint', () => zipSync({ 'manifest.json': strToU8('{}') }), /Bottleneck Lab checkpoint: import it as a run/],
    ['a zip without data.pkl', () => zipSync({ 'a/b.txt': strToU8('x') }), /holds one <name>\/data\.pkl; this one holds 0/],
    ['a storage cut short', () => rezip('convnet.pth', (f) => (f['convnet/data/0'] = f['convnet/data/0'].subarray(0, 8))), /its storage holds 8 bytes/],
    ['a missing storage', () => rezip('convnet.pth', (f) => delete f['convnet/data/3']), /storage convnet\/data\/3 is missing/],
    ['a big-endian file', () => rezip('convnet.pth', (f) => (f['convnet/byteorder'] = strToU8('big'))), /big-endian/],
    [
      'a dict without a state_dict',
      () => rezip('convnet.pth', (f) => (f['convnet/data.pkl'] = pickleBytes(0x80, 2, 0x7d, shortString('epoch'), 0x4b, 1, 0x73, 0x2e))),
      /holds no state_dict: its top-level keys are epoch/,
    ],
  ])('refuses %s with the reason', (_name, make, message) => {
    expect(() => readWeightsFile(make())).toThrow(message);
  });
});

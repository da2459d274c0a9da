// The architecture from keys and shapes, and the refusals that name what does not fit.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../core/config';
import { fixtureState } from '../test/interop-fixtures';
import { importedConfig } from './import-config';
import { inferArchitecture } from './infer';
import { mapToLab } from './map-state';
import { float32Tensor, type HostTensor } from './tensor';

const zeros = (shape: number[]) => float32Tensor(shape, new Float32Array(shape.reduce((a, b) => a * b, 1)));

/** Infers, builds the config and maps: the whole import, as the engine runs it. */
function importState(state: Map<string, HostTensor>) {
  const arch = inferArchitecture(state);
  const { config } = importedConfig(defaultConfig(), arch, undefined);
  return mapToLab(state, config, 10);
}

describe('architecture inference', () => {
  it.each([
    [
      'simclr.ckpt',
      { encoder: { kind: 'resnet18', width: 2 }, featureDim: 16, method: 'simclr', projector: { hiddenDim: 32, outputDim: 8 }, classifierClasses: 10 },
    ],
    ['barlow.ckpt', { encoder: { kind: 'resnet18', width: 2 }, method: 'barlow', projector: { hiddenDim: 24, outputDim: 12 } }],
    [
      'simclr-sae.ckpt',
      { encoder: { kind: 'resnet18', width: 2 }, featureDim: 16, method: 'simclr', sae: { latentDim: 32, inputDim: 16 }, classifierClasses: 10 },
    ],
    ['barlow-sae.pth', { encoder: { kind: 'resnet18', width: 1 }, method: 'barlow', projector: { hiddenDim: 24 }, sae: { latentDim: 48, inputDim: 24 } }],
    ['backbone.pth', { encoder: { kind: 'resnet18', width: 1 }, featureDim: 8 }],
    ['convnet.pth', { encoder: { kind: 'convnet', channels: [4, 8, 8] }, featureDim: 8, method: 'simclr', projector: { hiddenDim: 16, outputDim: 4 } }],
  ])('%s', (name, expected) => {
    const arch = inferArchitecture(fixtureState(name));
    if (name === 'simclr-sae.ckpt' || name === 'backbone.pth')
      expect(arch).toEqual(expected); // nothing else inferred
    else expect(arch).toMatchObject(expected);
  });

  it("refuses torchvision's ImageNet stem, naming the key and its shape", () => {
    const state = fixtureState('simclr.ckpt');
    state.set('backbone.conv1.weight', zeros([2, 3, 7, 7]));
    expect(() => inferArchitecture(state)).toThrow(/backbone\.conv1\.weight has shape \[2, 3, 7, 7\], which does not fit \(expected \[n, 3, 3, 3\]/);
  });

  it('refuses a key that maps nowhere (a torchvision fc head, another method’s momentum encoder)', () => {
    const state = fixtureState('simclr.ckpt');
    state.set('backbone.fc.weight', zeros([10, 16]));
    expect(() => importState(state)).toThrow(/^backbone\.fc\.weight maps to nothing in the lab's model \(ResNet-18 width 2, SimCLR projector\)/);
    const byol = fixtureState('simclr.ckpt');
    byol.set('momentum_backbone.conv1.weight', zeros([2, 3, 3, 3]));
    expect(() => importState(byol)).toThrow(/momentum_backbone\.conv1\.weight maps to nothing/);
  });

  it('refuses a shape that does not fit the inferred architecture, naming key and both shapes', () => {
    const state = fixtureState('simclr.ckpt');
    state.set('backbone.layer2.0.conv2.weight', zeros([4, 4, 1, 1]));
    expect(() => importState(state)).toThrow('backbone.layer2.0.conv2.weight has shape [4, 4, 1, 1], but the inferred architecture needs [4, 4, 3, 3] there');
  });

  it('refuses a weight holding NaN or Infinity, naming the key and the element', () => {
    const state = fixtureState('simclr.ckpt');
    const values = new Float32Array(4 * 4 * 3 * 3).fill(0.1);
    values[7] = Number.POSITIVE_INFINITY;
    state.set('backbone.layer2.0.conv2.weight', float32Tensor([4, 4, 3, 3], values));
    expect(() => importState(state)).toThrow(
      /^backbone\.layer2\.0\.conv2\.weight holds Infinity at element 7 of \[4, 4, 3, 3\]: the weights were saved from a run that had diverged/,
    );
  });

  it('refuses a missing tensor by name', () => {
    const state = fixtureState('barlow.ckpt');
    state.delete('backbone.layer3.1.bn2.running_var');
    expect(() => importState(state)).toThrow('it has no backbone.layer3.1.bn2.running_var [8], which the inferred architecture needs');
  });

  it('refuses a projector the lab does not have, and a file without an encoder', () => {
    const state = fixtureState('simclr.ckpt');
    state.set('projector.4.weight', zeros([8, 8]));
    expect(() => inferArchitecture(state)).toThrow(/projector \(positions 0,2,4, e\.g\. projector\.0\.weight\) maps to no projector the lab has/);
    expect(() => inferArchitecture(new Map([['encoder.weight', zeros([2])]]))).toThrow(/no encoder the lab knows: .*its keys begin encoder\.weight/);
  });

  it('initialises what the file lacks and says so; a classifier for another number of classes is replaced', () => {
    const mapped = importState(fixtureState('backbone.pth'));
    expect(mapped.fresh).toEqual(['projector', 'classifier']);
    const { config } = importedConfig(defaultConfig(), inferArchitecture(fixtureState('simclr.ckpt')), undefined);
    const hundred = mapToLab(fixtureState('simclr.ckpt'), config, 100);
    expect(hundred.fresh).toEqual(['classifier']);
    expect(hundred.notes[0]).toMatch(/classifier has 10 classes and the dataset 100/);
  });
});

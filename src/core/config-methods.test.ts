// The method table: what the rest of the lab derives from it stays what it was when each
// place carried its own copy.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config';
import { allLossParams, augmentationFor, methodFromSolo, METHOD_IDS, METHODS, syntheticAugmentation } from './config-methods';
import { SSL_LOSSES } from './ssl-loss';
import { validateConfig } from './config-validate';

describe('method table', () => {
  it('gives the default config every method’s loss numbers, in the order configs always had', () => {
    expect(defaultConfig().loss).toEqual({ temperature: 0.2, barlowOffDiagonal: 0.0051, barlowScale: 0.1, lmbd: 0, alpha: 2 });
    expect(Object.keys(defaultConfig().loss)).toEqual(['temperature', 'barlowOffDiagonal', 'barlowScale', 'lmbd', 'alpha']);
    expect(allLossParams().map((p) => `${p.method}:${p.name}`)).toEqual(['simclr:temperature', 'barlow:barlowOffDiagonal', 'barlow:barlowScale']);
  });

  it('derives the synthetic recipe from the method’s own: blur as SimCLR’s, solarisation on Barlow’s second view', () => {
    const base = { cropScale: [0.3, 1], flipProb: 0.5, jitterProb: 0.8, brightness: 0.4, contrast: 0.4, saturation: 0.8, hue: 0.5, grayscaleProb: 0.2 };
    expect(syntheticAugmentation('simclr')).toEqual([
      { ...base, blurProb: 0.5, solarizeProb: 0 },
      { ...base, blurProb: 0.5, solarizeProb: 0 },
    ]);
    expect(syntheticAugmentation('barlow')).toEqual([
      { ...base, blurProb: 0, solarizeProb: 0 },
      { ...base, blurProb: 0, solarizeProb: 0.2 },
    ]);
    expect(augmentationFor('barlow', 'cifar100')).toEqual(METHODS.barlow.augmentation());
  });

  it('has a loss for every method and reads solo-learn’s names', () => {
    expect(Object.keys(SSL_LOSSES)).toEqual(METHOD_IDS);
    expect(methodFromSolo('barlow_twins')).toBe('barlow');
    expect(methodFromSolo('simclr')).toBe('simclr');
    expect(methodFromSolo('byol')).toBeUndefined();
  });
});

describe('unknown ids', () => {
  it('are reported with the known ones, not thrown', () => {
    const c = defaultConfig();
    (c as { method: string }).method = 'vicreg';
    (c.encoder as { kind: string }).kind = 'vit';
    expect(validateConfig(c)).toEqual([
      { path: 'method', message: 'unknown method "vicreg" (simclr or barlow)' },
      { path: 'encoder.kind', message: 'unknown encoder "vit" (convnet or resnet18)' },
    ]);
  });
});

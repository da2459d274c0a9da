import { describe, expect, it } from 'vitest';
import { augmentationFor, defaultConfig, methodDefaults } from '../../core/config';
import { applyPreset } from '../../core/config-presets';
import { validateConfig } from '../../core/config-validate';
import { decodeLink, encodeLink } from './url-codec';

describe('config in the URL', () => {
  it('the default config is the empty query', () => {
    expect(encodeLink(defaultConfig())).toBe('');
    expect(decodeLink('')).toEqual({ config: defaultConfig(), backend: 'auto', problems: [] });
  });

  it('writes only the settings that differ, and reads them back', () => {
    const c = applyPreset(defaultConfig(), 'reg+discrete');
    c.encoder.convChannels = [4, 8];
    c.aug.views[1].solarizeProb = 0.3;
    const query = encodeLink(c, 'webgpu');
    expect(query).toBe('encoder.convChannels=4,8&projector.pointNum=5&loss.lmbd=0.1&aug.views.1.solarizeProb=0.3&backend=webgpu');
    expect(decodeLink(`?${query}`)).toEqual({ config: c, backend: 'webgpu', problems: [] });
  });

  it('round-trips every kind of leaf (numbers, booleans, lists, names)', () => {
    const c = defaultConfig();
    c.method = 'barlow';
    c.optim.larsClip = false;
    c.aug.views[0].cropScale = [0.2, 0.9];
    c.data.dataset = 'cifar100';
    c.data.trainSubset = 1000;
    expect(decodeLink(encodeLink(c)).config).toEqual(c);
  });

  it('names bad values and unknown settings, and uses defaults for them', () => {
    const { config, problems } = decodeLink('?train.epochs=abc&loss.lmbd=0.2&colour=blue&optim.larsClip=maybe&backend=tpu');
    expect(config.train.epochs).toBe(defaultConfig().train.epochs);
    expect(config.loss.lmbd).toBe(0.2); // the good setting is kept
    expect(config.optim.larsClip).toBe(true);
    expect(problems.map((p) => p.setting)).toEqual(['train.epochs', 'colour', 'optim.larsClip', 'backend']);
    expect(problems[0].message).toContain('must be a number');
    expect(problems[0].message).toContain('using the default (10)');
  });

  it('values that parse but break a rule fall back too (point_num = 1, top-k > latent dim)', () => {
    const one = decodeLink('?projector.pointNum=1');
    expect(one.config.projector.pointNum).toBe(0);
    expect(one.problems).toHaveLength(1);
    expect(one.problems[0].message).toMatch(/point_num = 1/);

    const sae = decodeLink('?projector.sae.enabled=true&projector.sae.latentDim=8&projector.sae.topK=9');
    expect(sae.problems[0].setting).toBe('projector.sae.topK');
    // Resetting top-k alone (64) still exceeds the link's latent dim of 8: all defaults then.
    expect(validateConfig(sae.config)).toEqual([]);
    expect(sae.problems.at(-1)?.message).toMatch(/do not work together/);
  });

  it('falls back to the whole default when the link\u2019s settings cannot work together', () => {
    // batch 100 > 64 synthetic images: the rule names train.batchSize, the cause is the set size
    const { config, problems } = decodeLink('?data.syntheticTrainSize=64&train.batchSize=100');
    expect(problems.length).toBeGreaterThan(0);
    expect(config.train.batchSize === 100 && config.data.syntheticTrainSize === 64).toBe(false);
  });

  it('the augmentation recipe follows the link\u2019s dataset and method unless the link sets it', () => {
    const cifar = decodeLink('?data.dataset=cifar10');
    expect(cifar.problems).toEqual([]);
    expect(cifar.config.aug.views).toEqual(augmentationFor('simclr', 'cifar10')); // the paper's recipe
    const barlow = decodeLink('?method=barlow');
    expect(barlow.config.aug.views).toEqual(augmentationFor('barlow', 'synthetic'));
    const edited = decodeLink('?data.dataset=cifar10&aug.views.0.hue=0.3');
    expect(edited.config.aug.views[0]).toEqual({ ...augmentationFor('simclr', 'cifar10')[0], hue: 0.3 });
    expect(edited.config.aug.views[1]).toEqual(augmentationFor('simclr', 'cifar10')[1]);
    // A CIFAR run on the synthetic set's recipe is written out in full, so it reads back as it was.
    const c = defaultConfig();
    c.data.dataset = 'cifar10';
    expect(decodeLink(encodeLink(c)).config).toEqual(c);
    expect(encodeLink(c)).toMatch(/aug\.views\.0\.cropScale=0\.3,1/);
  });

  it('the learning rates follow the link\u2019s method, as choosing it in the form sets them', () => {
    const barlow = decodeLink('?method=barlow');
    expect(barlow.problems).toEqual([]);
    expect(barlow.config.optim.lr).toBe(methodDefaults('barlow').optim.lr);
    expect(barlow.config.optim.classifierLr).toBe(methodDefaults('barlow').optim.classifierLr);
    expect(barlow.config.optim.lr).not.toBe(defaultConfig().optim.lr); // SimCLR's, which the link once gave
    expect(decodeLink('?method=barlow&optim.lr=0.5').config.optim.lr).toBe(0.5);
    // A Barlow config as the form makes it is the short link, and reads back as it was.
    const c = defaultConfig();
    c.method = 'barlow';
    c.optim.lr = methodDefaults('barlow').optim.lr;
    c.optim.classifierLr = methodDefaults('barlow').optim.classifierLr;
    c.aug = { views: augmentationFor('barlow', 'synthetic') };
    expect(encodeLink(c)).toBe('method=barlow');
    expect(decodeLink(encodeLink(c)).config).toEqual(c);
  });

  it('quotes at most 60 characters of a long key or value', () => {
    const long = 'x'.repeat(5000);
    const { problems } = decodeLink(`?${long}=1&train.epochs=${long}&backend=${long}`);
    expect(problems.map((p) => p.setting)).toEqual([`${'x'.repeat(60)}… (5000 characters)`, 'train.epochs', 'backend']);
    for (const p of problems) expect(p.message.length).toBeLessThan(200);
    expect(problems[1].message).toBe(`train.epochs must be a number, got "${'x'.repeat(60)}… (5000 characters)"; using the default (10)`);
  });

  it('never throws on garbage', () => {
    for (const junk of ['?%E0%A4%A', '?&&&=', '?a=%ZZ', '?train.batchSize', `?${'x'.repeat(5000)}`, '?seed=1e999', '?encoder.convChannels=,,,']) {
      expect(() => decodeLink(junk)).not.toThrow();
      expect(decodeLink(junk).config).toBeDefined();
    }
    expect(decodeLink('?seed=1e999').problems[0].setting).toBe('seed');
  });
});

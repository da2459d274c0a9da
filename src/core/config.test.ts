import { describe, expect, it } from 'vitest';
import { barlowAugmentation, defaultConfig, encoderOutputDim, methodDefaults, scaledLearningRates } from './config';
import { CONFIG_PATHS, configFromPartial, flattenConfig, formatLeaf, parseLeaf, setLeaf } from './config-paths';
import { validateConfig } from './config-validate';

const problemPaths = (mutate: (c: ReturnType<typeof defaultConfig>) => void) => {
  const c = defaultConfig();
  mutate(c);
  return validateConfig(c).map((p) => p.path);
};

describe('run config', () => {
  it('the default is valid', () => {
    expect(validateConfig(defaultConfig())).toEqual([]);
  });

  it('paper settings per method', () => {
    expect(methodDefaults('simclr').projector).toEqual({ hiddenDim: 2048, outputDim: 256 });
    expect(methodDefaults('barlow').optim).toEqual({ lr: 0.3, classifierLr: 0.15 });
    expect(barlowAugmentation()[1].solarizeProb).toBe(0.2);
    expect(barlowAugmentation()[0].solarizeProb).toBe(0);
  });

  it('scales learning rates by batch / 256 and derives the encoder width', () => {
    const c = defaultConfig();
    c.train.batchSize = 512;
    expect(scaledLearningRates(c)).toEqual({ lr: 0.8, classifierLr: 0.2 });
    c.encoder = { kind: 'resnet18', width: 64, convChannels: [8] };
    expect(encoderOutputDim(c)).toBe(512);
  });

  it.each([
    ['point_num = 1', (c: ReturnType<typeof defaultConfig>) => (c.projector.pointNum = 1), 'projector.pointNum'],
    ['top-k > latent dim', (c: ReturnType<typeof defaultConfig>) => (c.projector.sae = { enabled: true, latentDim: 8, topK: 9 }), 'projector.sae.topK'],
    ['alpha = 1', (c: ReturnType<typeof defaultConfig>) => (c.loss.alpha = 1), 'loss.alpha'],
    ['negative lmbd', (c: ReturnType<typeof defaultConfig>) => (c.loss.lmbd = -0.1), 'loss.lmbd'],
    ['zero temperature', (c: ReturnType<typeof defaultConfig>) => (c.loss.temperature = 0), 'loss.temperature'],
    ['batch of one', (c: ReturnType<typeof defaultConfig>) => (c.train.batchSize = 1), 'train.batchSize'],
    ['batch larger than the set', (c: ReturnType<typeof defaultConfig>) => (c.train.batchSize = 5000), 'train.batchSize'],
    ['probability above 1', (c: ReturnType<typeof defaultConfig>) => (c.aug.views[1].flipProb = 1.5), 'aug.views.1.flipProb'],
    ['empty crop range', (c: ReturnType<typeof defaultConfig>) => (c.aug.views[0].cropScale = [0.9, 0.5]), 'aug.views.0.cropScale'],
    ['warm-up longer than the run', (c: ReturnType<typeof defaultConfig>) => (c.optim.warmupEpochs = 50), 'optim.warmupEpochs'],
    ['fractional epochs', (c: ReturnType<typeof defaultConfig>) => (c.train.epochs = 2.5), 'train.epochs'],
  ])('rejects %s with a reason', (_name, mutate, path) => {
    const c = defaultConfig();
    mutate(c);
    const problems = validateConfig(c);
    expect(problems.map((p) => p.path)).toContain(path);
    for (const p of problems) expect(p.message.length).toBeGreaterThan(10);
  });

  it('does not flag SAE settings while the SAE is off', () => {
    expect(problemPaths((c) => (c.projector.sae = { enabled: false, latentDim: 8, topK: 9 }))).toEqual([]);
  });
});

describe('config paths', () => {
  it('flattens every leaf and round-trips through text', () => {
    const c = defaultConfig();
    const flat = flattenConfig(c);
    expect(flat.map(([p]) => p)).toEqual(CONFIG_PATHS);
    expect(CONFIG_PATHS).toContain('projector.sae.topK');
    expect(CONFIG_PATHS).toContain('aug.views.1.solarizeProb');
    const copy = defaultConfig();
    copy.seed = 99;
    for (const [path, value] of flat) setLeaf(copy, path, parseLeaf(path, formatLeaf(value)));
    expect(copy).toEqual(c);
  });

  it('parses typed values and rejects bad text with the path in the message', () => {
    expect(parseLeaf('loss.lmbd', '0.1')).toBe(0.1);
    expect(parseLeaf('projector.sae.enabled', 'on')).toBe(true);
    expect(parseLeaf('encoder.convChannels', '8,16')).toEqual([8, 16]);
    expect(parseLeaf('method', 'barlow')).toBe('barlow');
    expect(() => parseLeaf('loss.lmbd', 'abc')).toThrow(/loss.lmbd must be a number/);
    expect(() => parseLeaf('projector.sae.enabled', 'maybe')).toThrow(/true or false/);
    expect(() => parseLeaf('nope.x', '1')).toThrow(/unknown setting "nope.x"/);
  });

  it('builds a config from partial JSON and reports what it could not use', () => {
    const { config, problems } = configFromPartial({ method: 'barlow', loss: { lmbd: 0.5, alpha: 'two' }, extra: 1 });
    expect(config.method).toBe('barlow');
    expect(config.loss.lmbd).toBe(0.5);
    expect(config.loss.alpha).toBe(2);
    expect(problems).toEqual(['loss.alpha: expected a number, got "two"', 'extra: unknown setting']);
    expect(configFromPartial(null).problems).toEqual(['the config is not a JSON object']);
  });
});

import { describe, expect, it } from 'vitest';
import { defaultConfig } from './config';
import { flattenConfig, formatLeaf } from './config-paths';
import { applyPreset, applyVariant, DEFAULT_STRENGTHS, PRESETS, presetOf, variantOf } from './config-presets';
import { validateConfig } from './config-validate';

const changedPaths = (a: ReturnType<typeof defaultConfig>, b: ReturnType<typeof defaultConfig>) => {
  const before = new Map(flattenConfig(a).map(([p, v]) => [p, formatLeaf(v)]));
  return flattenConfig(b)
    .filter(([p, v]) => before.get(p) !== formatLeaf(v))
    .map(([p]) => p);
};

describe('projector presets', () => {
  it('cover every combination of the three switches once', () => {
    const keys = PRESETS.map((p) => `${p.variant.regularizer}${p.variant.discrete}${p.variant.sae}`);
    expect(new Set(keys).size).toBe(8);
  });

  it.each(PRESETS.map((p) => [p.id, p] as const))('%s gives a valid config with its switches and nothing else changed', (_id, preset) => {
    const base = defaultConfig();
    const config = applyPreset(base, preset.id);
    expect(validateConfig(config)).toEqual([]);
    expect(variantOf(config)).toEqual(preset.variant);
    expect(presetOf(config).id).toBe(preset.id);
    const allowed = new Set(['loss.lmbd', 'projector.pointNum', 'projector.sae.enabled', 'projector.sae.topK']);
    for (const path of changedPaths(base, config)) expect(allowed.has(path)).toBe(true);
    if (preset.variant.regularizer) expect(config.loss.lmbd).toBe(DEFAULT_STRENGTHS.lmbd);
    if (preset.variant.discrete) expect(config.projector.pointNum).toBe(DEFAULT_STRENGTHS.pointNum);
  });

  it('does not mutate its input', () => {
    const base = defaultConfig();
    applyPreset(base, 'sae+reg+discrete');
    expect(base).toEqual(defaultConfig());
  });

  it('applyPreset uses exactly the given strengths; applyVariant keeps a tuned one', () => {
    const tuned = defaultConfig();
    tuned.loss.lmbd = 0.03;
    expect(applyPreset(tuned, 'reg', { lmbd: 0.5, pointNum: 3 }).loss.lmbd).toBe(0.5);
    expect(applyVariant(tuned, { regularizer: true, discrete: true, sae: false }, { lmbd: 0.5, pointNum: 3 })).toMatchObject({
      loss: { lmbd: 0.03 },
      projector: { pointNum: 3 },
    });
  });

  it('repairs a top-k left larger than the latent dim when the SAE is switched on', () => {
    const c = defaultConfig();
    c.projector.sae = { enabled: false, latentDim: 16, topK: 64 };
    const next = applyPreset(c, 'sae');
    expect(next.projector.sae.topK).toBe(4);
    expect(validateConfig(next)).toEqual([]);
  });

  it('baseline switches everything off', () => {
    const c = applyPreset(defaultConfig(), 'sae+reg+discrete');
    expect(variantOf(applyPreset(c, 'baseline'))).toEqual({ regularizer: false, discrete: false, sae: false });
  });
});

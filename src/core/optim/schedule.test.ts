import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../config';
import { learningRateFactor, learningRatesAt, scheduleFromConfig, type ScheduleParams } from './schedule';

const S: ScheduleParams = { warmupSteps: 10, totalSteps: 110, warmupStartFactor: 0.1, minFactor: 0.01 };

describe('learningRateFactor', () => {
  it('hits the boundaries', () => {
    expect(learningRateFactor(0, S)).toBeCloseTo(0.1, 12);
    expect(learningRateFactor(5, S)).toBeCloseTo(0.55, 12); // halfway up the ramp
    expect(learningRateFactor(10, S)).toBeCloseTo(1, 12); // peak: ramp end = cosine start
    expect(learningRateFactor(60, S)).toBeCloseTo(0.505, 12); // halfway down: (1 + min) / 2
    expect(learningRateFactor(110, S)).toBeCloseTo(0.01, 12);
    expect(learningRateFactor(1e6, S)).toBe(0.01); // clamped after the end
    // The ramp meets the cosine without a jump.
    expect(Math.abs(learningRateFactor(9.999, S) - learningRateFactor(10, S))).toBeLessThan(1e-3);
    expect(Math.abs(learningRateFactor(109.999, S) - 0.01)).toBeLessThan(1e-6);
  });

  it('rises monotonically during warm-up and falls monotonically after', () => {
    for (let t = 0; t < 10; t++) expect(learningRateFactor(t + 1, S)).toBeGreaterThan(learningRateFactor(t, S));
    for (let t = 10; t < 110; t++) expect(learningRateFactor(t + 1, S)).toBeLessThan(learningRateFactor(t, S));
    for (let t = 0; t <= 200; t++) {
      const f = learningRateFactor(t, S);
      expect(f).toBeGreaterThanOrEqual(0.01);
      expect(f).toBeLessThanOrEqual(1);
    }
  });

  it('handles no warm-up, warm-up from 0, and a run shorter than its warm-up', () => {
    const noWarm = { ...S, warmupSteps: 0 };
    expect(learningRateFactor(0, noWarm)).toBe(1);
    expect(learningRateFactor(55, noWarm)).toBeCloseTo(0.505, 12);
    expect(learningRateFactor(0, { ...S, warmupStartFactor: 0 })).toBe(0);
    const short = { ...S, warmupSteps: 20, totalSteps: 10 };
    expect(learningRateFactor(5, short)).toBeCloseTo(0.1 + 0.9 * 0.25, 12); // still ramping
    const flat = { ...S, warmupSteps: 0, totalSteps: 0 };
    expect(learningRateFactor(0, flat)).toBe(0.01);
    expect(() => learningRateFactor(-1, S)).toThrow(/bad step/);
    expect(() => learningRateFactor(NaN, S)).toThrow(/bad step/);
  });
});

describe('schedule from the run config', () => {
  it('counts steps per batch and scales the peak lr by batch size', () => {
    const config = defaultConfig();
    config.optim = { ...config.optim, lr: 0.4, classifierLr: 0.1, warmupEpochs: 2, warmupStartLr: 0, minLr: 0.001 };
    config.train = { ...config.train, epochs: 10, batchSize: 512 };
    expect(scheduleFromConfig(config, 30)).toEqual({ warmupSteps: 60, totalSteps: 300, warmupStartFactor: 0, minFactor: 0.001 });
    expect(learningRatesAt(0, config, 30)).toEqual({ backbone: 0, classifier: 0 });
    const peak = learningRatesAt(60, config, 30);
    expect(peak.backbone).toBeCloseTo(0.8, 12); // 0.4 * 512 / 256
    expect(peak.classifier).toBeCloseTo(0.2, 12);
    expect(learningRatesAt(300, config, 30).backbone).toBeCloseTo(0.8 * 0.001, 12);
    config.optim.warmupEpochs = 0.5; // fractional epochs round to whole steps
    expect(scheduleFromConfig(config, 5).warmupSteps).toBe(3);
    expect(() => scheduleFromConfig(config, 0)).toThrow(/stepsPerEpoch/);
    expect(() => scheduleFromConfig(config, 2.5)).toThrow(/stepsPerEpoch/);
  });
});

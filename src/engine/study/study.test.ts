// The study's pure parts: flags and plan, final values, summaries and paired differences,
// study.json read back (and its errors), the markdown table and the SVG figures.
import { describe, expect, it } from 'vitest';
import { defaultConfig } from '../../core/config';
import type { EvalResult, MetricPoint } from '../run-types';
import { buildStudy, finalRunValues, studyProtocol } from './build';
import { parseStudyArgs, planStudy } from './cli';
import { formatDifference, studyMarkdown } from './markdown';
import { readStudy } from './read';
import { curvesSvg, scatterSvg } from './study-svg';
import type { StudyRun } from './types';
import { parseVariantName } from './variants';

const point = (step: number, mi: number): MetricPoint => ({
  step,
  epoch: step / 10,
  lr: 0.1,
  values: { loss: 1, sslLoss: 1, classifierLoss: 1, classifierAcc: 0.1, miZ1Z2: mi, hZ1: 2, hZ2: 1.5, iZ1R: -1, lowerBound: -1, upperBound: 1, zeroRowsZ2: 0 },
  stepMillis: 10,
  imagesPerSecond: 100,
  memory: { tensors: 1, bytes: 1 },
});
const evaluation = (step: number, z1: number): EvalResult => ({
  step,
  epoch: step / 10,
  z1: { linearTop1: z1, linearTop5: 0.9, knnTop1: z1 - 0.05 },
  z2: { linearTop1: z1 - 0.1, linearTop5: 0.8, knnTop1: z1 - 0.15 },
  millis: 5,
  protocol: { trainImages: 512, testImages: 256, probeEpochs: 30, knnK: 200, knnTemperature: 0.1 },
});

const run = (seed: number, z1: number, mi: number): StudyRun => finalRunValues(seed, [point(10, 9), point(20, mi)], [evaluation(20, z1)])!;

function sample() {
  const base = defaultConfig();
  const lmbd = { ...structuredClone(base), loss: { ...base.loss, lmbd: 0.1 } };
  const protocol = studyProtocol(base, [0, 1, 2], { host: 'headless', trainImages: 4096, stepsPerRun: 20, anyDiscrete: false });
  return buildStudy('Test study', protocol, [
    { name: 'lmbd', config: lmbd, runs: [run(0, 0.41, 0.5), run(1, 0.43, 0.4), run(2, 0.42, 0.45)] },
    { name: 'baseline', config: base, runs: [run(2, 0.4, 0.6), run(0, 0.39, 0.7), run(1, 0.44, 0.65)] },
  ]);
}

describe('study flags and plan', () => {
  it('plans variants x seeds, seed-major, differing only in switches and seed', () => {
    const args = parseStudyArgs('--variants baseline,lmbd,discrete+lmbd,sae --seeds 2 --out x --epochs 3 --lmbd 0.2'.split(' '));
    const plan = planStudy(args);
    expect(plan.map((r) => r.key)).toEqual([
      'baseline-seed0',
      'lmbd-seed0',
      'lmbd+discrete-seed0',
      'sae-seed0',
      'baseline-seed1',
      'lmbd-seed1',
      'lmbd+discrete-seed1',
      'sae-seed1',
    ]);
    expect(plan.map((r) => r.config.loss.lmbd)).toEqual([0, 0.2, 0.2, 0, 0, 0.2, 0.2, 0]);
    expect(plan.map((r) => r.config.projector.pointNum)).toEqual([0, 0, 5, 0, 0, 0, 5, 0]);
    expect(plan.every((r) => r.config.train.epochs === 3)).toBe(true);
    expect(plan[4].config.seed).toBe(1);
    expect(parseStudyArgs(['--seeds', '3,7', '--out', 'x']).seeds).toEqual([3, 7]);
  });

  it('rejects what a study cannot do, with the reason', () => {
    expect(() => parseStudyArgs(['--seeds', '2'])).toThrow(/--out DIR is required/);
    expect(() => parseStudyArgs(['--out', 'x', '--seed', '1'])).toThrow(/--seeds/);
    expect(() => parseStudyArgs(['--out', 'x', '--variants', 'baseline,bogus'])).toThrow(/unknown variant "bogus"/);
    expect(() => parseStudyArgs(['--out', 'x', '--variants', 'lmbd,reg'])).toThrow(/twice/);
    expect(() => parseStudyArgs(['--out', 'x', '--seeds', '0,0'])).toThrow(/twice/);
    expect(() => parseStudyArgs(['--out', 'x', '--epochs', '-1'])).toThrow(/train\.epochs/);
    expect(parseVariantName('discrete+reg')).toEqual({ name: 'lmbd+discrete', preset: 'reg+discrete' });
  });
});

describe('study summary', () => {
  it('takes final values from the last evaluation and the last interval, never a best', () => {
    const r = finalRunValues(0, [point(10, 1), point(20, 2)], [evaluation(10, 0.9), evaluation(20, 0.3)])!;
    expect(r.z1LinearTop1).toBe(0.3); // the final one, although 0.9 was higher
    expect(r.miZ1Z2).toBe(2);
    // An evaluation older than the last logged step is not final.
    expect(finalRunValues(0, [point(10, 1), point(20, 2)], [evaluation(10, 0.9)])).toBeUndefined();
  });

  it('summarises each variant and pairs the differences by seed against the baseline', () => {
    const study = sample();
    const base = study.variants.find((v) => v.name === 'baseline')!;
    expect(base.runs.map((r) => r.seed)).toEqual([0, 1, 2]);
    expect(base.summary.z1LinearTop1.mean).toBeCloseTo(0.41, 12);
    expect(base.summary.z1LinearTop1.n).toBe(3);
    const d = study.differences.find((x) => x.variant === 'lmbd' && x.metric === 'z1LinearTop1')!;
    // Pairs: seed 0: .41 − .39, seed 1: .43 − .44, seed 2: .42 − .40 → mean 0.01.
    expect(d.against).toBe('baseline');
    expect(d.mean).toBeCloseTo(0.01, 12);
    expect(d.seeds).toEqual([0, 1, 2]);
    // SciPy: stats.t.interval(0.95, 2, loc=0.01, scale=stats.sem([.02, -.01, .02])) = (−0.0330…, 0.0530…)
    expect(d.ci95![0]).toBeCloseTo(-0.03302652729749462, 9);
    expect(d.ci95![1]).toBeCloseTo(0.05302652729749462, 9);
    expect(study.differences.some((x) => x.variant === 'baseline')).toBe(false);
  });

  it('reads its own study.json back to the same numbers, and names what is wrong in a bad one', () => {
    const study = sample();
    const back = readStudy(JSON.stringify(study));
    expect(back.variants.map((v) => v.summary)).toEqual(study.variants.map((v) => v.summary));
    expect(back.differences).toEqual(study.differences);
    expect(() => readStudy('{')).toThrow(/not valid JSON/);
    expect(() => readStudy(JSON.stringify({ ...study, format: 'x' }))).toThrow(/format/);
    const badRun = structuredClone(study) as unknown as { variants: { runs: Record<string, unknown>[] }[] };
    badRun.variants[0].runs[0].z1LinearTop1 = 'high';
    expect(() => readStudy(JSON.stringify(badRun), 'mine.json')).toThrow(/mine\.json .*variants\[0\]\.runs\[0\]\.z1LinearTop1/);
    const twice = structuredClone(study);
    twice.variants[0].runs[1].seed = twice.variants[0].runs[0].seed;
    expect(() => readStudy(JSON.stringify(twice))).toThrow(/seed twice/);
  });

  it('writes the table with CIs, the paired difference and the protocol', () => {
    const md = studyMarkdown(sample());
    expect(md).toContain('| lmbd | 3 | 42.0% [');
    expect(md).toContain('+1.0 pts [−3.3, +5.3], n = 3');
    expect(md).toContain("not solo-learn's augmented 100-epoch SGD probe");
    expect(md).toContain('Seeds: 0, 1, 2');
    expect(formatDifference({ variant: 'a', against: 'b', metric: 'miZ1Z2', mean: 0.1, ci95: null, n: 1, seeds: [0] })).toBe('+0.100 (no interval), n = 1');
  });

  it('draws error bars in both directions and bands as SVG text', () => {
    const svg = scatterSvg(sample());
    expect(svg.startsWith('<svg')).toBe(true);
    expect(svg.match(/class="variant-mean"/g)).toHaveLength(2);
    expect(svg.match(/class="error-bar"/g)).toHaveLength(12); // 2 variants × (x bar + 2 caps + y bar + 2 caps)
    const curves = curvesSvg('t', 'y', [
      {
        name: 'a',
        points: [
          { x: 0, mean: 1, n: 2, band: [0.5, 1.5] },
          { x: 1, mean: 2, n: 2, band: [1.5, 2.5] },
        ],
      },
    ]);
    expect(curves.match(/class="band"/g)).toHaveLength(1);
  });
});

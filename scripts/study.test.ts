// `npm run study` end to end on the synthetic set: 2 variants x 2 seeds on a tiny budget write
// study.json (the schema), study.md and the SVG figures; the same command again
// resumes (a run with a checkpoint but no end marker finishes from its checkpoint, finished
// runs are skipped) and gives the same numbers; changed flags are refused before anything runs.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readStudy } from '../src/engine/study/read';

const out = mkdtempSync(join(tmpdir(), 'blab-study-'));
afterAll(() => rmSync(out, { recursive: true, force: true }));

// 64 images at batch 8, one epoch: 8 steps per run, a final evaluation of 64 + 32 images.
const TINY =
  '--synthetic-train-size 64 --synthetic-test-size 32 --channels 4,8 --hidden-dim 16 --output-dim 8 --batch-size 8 --epochs 1 --log-every 2 --eval.embeddingSample 0';

function study(extra = ''): { status: number | null; stdout: string; stderr: string } {
  const args = `run --silent study -- --variants baseline,discrete --seeds 2 --jobs 2 --out ${out} ${TINY} ${extra}`.trim().split(/\s+/);
  const r = spawnSync('npm', args, { cwd: join(import.meta.dirname, '..'), encoding: 'utf8', timeout: 240_000 });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('npm run study', () => {
  it('writes study.json, study.md and the figures, and resumes', { timeout: 300_000 }, () => {
    const first = study();
    expect(first.status, first.stderr).toBe(0);
    console.log(first.stderr.trim());

    const json = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8'));
    expect(json.variants.map((v: { name: string }) => v.name)).toEqual(['baseline', 'discrete']);
    for (const v of json.variants) {
      expect(v.config.train.epochs).toBe(1);
      expect(v.runs.map((r: { seed: number }) => r.seed)).toEqual([0, 1]);
      for (const r of v.runs) {
        for (const key of ['z1LinearTop1', 'z2LinearTop1', 'z1KnnTop1', 'z2KnnTop1', 'miZ1Z2', 'hZ1', 'hZ2']) expect(typeof r[key]).toBe('number');
        expect(r.step).toBe(8);
      }
      for (const key of ['z1LinearTop1', 'miZ1Z2', 'hZ2']) {
        const s = v.summary[key];
        expect(s.n).toBe(2);
        expect(s.mean).toBeCloseTo((v.runs[0][key] + v.runs[1][key]) / 2, 12);
        expect(s.ci95).toHaveLength(2);
      }
    }
    expect(json.variants[1].config.projector.pointNum).toBe(5);
    const diff = json.differences.find((d: { variant: string; metric: string }) => d.variant === 'discrete' && d.metric === 'z1LinearTop1');
    const [b, d] = json.variants;
    expect(diff).toMatchObject({ against: 'baseline', n: 2, seeds: [0, 1] });
    expect(diff.mean).toBeCloseTo((d.runs[0].z1LinearTop1 - b.runs[0].z1LinearTop1 + d.runs[1].z1LinearTop1 - b.runs[1].z1LinearTop1) / 2, 12);
    expect(json.protocol).toMatchObject({ dataset: 'synthetic', trainImages: 64, stepsPerRun: 8, seeds: [0, 1], backend: 'wasm' });
    expect(json.protocol.probe).toContain('lab probe');
    expect(json.protocol.zeroRows).toContain('1e-4');
    expect(() => readStudy(readFileSync(join(out, 'study.json'), 'utf8'))).not.toThrow();

    const md = readFileSync(join(out, 'study.md'), 'utf8');
    expect(md).toContain('| baseline | 2 |');
    expect(md).toMatch(/\| discrete \| 2 \|.*pts .*n = 2/);
    expect(md).toContain('## Protocol');
    expect(first.stdout).toBe(md);

    const svgs = readdirSync(out).filter((f) => f.endsWith('.svg'));
    expect(svgs).toContain('accuracy-vs-mi.svg');
    expect(svgs).toContain('curves-mi.svg');
    const scatter = readFileSync(join(out, 'accuracy-vs-mi.svg'), 'utf8');
    expect(scatter.match(/class="variant-mean"/g)).toHaveLength(2);
    expect(scatter).toContain('class="error-bar"');
    expect(readFileSync(join(out, 'curves-ssl-loss.svg'), 'utf8')).toContain('class="band"');
    for (const key of ['baseline-seed0', 'discrete-seed1']) {
      for (const ext of ['zip', 'jsonl', 'config.json', 'done']) expect(existsSync(join(out, 'runs', `${key}.${ext}`))).toBe(true);
    }

    // Resume: one run lost its end marker (as if the study stopped during its final evaluation).
    unlinkSync(join(out, 'runs', 'discrete-seed1.done'));
    const again = study();
    expect(again.status, again.stderr).toBe(0);
    expect(again.stderr).toContain('discrete-seed1: resuming from its checkpoint');
    expect(again.stderr).not.toContain('baseline-seed0: training');
    const resumed = JSON.parse(readFileSync(join(out, 'study.json'), 'utf8'));
    const strip = (j: typeof json) => j.variants.map((v: { runs: { seconds?: number }[] }) => v.runs.map(({ seconds: _s, ...r }) => r));
    expect(strip(resumed)).toEqual(strip(json));

    // Other flags on the same directory: refused before anything trains or is overwritten.
    const changed = study('--lr 0.5');
    expect(changed.status).toBe(2);
    expect(changed.stderr).toContain('holds a study with other settings');
    expect(readFileSync(join(out, 'study.json'), 'utf8')).toBe(JSON.stringify(resumed, null, 1) + '\n');
  });
});

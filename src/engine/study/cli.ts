// Flags of `npm run study`: its own (--variants, --seeds, --out, --jobs, --label) and every
// flag of the headless trainer (cli-args.ts), which set the one budget all runs share. The
// plan is variants x seeds runs whose configs differ only in the variant's switches and the seed.
import type { RunConfig } from '../../core/config';
import { applyPreset, DEFAULT_STRENGTHS, type PresetId, type PresetStrengths } from '../../core/config-presets';
import { parseTrainArgs, type ParsedArgs } from '../cli-args';
import { parseVariantName } from './variants';

export interface StudyArgs {
  variants: { name: string; preset: PresetId }[];
  seeds: number[];
  out: string;
  jobs?: number; // parallel trainer processes (default: one per core, at most one per run)
  label?: string;
  train: ParsedArgs; // the shared budget and host flags
  help: boolean;
}

export interface PlannedRun {
  key: string; // file stem: <variant>-seed<seed>
  variant: string;
  seed: number;
  config: RunConfig;
}

const OWN = new Set(['variants', 'seeds', 'out', 'jobs', 'label']);
// The study sets these per run, or needs what they would turn off.
const REFUSED: Record<string, string> = {
  seed: 'the study sets each run\u2019s seed: use --seeds N (seeds 0..N-1) or --seeds 0,3,7',
  resume: 'a study resumes by itself: run the same command with the same --out again',
  'max-steps': 'every run of a study trains its whole budget (use --epochs to shorten it)',
  'no-final-eval': 'a study compares final evaluations; it cannot skip them',
  'eval-at-start': 'not used by studies (it would add an evaluation of the untrained model to each log)',
};

function parseSeeds(text: string): number[] {
  if (/^\d+$/.test(text)) {
    const n = Number(text);
    if (n < 1 || n > 1000) throw new Error(`--seeds N needs 1 ≤ N ≤ 1000, got ${n}`);
    return Array.from({ length: n }, (_, i) => i);
  }
  const seeds = text.split(',').map((s) => s.trim());
  if (seeds.some((s) => !/^\d+$/.test(s))) throw new Error(`--seeds must be a count (3) or a list of whole numbers (0,1,2), got "${text}"`);
  const values = seeds.map(Number);
  if (new Set(values).size !== values.length) throw new Error(`--seeds lists a seed twice: "${text}"`);
  return values;
}

/** Parses argv (without node and script); throws an Error whose message says what to fix. */
export function parseStudyArgs(argv: string[]): StudyArgs {
  const own = new Map<string, string>();
  const rest: string[] = [];
  let help = false;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    const [flag, inline] = arg.startsWith('--')
      ? [arg.slice(2).split('=')[0], arg.includes('=') ? arg.slice(arg.indexOf('=') + 1) : undefined]
      : ['', undefined];
    if (flag === 'help') {
      help = true;
      continue;
    }
    if (flag in REFUSED) throw new Error(`--${flag} is not a study flag: ${REFUSED[flag]}`);
    if (OWN.has(flag)) {
      const value = inline ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new Error(`--${flag} needs a value`);
      own.set(flag, value);
      continue;
    }
    rest.push(arg);
  }
  const train = parseTrainArgs(rest);
  if (help) return { variants: [], seeds: [], out: '', train, help };
  const out = own.get('out');
  if (!out) throw new Error('--out DIR is required: the study writes study.json, study.md, the figures and every run there');
  const variants = (own.get('variants') ?? 'baseline,lmbd,discrete,sae').split(',').map(parseVariantName);
  const names = variants.map((v) => v.name);
  const twice = names.find((n, i) => names.indexOf(n) !== i);
  if (twice) throw new Error(`--variants names ${twice} twice`);
  let jobs: number | undefined;
  if (own.has('jobs')) {
    jobs = Number(own.get('jobs'));
    if (!Number.isInteger(jobs) || jobs < 1) throw new Error(`--jobs must be a whole number ≥ 1, got "${own.get('jobs')}"`);
  }
  return { variants, seeds: parseSeeds(own.get('seeds') ?? '3'), out, jobs, label: own.get('label'), train, help };
}

/** Strengths the variants switch on: the flags' own (--lmbd 0.2, --point-num 3) or the presets' defaults. */
export function studyStrengths(base: RunConfig): PresetStrengths {
  return {
    lmbd: base.loss.lmbd > 0 ? base.loss.lmbd : DEFAULT_STRENGTHS.lmbd,
    pointNum: base.projector.pointNum >= 2 ? base.projector.pointNum : DEFAULT_STRENGTHS.pointNum,
  };
}

/** Every run of the study, seed-major: an interrupted study holds whole seeds of every variant. */
export function planStudy(args: Pick<StudyArgs, 'variants' | 'seeds' | 'train'>): PlannedRun[] {
  const base = args.train.config;
  const strengths = studyStrengths(base);
  return args.seeds.flatMap((seed) =>
    args.variants.map((v) => {
      const config = applyPreset(base, v.preset, strengths);
      config.seed = seed;
      return { key: `${v.name}-seed${seed}`, variant: v.name, seed, config };
    }),
  );
}

export function studyUsage(): string {
  return [
    'Usage: npm run --silent study -- --variants baseline,lmbd,discrete,sae --seeds 3 --out DIR [train flags]',
    '',
    'Trains every variant with every seed on one budget (parallel trainer processes), then writes',
    'DIR/study.json, DIR/study.md, DIR/accuracy-vs-mi.svg and DIR/curves-*.svg. Each run keeps its',
    'checkpoint and JSON-line log in DIR/runs/: the same command again resumes where it stopped.',
    '',
    'Study flags:',
    '  --variants LIST   baseline, lmbd, discrete, sae, or switches joined by + (lmbd+discrete, sae+lmbd, …)',
    '                    (default baseline,lmbd,discrete,sae)',
    '  --seeds N|LIST    seeds 0..N-1, or a list like 0,1,2 (default 3); the same seeds for every variant',
    '  --out DIR         where everything is written (required)',
    '  --jobs J          trainer processes at once (default: the number of cores, at most the number of runs)',
    '  --label TEXT      the study\u2019s title in study.md and the figures',
    '',
    'Every flag of `npm run train` (see its --help) sets the shared budget, e.g. --epochs 4',
    '--batch-size 32 --dataset cifar10 --data-file cifar-10-binary.tar.gz; --lmbd and --point-num set',
    'the strengths that the lmbd and discrete variants switch on (defaults 0.1 and 5).',
  ].join('\n');
}

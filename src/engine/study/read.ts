// Reads a study.json (from `npm run study` or the lab's own export) as untrusted input: every
// field a person could have edited is checked and a problem is named with where it is. The
// summaries and paired differences are recomputed from the runs, so what the lab shows always
// follows from the runs in the file (a hand-edited summary cannot disagree with them).
import { configFromPartial } from '../../core/config-paths';
import { validateConfig } from '../../core/config-validate';
import { buildStudy, type VariantRuns } from './build';
import { STUDY_FORMAT, STUDY_METRICS, STUDY_VERSION, type StudyJson, type StudyProtocol, type StudyRun } from './types';

export class StudyFileError extends Error {
  constructor(fileName: string, problem: string) {
    super(`${fileName} is not a usable study.json: ${problem}`);
    this.name = 'StudyFileError';
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isNumberOrNull = (v: unknown) => v === null || (typeof v === 'number' && Number.isFinite(v));

function readRun(raw: unknown, where: string): StudyRun | string {
  if (!isObject(raw)) return `${where} is not an object`;
  if (!Number.isInteger(raw.seed)) return `${where}.seed must be a whole number`;
  const run: Record<string, unknown> = { seed: raw.seed, step: typeof raw.step === 'number' ? raw.step : NaN };
  for (const metric of STUDY_METRICS) {
    const v = raw[metric];
    // zeroRowsZ2 came later than the first study files: absent reads as no value.
    if (v === undefined && metric === 'zeroRowsZ2') run[metric] = null;
    else if (!isNumberOrNull(v)) return `${where}.${metric} must be a number or null, got ${JSON.stringify(v)}`;
    else run[metric] = v;
  }
  for (const key of ['z1LinearTop5', 'z2LinearTop5', 'seconds'] as const) if (isNumberOrNull(raw[key])) run[key] = raw[key];
  if (typeof raw.runId === 'string') run.runId = raw.runId;
  return run as StudyRun;
}

function readProtocol(raw: unknown, fileName: string): StudyProtocol {
  if (!isObject(raw)) throw new StudyFileError(fileName, 'it has no "protocol" object (dataset, budget, probe protocol, seeds)');
  const text = (key: string) => (typeof raw[key] === 'string' ? (raw[key] as string) : '');
  const number = (key: string) => (typeof raw[key] === 'number' ? (raw[key] as number) : NaN);
  if (!text('dataset') || !text('probe')) throw new StudyFileError(fileName, 'its protocol must name the dataset and the probe protocol');
  return {
    host: raw.host === 'lab' ? 'lab' : 'headless',
    dataset: text('dataset'),
    trainImages: number('trainImages'),
    method: text('method'),
    encoder: text('encoder'),
    epochs: number('epochs'),
    batchSize: number('batchSize'),
    stepsPerRun: number('stepsPerRun'),
    logEvery: number('logEvery'),
    seeds: Array.isArray(raw.seeds) ? raw.seeds.filter((s): s is number => Number.isInteger(s)) : [],
    probe: text('probe'),
    statistics: text('statistics'),
    ...(text('zeroRows') ? { zeroRows: text('zeroRows') } : {}),
    ...(text('backend') ? { backend: text('backend') } : {}),
    ...(Number.isFinite(number('wallSeconds')) ? { wallSeconds: number('wallSeconds') } : {}),
    createdAt: text('createdAt'),
  };
}

/** Parses and checks the text of a study.json; throws StudyFileError saying what is wrong. */
export function readStudy(text: string, fileName = 'study.json'): StudyJson {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new StudyFileError(fileName, 'it is not valid JSON');
  }
  if (!isObject(raw) || raw.format !== STUDY_FORMAT) throw new StudyFileError(fileName, `it does not declare format "${STUDY_FORMAT}"`);
  if (raw.version !== STUDY_VERSION) throw new StudyFileError(fileName, `version ${String(raw.version)} is not supported (this build reads ${STUDY_VERSION})`);
  if (!Array.isArray(raw.variants) || raw.variants.length === 0) throw new StudyFileError(fileName, 'it has no variants');
  const protocol = readProtocol(raw.protocol, fileName);
  const variants: VariantRuns[] = raw.variants.map((v, i) => {
    const where = `variants[${i}]`;
    if (!isObject(v) || typeof v.name !== 'string' || !v.name.trim()) throw new StudyFileError(fileName, `${where} has no name`);
    const { config, problems } = configFromPartial(v.config);
    const invalid = validateConfig(config).map((p) => `${p.path}: ${p.message}`);
    if (problems.length || invalid.length)
      throw new StudyFileError(fileName, `the config of "${v.name}" is not valid (${[...problems, ...invalid].slice(0, 3).join('; ')})`);
    if (!Array.isArray(v.runs)) throw new StudyFileError(fileName, `"${v.name}" has no runs list`);
    const runs = v.runs.map((r, j) => {
      const run = readRun(r, `${where}.runs[${j}]`);
      if (typeof run === 'string') throw new StudyFileError(fileName, run);
      return run;
    });
    const seeds = runs.map((r) => r.seed);
    if (new Set(seeds).size !== seeds.length) throw new StudyFileError(fileName, `"${v.name}" lists a seed twice: runs are paired by seed`);
    return { name: v.name, config, runs };
  });
  const names = variants.map((v) => v.name);
  if (new Set(names).size !== names.length) throw new StudyFileError(fileName, 'two variants have the same name');
  const label = typeof raw.label === 'string' && raw.label.trim() ? raw.label : fileName.replace(/\.json$/, '');
  return buildStudy(label, protocol, variants);
}

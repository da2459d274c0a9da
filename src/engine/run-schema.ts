// Field-by-field validation of everything a run is made of, for data this build did not just
// produce: a run bundle's run.json, metrics.jsonl and evaluations.jsonl before any of it is
// stored, and the records IndexedDB hands back (written by an older build, or corrupted), so
// that one bad record shows as one bad row instead of taking the run table down.
//
// Valibot (1.x) holds the schemas: made for validating untrusted JSON, modular so only the
// pieces used here reach the bundle (a few KB in the page and the import worker, against
// ~60 KB for zod 4's classic API), typed so a schema and its TypeScript type cannot drift.
// The config is checked by the config's own rules (core/config-paths + core/config-validate),
// not restated here. Every problem names the field, the limit and the value it got.
import * as v from 'valibot';
import type { RunConfig } from '../core/config';
import { configFromPartial } from '../core/config-paths';
import { validateConfig } from '../core/config-validate';
import { STEP_METRICS } from '../core/step-metrics';
import type { EvalResult, MetricPoint, RunRecord } from './run-types';

/** Largest step count a record may claim (a run of a billion steps is already beyond a browser). */
export const MAX_STEPS = 1_000_000_000;
/** Most points an evaluation's 2-D embedding may hold (the config's sample is far smaller). */
export const MAX_EMBEDDING_POINTS = 20_000;
/** Most classes a label may name (CIFAR-100 has 100). */
const MAX_CLASS = 10_000;
// Text limits only keep absurd values out: a run name is typed freely (the form has no limit),
// so a long but real one must never make a stored run unreadable.
const MAX_NAME = 10_000;
const MAX_TEXT = 100_000;

const fmt = (n: number) => n.toLocaleString('en');
const got = (issue: v.BaseIssue<unknown>) => `, got ${issue.received}`;

/** A number; NaN allowed (a diverged metric), and JSON's null read as NaN (JSON has no NaN). */
const anyNumber = v.pipe(
  v.custom<number | null>(
    (x) => typeof x === 'number' || x === null,
    (issue) => `must be a number${got(issue)}`,
  ),
  v.transform((x) => x ?? NaN),
);
const optionalNumber = v.optional(anyNumber, NaN);

function whole(min: number, max: number) {
  const message = (issue: v.BaseIssue<unknown>) => `must be a whole number from ${fmt(min)} to ${fmt(max)}${got(issue)}`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}

function finite(min: number, max: number) {
  const message = (issue: v.BaseIssue<unknown>) => `must be a finite number from ${fmt(min)} to ${fmt(max)}${got(issue)}`;
  return v.pipe(v.number(message), v.finite(message), v.minValue(min, message), v.maxValue(max, message));
}

const fraction = v.pipe(
  v.number((issue) => `must be an accuracy from 0 to 1${got(issue)}`),
  v.minValue(0, (issue) => `must be an accuracy from 0 to 1${got(issue)}`),
  v.maxValue(1, (issue) => `must be an accuracy from 0 to 1${got(issue)}`),
);

function text(maxLength: number, nonEmpty = false) {
  const message = (issue: v.BaseIssue<unknown>) => `must be ${nonEmpty ? 'a non-empty' : 'a'} text of at most ${fmt(maxLength)} characters${got(issue)}`;
  return v.pipe(
    v.string(message),
    v.maxLength(maxLength, message),
    v.check((s) => !nonEmpty || s.trim().length > 0, message),
  );
}

const step = whole(0, MAX_STEPS);
const epoch = finite(0, MAX_STEPS);

/** Every logged metric, in the order files write them (the step's own order); the last ones may be absent (see below). */
export const METRIC_KEYS = STEP_METRICS;
/** Values added after the first release: absent from older files, read back as NaN (no value). */
export const OPTIONAL_METRIC_KEYS: ReadonlySet<string> = new Set(['zeroRowsZ2']);

const metricPointSchema = v.object({
  step,
  epoch,
  lr: optionalNumber,
  values: v.object(
    Object.fromEntries(METRIC_KEYS.map((k) => [k, OPTIONAL_METRIC_KEYS.has(k) ? optionalNumber : anyNumber])) as Record<
      (typeof METRIC_KEYS)[number],
      typeof anyNumber
    >,
    (issue) => `must be an object of metric values${got(issue)}`,
  ),
  stepMillis: optionalNumber,
  imagesPerSecond: optionalNumber,
  memory: v.optional(v.object({ tensors: optionalNumber, bytes: optionalNumber }), { tensors: NaN, bytes: NaN }),
});

const scoresSchema = v.object(
  { linearTop1: fraction, linearTop5: fraction, knnTop1: fraction, knnTop5: v.optional(fraction) },
  (issue) => `must hold linearTop1, linearTop5 and knnTop1${got(issue)}`,
);

const point2d = v.tuple([anyNumber, anyNumber], (issue) => `must be a pair of numbers${got(issue)}`);
const points2d = v.pipe(
  v.array(point2d, (issue) => `must be a list of points${got(issue)}`),
  v.maxLength(MAX_EMBEDDING_POINTS),
);

const embeddingSchema = v.pipe(
  v.object(
    {
      labels: v.pipe(
        v.array(whole(0, MAX_CLASS), (issue) => `must be a list of class numbers${got(issue)}`),
        v.maxLength(MAX_EMBEDDING_POINTS),
      ),
      z1: points2d,
      z2: points2d,
      method: v.optional(v.literal('pca'), 'pca'),
      umap: v.optional(v.object({ z1: points2d, z2: points2d })),
    },
    (issue) => `must be an object with labels, z1 and z2${got(issue)}`,
  ),
  v.check(
    (e) => [e.z1, e.z2, ...(e.umap ? [e.umap.z1, e.umap.z2] : [])].every((points) => points.length === e.labels.length),
    'must hold as many z1, z2 (and UMAP) points as labels',
  ),
);

const evaluationSchema = v.object(
  {
    step,
    epoch,
    z1: scoresSchema,
    z2: scoresSchema,
    millis: optionalNumber,
    protocol: v.optional(
      v.looseObject({
        trainImages: optionalNumber,
        testImages: optionalNumber,
        probeEpochs: optionalNumber,
        knnK: optionalNumber,
        knnTemperature: optionalNumber,
      }),
      { trainImages: NaN, testImages: NaN, probeEpochs: NaN, knnK: NaN, knnTemperature: NaN },
    ),
    embedding: v.optional(embeddingSchema),
  },
  (issue) => `must be an evaluation object${got(issue)}`,
);

const STATUSES = ['queued', 'running', 'paused', 'interrupted', 'done', 'stopped', 'diverged', 'failed'] as const;
const BACKENDS = ['webgpu', 'webgl', 'wasm', 'cpu'] as const;
const TIME_LIMIT = 1e14; // ms since 1970: the year 5138

const runRecordSchema = v.pipe(
  v.object(
    {
      id: text(1000, true),
      name: text(MAX_NAME, true),
      config: v.unknown(), // checked by the config's own rules below
      datasetId: text(1000, true),
      status: v.picklist(STATUSES, (issue) => `must be one of ${STATUSES.join(', ')}${got(issue)}`),
      createdAt: finite(0, TIME_LIMIT),
      updatedAt: finite(0, TIME_LIMIT),
      step,
      totalSteps: step,
      backend: v.optional(v.picklist(BACKENDS, (issue) => `must be one of ${BACKENDS.join(', ')}${got(issue)}`)),
      adapter: v.optional(text(MAX_TEXT)),
      checkpointStep: v.optional(step),
      trainMillis: finite(0, TIME_LIMIT),
      message: v.optional(text(MAX_TEXT)),
      lastEval: v.optional(evaluationSchema),
      bestEval: v.optional(evaluationSchema),
      origin: v.optional(
        v.picklist(['local', 'imported'] as const, (issue) => `must be local or imported${got(issue)}`),
        'local',
      ),
      importedFrom: v.optional(
        v.object({
          fileName: text(MAX_NAME),
          format: text(MAX_NAME),
          architecture: v.pipe(
            v.array(text(MAX_NAME), (issue) => `must be a list of lines${got(issue)}`),
            v.maxLength(100),
          ),
        }),
      ),
      deadRun: v.optional(v.object({ sinceStep: step, message: text(MAX_TEXT) })),
      group: v.optional(
        v.object({
          studyId: text(MAX_NAME, true),
          studyLabel: text(MAX_NAME),
          variant: text(MAX_NAME, true),
          seed: whole(0, Number.MAX_SAFE_INTEGER),
        }),
      ),
    },
    (issue) => `must be a run record object${got(issue)}`,
  ),
  v.forward(
    v.check(
      (r) => r.totalSteps === 0 || r.step <= r.totalSteps,
      (issue) => {
        const r = issue.input as { step: number; totalSteps: number };
        return `must not exceed totalSteps (${fmt(r.totalSteps)}), got ${fmt(r.step)}`;
      },
    ),
    ['step'],
  ),
);

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: string };

/** "lastEval.z1.linearTop1: must be an accuracy from 0 to 1, got undefined" */
function describe(issues: readonly v.BaseIssue<unknown>[]): string {
  const issue = issues[0];
  const path = v.getDotPath(issue);
  // A required field that is absent: say so, rather than "must be …, got undefined".
  const message = issue.input === undefined && path ? 'is missing' : issue.message;
  return path ? `${path}: ${message}` : message;
}

function check<T>(schema: v.GenericSchema<unknown, T>, raw: unknown): Checked<T> {
  const result = v.safeParse(schema, raw, { abortEarly: true });
  return result.success ? { ok: true, value: result.output } : { ok: false, problem: describe(result.issues) };
}

export function checkMetricPoint(raw: unknown): Checked<MetricPoint> {
  return check(metricPointSchema, raw);
}

export function checkEvaluation(raw: unknown): Checked<EvalResult> {
  return check(evaluationSchema, raw) as Checked<EvalResult>;
}

/**
 * A run record from outside this page. 'import': the config must satisfy every rule of
 * validateConfig (it is about to be trained on); 'stored': its settings must have the right
 * types (a rule added since the run was stored does not make it unreadable), and settings
 * this build no longer knows are dropped.
 */
export function checkRunRecord(raw: unknown, mode: 'import' | 'stored'): Checked<RunRecord> {
  const record = check(runRecordSchema, raw);
  if (!record.ok) return record;
  const { config, problems } = configFromPartial(record.value.config);
  const typeProblems = mode === 'stored' ? problems.filter((p) => !p.endsWith('unknown setting')) : problems;
  const ruleProblems = mode === 'import' ? validateConfig(config).map((p) => `${p.path}: ${p.message}`) : [];
  const all = [...typeProblems, ...ruleProblems];
  if (all.length) return { ok: false, problem: `config.${all[0]}${all.length > 1 ? ` (and ${all.length - 1} more)` : ''}` };
  return { ok: true, value: { ...record.value, config: config satisfies RunConfig } as RunRecord };
}

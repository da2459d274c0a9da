// The checkpoint's manifest.json checked field by field before a byte of its weights is
// decoded: a shape of [0] or [-3], a dtype TF.js does not know, or a name used twice would
// otherwise surface as TF.js's own words ("Tensor must have a shape comprised of positive
// integers"). Valibot, as in run-schema.ts (why: see there).
import * as v from 'valibot';
import { MAX_STEPS } from '../run-schema';

/** Most tensors a checkpoint may list (a ResNet-18 with its optimiser state has a few hundred). */
export const MAX_TENSORS = 10_000;
/** Most elements one tensor may hold (2^28 float32 values = 1 GiB). */
export const MAX_TENSOR_ELEMENTS = 2 ** 28;

const MiB = 1024 * 1024;
/**
 * What a checkpoint zip may inflate to (here, not in format.ts, so the page can know it
 * without loading TF.js). The weights are stored, not compressed, so their size is the
 * file's; 1 GiB holds a ResNet-18 ten times over (weights plus momentum: ~90 MB).
 */
export const CHECKPOINT_LIMITS = { members: { 'manifest.json': 16 * MiB, 'weights.bin': 1024 * MiB }, total: 1040 * MiB, maxEntries: 16 };

const fmt = (n: number) => n.toLocaleString('en');
const got = (issue: v.BaseIssue<unknown>) => `, got ${issue.received}`;

function whole(min: number, max: number) {
  const message = (issue: v.BaseIssue<unknown>) => `must be a whole number from ${fmt(min)} to ${fmt(max)}${got(issue)}`;
  return v.pipe(v.number(message), v.integer(message), v.minValue(min, message), v.maxValue(max, message));
}

const DTYPES = ['float32', 'int32', 'bool'] as const;

const weightSpec = v.pipe(
  v.object(
    {
      name: v.pipe(
        v.string((issue) => `must be a text${got(issue)}`),
        v.maxLength(500, 'must be at most 500 characters'),
      ),
      shape: v.pipe(
        v.array(whole(1, MAX_TENSOR_ELEMENTS), (issue) => `must be a list of positive whole numbers${got(issue)}`),
        v.maxLength(8, (issue) => `must have at most 8 dimensions${got(issue)}`),
      ),
      dtype: v.picklist(DTYPES, (issue) => `must be one of ${DTYPES.join(', ')}${got(issue)}`),
      quantization: v.optional(v.undefined('quantized weights are not read here')),
    },
    (issue) => `must be a weight entry {name, shape, dtype}${got(issue)}`,
  ),
  v.forward(
    v.check(
      (s) => s.shape.reduce((a, b) => a * b, 1) <= MAX_TENSOR_ELEMENTS,
      (issue) => `holds more than ${fmt(MAX_TENSOR_ELEMENTS)} elements (${(issue.input as { shape: number[] }).shape.join(' × ')})`,
    ),
    ['shape'],
  ),
);

export const manifestSchema = v.object(
  {
    format: v.string(),
    version: v.number(),
    config: v.unknown(), // checked by the config's own rules (format.ts)
    numClasses: whole(2, 10_000),
    datasetId: v.pipe(
      v.string((issue) => `must be a text${got(issue)}`),
      v.minLength(1, 'must not be empty'),
      v.maxLength(100, 'must be at most 100 characters'),
    ),
    step: whole(0, MAX_STEPS),
    epoch: v.pipe(
      v.number((issue) => `must be a number from 0 to ${fmt(MAX_STEPS)}${got(issue)}`),
      v.finite((issue) => `must be a finite number${got(issue)}`),
      v.minValue(0, (issue) => `must be ≥ 0${got(issue)}`),
      v.maxValue(MAX_STEPS, (issue) => `must be at most ${fmt(MAX_STEPS)}${got(issue)}`),
    ),
    rng: v.optional(v.object({ scheme: v.literal('per-step'), seed: whole(0, Number.MAX_SAFE_INTEGER) })),
    backend: v.optional(v.string()),
    createdAt: v.optional(v.string()),
    runId: v.optional(v.string()),
    weightsManifest: v.pipe(
      v.array(
        v.object({
          paths: v.array(v.string()),
          weights: v.pipe(
            v.array(weightSpec, (issue) => `must be a list of weight entries${got(issue)}`),
            v.maxLength(MAX_TENSORS, `must list at most ${fmt(MAX_TENSORS)} tensors`),
          ),
        }),
        (issue) => `must be a list of weight groups${got(issue)}`,
      ),
      v.length(1, (issue) => `must list exactly one group of weights, got ${issue.received}`),
      v.check((groups) => new Set(groups[0].weights.map((w) => w.name)).size === groups[0].weights.length, 'names a tensor twice'),
    ),
  },
  (issue) => `must be a JSON object${got(issue)}`,
);

/** The first problem of a manifest, as "path: what is wrong", or undefined when it is sound. */
export function manifestProblem(raw: unknown): string | undefined {
  const result = v.safeParse(manifestSchema, raw, { abortEarly: true });
  if (result.success) return undefined;
  const issue = result.issues[0];
  const path = v.getDotPath(issue);
  const message = issue.input === undefined && path ? 'is missing' : issue.message;
  return path ? `${path}: ${message}` : message;
}

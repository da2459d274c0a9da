// Derived views of the store, as pure functions of the state: validation with reasons, why
// Start is disabled, what a run's status is now, ETA, summaries and config differences.
import { defaultConfig, type RunConfig } from '../../core/config';
import { flattenConfig, formatLeaf } from '../../core/config-paths';
import { configWarnings, validateConfig } from '../../core/config-validate';
import type { MetricPoint, RunRecord, RunStatus } from '../../engine/run-types';
import { memoryLimitsFor, predictBackend } from '../controller/memory-limits';
import type { RunHistory } from './history';
import type { LiveRun } from './engine-slice';
import type { LabState } from './store';

const DATASET_NAMES: Record<string, string> = { synthetic: 'The synthetic set', cifar10: 'CIFAR-10', cifar100: 'CIFAR-100' };

export interface FieldProblem {
  path: string;
  message: string;
  blocking: boolean; // false: a warning shown beside the field, Start stays enabled
}

type DraftInputs = Pick<LabState, 'draft' | 'fieldErrors' | 'backend' | 'lastBackend' | 'gpuLimits' | 'readyDatasets'>;
let lastDraft: { inputs: unknown[]; problems: FieldProblem[] } | undefined;

/**
 * Every problem of the draft, text that does not parse first. Start's reason asks on every store
 * update (each metric frame while a run trains) and the memory estimate is not free: the last
 * answer is kept while its inputs are the same objects.
 */
export function draftProblems(s: DraftInputs): FieldProblem[] {
  const inputs = [s.draft, s.fieldErrors, s.backend, s.lastBackend, s.gpuLimits, s.readyDatasets];
  if (lastDraft && lastDraft.inputs.every((v, i) => v === inputs[i])) return lastDraft.problems;
  lastDraft = { inputs, problems: computeDraftProblems(s) };
  return lastDraft.problems;
}

function computeDraftProblems(s: DraftInputs): FieldProblem[] {
  const parse = Object.entries(s.fieldErrors).map(([path, message]) => ({ path, message, blocking: true }));
  const memory = memoryLimitsFor(predictBackend(s.backend, s.lastBackend?.name, s.gpuLimits), s.gpuLimits);
  const rules = validateConfig(s.draft, { memory })
    .filter((p) => !(p.path in s.fieldErrors))
    .map((p) => ({ ...p, blocking: true }));
  const warnings = configWarnings(s.draft, { memory })
    .filter((p) => !(p.path in s.fieldErrors))
    .map((p) => ({ ...p, blocking: false }));
  const dataset = s.draft.data.dataset;
  const missing: FieldProblem[] =
    s.readyDatasets && !s.readyDatasets.includes(dataset) && !('data.dataset' in s.fieldErrors)
      ? [
          {
            path: 'data.dataset',
            message: `${DATASET_NAMES[dataset] ?? dataset} is not in this browser yet: download or import it under “Datasets in this browser”`,
            blocking: true,
          },
        ]
      : [];
  return [...parse, ...rules, ...missing, ...warnings];
}

/** Problems whose path is `path` or lies under it (a section), for aria-describedby. */
export function problemsAt(problems: readonly FieldProblem[], path: string): FieldProblem[] {
  return problems.filter((p) => p.path === path || p.path.startsWith(`${path}.`));
}

/** The run that holds the engine now (the worker trains one run at a time). */
export function trainingRunId(s: Pick<LabState, 'live'>): string | undefined {
  return Object.entries(s.live).find(([, l]) => l.status === 'running')?.[0];
}

/** Why Start cannot be pressed now, in words; undefined when it can. */
export function startBlockReason(s: LabState): string | undefined {
  if (s.engine.crashed && !s.engine.ready) return 'The training engine is restarting.';
  if (!s.engine.ready) return 'The training engine is starting…';
  const problems = draftProblems(s).filter((p) => p.blocking);
  const paths = [...new Set(problems.map((p) => p.path))];
  if (paths.length === 1) return `Fix ${paths[0]}: ${problems.map((p) => p.message).join('; ')}.`;
  if (paths.length > 1) return `Fix ${paths.length} settings first (${paths.join(', ')}).`;
  const busy = trainingRunId(s);
  if (busy) return `“${s.runs[busy]?.name ?? 'A run'}” is training: pause or stop it first (the engine trains one run at a time).`;
  if (s.sweeps.some((sw) => sw.state === 'running')) return 'A sweep is running: cancel it first.';
  return undefined;
}

/**
 * A run's status as the page should show it. A record that says 'running' but has no live
 * engine state was cut off (the page reloaded, the worker crashed): it is interrupted.
 */
export function displayStatus(run: RunRecord, live: LiveRun | undefined): RunStatus {
  if (live) return live.status;
  return run.status === 'running' ? 'interrupted' : run.status;
}

/** What the header says the engine is doing: a phase while running, else the status. */
export function stateLabel(status: RunStatus, live: LiveRun | undefined): string {
  if (status === 'running' && live?.phase) {
    return { 'loading-data': 'loading data', compiling: 'compiling', training: 'training', evaluating: 'evaluating', saving: 'saving' }[live.phase];
  }
  return status;
}

/** Milliseconds left: the mean step time of the newest points times the steps to go. */
export function etaMillis(metrics: readonly MetricPoint[], step: number, totalSteps: number): number | undefined {
  if (!(totalSteps > step) || metrics.length === 0) return totalSteps > 0 && step >= totalSteps ? 0 : undefined;
  // The first logged interval includes shader compilation: leave it out once others exist.
  const recent = metrics.slice(-5).filter((p, _i, tail) => Number.isFinite(p.stepMillis) && p.stepMillis > 0 && !(p === metrics[0] && tail.length > 1));
  if (!recent.length) return undefined;
  const mean = recent.reduce((s, p) => s + p.stepMillis, 0) / recent.length;
  return mean * (totalSteps - step);
}

export interface RunSummary {
  finalLoss?: number;
  finalMi?: number; // I(Z1;Z2) of the last logged point
  finalLinearZ1?: number;
  finalKnnZ1?: number;
  finalLinearZ2?: number;
  finalKnnZ2?: number;
  /** Training wall time: the record's, or the logged intervals' while the record lags behind. */
  trainMillis: number;
}

export function summarize(run: RunRecord, history: RunHistory | undefined): RunSummary {
  const last = history?.metrics[history.metrics.length - 1];
  const lastEval = history?.evaluations[history.evaluations.length - 1] ?? run.lastEval;
  let logged = 0;
  let previous = 0;
  for (const p of history?.metrics ?? []) {
    if (Number.isFinite(p.stepMillis)) logged += (p.step - previous) * p.stepMillis;
    previous = p.step;
  }
  return {
    trainMillis: Math.max(run.trainMillis, logged),
    finalLoss: last?.values.sslLoss,
    finalMi: last?.values.miZ1Z2,
    finalLinearZ1: lastEval?.z1.linearTop1,
    finalKnnZ1: lastEval?.z1.knnTop1,
    finalLinearZ2: lastEval?.z2.linearTop1,
    finalKnnZ2: lastEval?.z2.knnTop1,
  };
}

export interface ConfigChange {
  path: string;
  from: string;
  to: string;
}

/** Settings of `config` that differ from `base` (in the config's declaration order). */
export function configDiff(base: RunConfig, config: RunConfig): ConfigChange[] {
  const before = new Map(flattenConfig(base).map(([p, v]) => [p, formatLeaf(v)]));
  const out: ConfigChange[] = [];
  for (const [path, value] of flattenConfig(config)) {
    const to = formatLeaf(value);
    const from = before.get(path) ?? '';
    // SAE sizes mean nothing while the SAE is off.
    if (path.startsWith('projector.sae.') && path !== 'projector.sae.enabled' && !config.projector.sae.enabled && !base.projector.sae.enabled) continue;
    if (from !== to) out.push({ path, from, to });
  }
  return out;
}

/** The run the table diffs against: the chosen one, else the oldest run, else the default config. */
export function baselineConfig(s: Pick<LabState, 'baselineId' | 'runs' | 'runOrder'>): { id?: string; config: RunConfig } {
  const id = s.baselineId && s.runs[s.baselineId] ? s.baselineId : s.runOrder[0];
  return id ? { id, config: s.runs[id].config } : { config: defaultConfig() };
}

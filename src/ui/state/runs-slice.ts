// Runs and their histories. IndexedDB is the source of truth (read on load and when a run is
// first drawn); the engine's events are live deltas appended here in between.
import type { StateCreator } from 'zustand';
import type { EvalResult, MetricPoint, RunRecord } from '../../engine/run-types';
import { EMPTY_HISTORY, mergeByStep, truncateAfter, type RunHistory } from './history';
import { assignStyles } from './run-styles';
import type { LabState } from './store';

export interface RunsSlice {
  runs: Record<string, RunRecord>;
  runOrder: string[]; // oldest first
  histories: Record<string, RunHistory>;
  runsLoaded: boolean;
  /** Replaces the run list (from IndexedDB); keeps live histories. */
  setRuns(records: RunRecord[]): void;
  upsertRun(record: RunRecord): void;
  patchRun(id: string, patch: Partial<RunRecord>): void;
  removeRun(id: string): void;
  /** Stores what IndexedDB holds for a run, merged with the live points that arrived first. */
  setHistory(id: string, metrics: MetricPoint[], evaluations: EvalResult[]): void;
  /** Live deltas of several runs in one update (one render per animation frame). */
  appendMetrics(batches: Record<string, MetricPoint[]>): void;
  appendEvaluation(id: string, result: EvalResult): void;
  truncateHistory(id: string, step: number): void;
}

const byCreation = (runs: Record<string, RunRecord>) =>
  Object.values(runs)
    .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id))
    .map((r) => r.id);

export const createRunsSlice: StateCreator<LabState, [], [], RunsSlice> = (set) => ({
  runs: {},
  runOrder: [],
  histories: {},
  runsLoaded: false,
  setRuns: (records) =>
    set((s) => {
      const runs = Object.fromEntries(records.map((r) => [r.id, r]));
      // Runs started in this page before the list arrived are kept.
      for (const id of s.runOrder) if (!runs[id] && s.live[id]) runs[id] = s.runs[id];
      const runOrder = byCreation(runs);
      return {
        runs,
        runOrder,
        runsLoaded: true,
        styleIndex: assignStyles(s.styleIndex, runOrder),
        selected: s.selected.filter((id) => runs[id]),
      };
    }),
  upsertRun: (record) =>
    set((s) => {
      const runs = { ...s.runs, [record.id]: record };
      const runOrder = s.runs[record.id] ? s.runOrder : byCreation(runs);
      return { runs, runOrder, styleIndex: assignStyles(s.styleIndex, runOrder) };
    }),
  patchRun: (id, patch) =>
    set((s) => {
      const current = s.runs[id];
      // An unchanged record keeps its identity: progress events repeat most fields.
      if (!current || Object.entries(patch).every(([k, v]) => current[k as keyof RunRecord] === v)) return s;
      return { runs: { ...s.runs, [id]: { ...current, ...patch } } };
    }),
  removeRun: (id) =>
    set((s) => {
      const { [id]: _run, ...runs } = s.runs;
      const { [id]: _history, ...histories } = s.histories;
      const { [id]: _live, ...live } = s.live;
      const runOrder = s.runOrder.filter((r) => r !== id);
      return {
        runs,
        histories,
        live,
        runOrder,
        styleIndex: assignStyles(s.styleIndex, runOrder),
        selected: s.selected.filter((r) => r !== id),
        baselineId: s.baselineId === id ? undefined : s.baselineId,
        focusId: s.focusId === id ? undefined : s.focusId,
      };
    }),
  setHistory: (id, metrics, evaluations) =>
    set((s) => {
      const live = s.histories[id] ?? EMPTY_HISTORY;
      return {
        histories: {
          ...s.histories,
          [id]: { metrics: mergeByStep(metrics, live.metrics), evaluations: mergeByStep(evaluations, live.evaluations), loaded: true },
        },
      };
    }),
  appendMetrics: (batches) =>
    set((s) => {
      const histories = { ...s.histories };
      for (const [id, points] of Object.entries(batches)) {
        const h = histories[id] ?? EMPTY_HISTORY;
        histories[id] = { ...h, metrics: mergeByStep(h.metrics, points) };
      }
      return { histories };
    }),
  appendEvaluation: (id, result) =>
    set((s) => {
      const h = s.histories[id] ?? EMPTY_HISTORY;
      const histories = { ...s.histories, [id]: { ...h, evaluations: mergeByStep(h.evaluations, [result]) } };
      const run = s.runs[id];
      if (!run) return { histories };
      // No "best" evaluation: a maximum over evaluations on the test split is optimistically
      // biased (docs/method.md); the table and exports show final values.
      return { histories, runs: { ...s.runs, [id]: { ...run, lastEval: result } } };
    }),
  truncateHistory: (id, step) =>
    set((s) => {
      const h = s.histories[id];
      if (!h) return s;
      const next = truncateAfter(h, step);
      return next === h ? s : { histories: { ...s.histories, [id]: next } };
    }),
});

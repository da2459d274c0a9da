// Runs and their histories. IndexedDB is the source of truth (read on load and when a run is
// first drawn); the engine's events are live deltas appended here in between.
import type { StateCreator } from 'zustand';
import type { EvalResult, MetricPoint, RunRecord } from '../../engine/run-types';
import { EMPTY_HISTORY, mergeByStep, truncateAfter, type RunHistory } from './history';
import { assignStyles } from './run-styles';
import type { LabState } from './store';

/** A stored record this build cannot read (an older build's, or corrupted): shown, deletable. */
export interface UnreadableRun {
  id: string;
  name: string; // the record's name when it has a readable one, else its id
  problem: string; // the first field that is wrong, with its limit
}

export interface RunsSlice {
  runs: Record<string, RunRecord>;
  /** Stored records that failed validation on read, by id (never in `runs`). */
  unreadable: Record<string, UnreadableRun>;
  runOrder: string[]; // oldest first
  histories: Record<string, RunHistory>;
  runsLoaded: boolean;
  /** Replaces the run list (from IndexedDB); keeps live histories. */
  setRuns(records: RunRecord[], unreadable?: UnreadableRun[]): void;
  markUnreadable(run: UnreadableRun): void;
  upsertRun(record: RunRecord): void;
  patchRun(id: string, patch: Partial<RunRecord>): void;
  removeRun(id: string): void;
  /** Stores what IndexedDB holds for a run, merged with the live points that arrived first. */
  setHistory(id: string, metrics: MetricPoint[], evaluations: EvalResult[], problem?: string): void;
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
  unreadable: {},
  runOrder: [],
  histories: {},
  runsLoaded: false,
  setRuns: (records, unreadable = []) =>
    set((s) => {
      const runs = Object.fromEntries(records.map((r) => [r.id, r]));
      // Runs started in this page before the list arrived are kept.
      for (const id of s.runOrder) if (!runs[id] && s.live[id]) runs[id] = s.runs[id];
      const runOrder = byCreation(runs);
      return {
        runs,
        unreadable: Object.fromEntries(unreadable.filter((u) => !runs[u.id]).map((u) => [u.id, u])),
        runOrder,
        runsLoaded: true,
        styleIndex: assignStyles(s.styleIndex, runOrder),
        selected: s.selected.filter((id) => runs[id]),
      };
    }),
  markUnreadable: (run) =>
    set((s) => {
      const { [run.id]: _run, ...runs } = s.runs;
      return { runs, runOrder: s.runOrder.filter((r) => r !== run.id), unreadable: { ...s.unreadable, [run.id]: run } };
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
      const { [id]: _unreadable, ...unreadable } = s.unreadable;
      const runOrder = s.runOrder.filter((r) => r !== id);
      return {
        runs,
        histories,
        live,
        unreadable,
        runOrder,
        styleIndex: assignStyles(s.styleIndex, runOrder),
        selected: s.selected.filter((r) => r !== id),
        baselineId: s.baselineId === id ? undefined : s.baselineId,
        focusId: s.focusId === id ? undefined : s.focusId,
      };
    }),
  setHistory: (id, metrics, evaluations, problem) =>
    set((s) => {
      const live = s.histories[id] ?? EMPTY_HISTORY;
      return {
        histories: {
          ...s.histories,
          [id]: { metrics: mergeByStep(metrics, live.metrics), evaluations: mergeByStep(evaluations, live.evaluations), loaded: true, problem },
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

// The paper's claim as one picture: each run is a point at (its final I(Z1;Z2), its final
// linear-probe accuracy on Z1). A tighter bottleneck (lower I) should sit higher. I(Z1;Z2) is
// the last logging interval's mean, as in study.json (engine/study/build.ts finalRunValues).
import type { RunRecord } from '../../../engine/run-types';
import type { RunHistory } from '../../state/history';

export interface ScatterPoint {
  runId: string;
  mi: number; // I(Z1;Z2) of the last logged point: a mean over its logging interval
  accuracy: number; // linear probe top-1 on Z1 at the last evaluation
  step: number;
}

export function scatterPoint(run: RunRecord, history: RunHistory | undefined): ScatterPoint | undefined {
  const evaluation = history?.evaluations[history.evaluations.length - 1] ?? run.lastEval;
  const mi = history?.metrics[history.metrics.length - 1]?.values.miZ1Z2;
  if (!evaluation || mi === undefined || !Number.isFinite(mi) || !Number.isFinite(evaluation.z1.linearTop1)) return undefined;
  return { runId: run.id, mi, accuracy: evaluation.z1.linearTop1, step: evaluation.step };
}

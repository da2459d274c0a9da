// The paper's claim as one picture: each run is a point at (its final I(Z1;Z2), its final
// linear-probe accuracy on Z1). A tighter bottleneck (lower I) should sit higher.
import type { RunRecord } from '../../../engine/run-types';
import type { RunHistory } from '../../state/history';

export interface ScatterPoint {
  runId: string;
  mi: number; // mean I(Z1;Z2) over the last logged points (one point is noisy)
  accuracy: number; // linear probe top-1 on Z1 at the last evaluation
  step: number;
}

const TAIL = 5;

export function scatterPoint(run: RunRecord, history: RunHistory | undefined): ScatterPoint | undefined {
  const evaluation = history?.evaluations[history.evaluations.length - 1] ?? run.lastEval;
  const tail = (history?.metrics ?? [])
    .slice(-TAIL)
    .map((p) => p.values.miZ1Z2)
    .filter(Number.isFinite);
  if (!evaluation || !tail.length || !Number.isFinite(evaluation.z1.linearTop1)) return undefined;
  return { runId: run.id, mi: tail.reduce((a, b) => a + b, 0) / tail.length, accuracy: evaluation.z1.linearTop1, step: evaluation.step };
}

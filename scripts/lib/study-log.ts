// A study run's JSON-line log (the headless trainer's stdout, appended across resumes) read
// back as the lab's records: metric points and evaluations by step. A resumed trainer logs
// again the steps after its checkpoint, so the last line for a step wins.
import { STEP_METRICS, type StepMetrics } from '../../src/core/step-metrics';
import type { EvalResult, MetricPoint } from '../../src/engine/run-types';

export interface RunLog {
  info?: { totalSteps: number; stepsPerEpoch: number; trainImages: number; dataset: string; backend: string };
  metrics: MetricPoint[];
  evaluations: EvalResult[];
  /** Training wall time from the logged step times (pauses between resumes excluded). */
  trainSeconds: number;
}

const num = (v: unknown) => (typeof v === 'number' ? v : v === null ? NaN : NaN);

export function parseRunLog(text: string, fileName: string): RunLog {
  const metrics = new Map<number, MetricPoint>();
  const evaluations = new Map<number, EvalResult>();
  let info: RunLog['info'];
  text.split('\n').forEach((line, i) => {
    if (!line.trim()) return;
    let raw: Record<string, unknown>;
    try {
      raw = JSON.parse(line) as Record<string, unknown>;
    } catch {
      throw new Error(`${fileName}, line ${i + 1}: not valid JSON (delete the file and its checkpoint to rerun that run)`);
    }
    const step = num(raw.step);
    if (raw.type === 'run') {
      info = {
        totalSteps: num(raw.totalSteps),
        stepsPerEpoch: num(raw.stepsPerEpoch),
        trainImages: num(raw.trainImages),
        dataset: String(raw.dataset ?? ''),
        backend: String(raw.backend ?? ''),
      };
    } else if (raw.type === 'metrics') {
      const values = Object.fromEntries(STEP_METRICS.map((k) => [k, num(raw[k])])) as StepMetrics;
      metrics.set(step, {
        step,
        epoch: num(raw.epoch),
        lr: num(raw.lr),
        values,
        stepMillis: num(raw.stepMillis),
        imagesPerSecond: num(raw.imagesPerSecond),
        memory: { tensors: num(raw.tensors), bytes: NaN },
      });
    } else if (raw.type === 'evaluation') {
      const protocol = (raw.protocol ?? { trainImages: num(raw.trainImages), testImages: num(raw.testImages) }) as EvalResult['protocol'];
      evaluations.set(step, {
        step,
        epoch: num(raw.epoch),
        z1: { linearTop1: num(raw.z1LinearTop1), linearTop5: num(raw.z1LinearTop5), knnTop1: num(raw.z1KnnTop1) },
        z2: { linearTop1: num(raw.z2LinearTop1), linearTop5: num(raw.z2LinearTop5), knnTop1: num(raw.z2KnnTop1) },
        millis: num(raw.seconds) * 1000,
        protocol,
      });
    }
  });
  const sorted = [...metrics.values()].sort((a, b) => a.step - b.step);
  let trainSeconds = 0;
  let previous = 0;
  for (const p of sorted) {
    if (Number.isFinite(p.stepMillis)) trainSeconds += ((p.step - previous) * p.stepMillis) / 1000;
    previous = p.step;
  }
  return { info, metrics: sorted, evaluations: [...evaluations.values()].sort((a, b) => a.step - b.step), trainSeconds };
}

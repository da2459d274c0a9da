// From a study directory's run logs to its three outputs: study.json (final values, summaries,
// paired differences), study.md (the table and the protocol) and the SVG figures (accuracy
// against I(Z1;Z2) with error bars; mean curves with 95% bands).
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { variantOf } from '../../src/core/config-presets';
import { buildStudy, finalRunValues, studyProtocol, type VariantRuns } from '../../src/engine/study/build';
import type { PlannedRun } from '../../src/engine/study/cli';
import { studyMarkdown } from '../../src/engine/study/markdown';
import { curvesSvg, scatterSvg } from '../../src/engine/study/study-svg';
import type { StudyJson } from '../../src/engine/study/types';
import { ZERO_ROW_SHORT } from '../../src/eval/labels';
import { meanCurve } from '../../src/eval/stats';
import type { RunConfig } from '../../src/core/config';
import { parseRunLog, type RunLog } from './study-log';
import { runFiles } from './study-runner';

function writeAtomically(path: string, text: string): void {
  writeFileSync(`${path}.partial`, text);
  renameSync(`${path}.partial`, path);
}

export interface CollectedStudy {
  study: StudyJson;
  logs: Map<string, RunLog>; // by run key
  missing: string[]; // runs without final values (failed or not finished)
}

export function collectStudy(dir: string, plan: readonly PlannedRun[], base: RunConfig, label: string, wallSeconds: number): CollectedStudy {
  const logs = new Map<string, RunLog>();
  const missing: string[] = [];
  const variants = new Map<string, VariantRuns>();
  for (const run of plan) {
    let variant = variants.get(run.variant);
    if (!variant) variants.set(run.variant, (variant = { name: run.variant, config: run.config, runs: [] }));
    const files = runFiles(dir, run.key);
    const log = existsSync(files.log) ? parseRunLog(readFileSync(files.log, 'utf8'), files.log) : undefined;
    const final = log && existsSync(files.done) ? finalRunValues(run.seed, log.metrics, log.evaluations) : undefined;
    if (!log || !final) {
      missing.push(run.key);
      continue;
    }
    logs.set(run.key, log);
    variant.runs.push({ ...final, seconds: Math.round(log.trainSeconds * 10) / 10 });
  }
  const first = [...logs.values()][0];
  const seeds = [...new Set(plan.map((r) => r.seed))];
  const protocol = studyProtocol(base, seeds, {
    host: 'headless',
    trainImages: first?.info?.trainImages ?? NaN,
    stepsPerRun: first?.info?.totalSteps ?? NaN,
    evalProtocol: first?.evaluations[first.evaluations.length - 1]?.protocol,
    anyDiscrete: plan.some((r) => variantOf(r.config).discrete),
    backend: first?.info?.backend,
  });
  protocol.wallSeconds = Math.round(wallSeconds);
  return { study: buildStudy(label, protocol, [...variants.values()]), logs, missing };
}

const CURVES: { file: string; title: string; yLabel: string; source: 'metrics' | 'evaluations'; pick: string; percent?: boolean; discreteOnly?: boolean }[] = [
  { file: 'curves-ssl-loss.svg', title: 'SSL loss', yLabel: 'loss (interval mean)', source: 'metrics', pick: 'sslLoss' },
  { file: 'curves-mi.svg', title: 'I(Z1;Z2)', yLabel: 'nats (interval mean)', source: 'metrics', pick: 'miZ1Z2' },
  { file: 'curves-hz1.svg', title: 'H(Z1)', yLabel: 'nats (interval mean)', source: 'metrics', pick: 'hZ1' },
  { file: 'curves-hz2.svg', title: 'H(Z2)', yLabel: 'nats (interval mean)', source: 'metrics', pick: 'hZ2' },
  {
    file: 'curves-zero-rows.svg',
    title: 'All-zero rows of Z2',
    yLabel: 'share of rows',
    source: 'metrics',
    pick: 'zeroRowsZ2',
    percent: true,
    discreteOnly: true,
  },
  {
    file: 'curves-z1-linear.svg',
    title: 'Z1 linear probe at each evaluation',
    yLabel: 'test top-1 (lab probe)',
    source: 'evaluations',
    pick: 'z1',
    percent: true,
  },
];

/** Writes study.json, study.md and the figures; returns the names written. */
export function writeStudyOutputs(dir: string, collected: CollectedStudy, plan: readonly PlannedRun[]): string[] {
  const { study, logs } = collected;
  const written = ['study.json', 'study.md', 'accuracy-vs-mi.svg'];
  writeAtomically(join(dir, 'study.json'), JSON.stringify(study, null, 1) + '\n');
  writeAtomically(join(dir, 'study.md'), studyMarkdown(study));
  writeAtomically(join(dir, 'accuracy-vs-mi.svg'), scatterSvg(study));
  const anyDiscrete = study.protocol.zeroRows !== undefined;
  for (const c of CURVES) {
    if (c.discreteOnly && !anyDiscrete) continue;
    const series = study.variants.map((v) => {
      const runs = plan.filter((r) => r.variant === v.name && logs.has(r.key)).map((r) => logs.get(r.key)!);
      const points = runs.map((log) =>
        c.source === 'metrics'
          ? log.metrics.map((p) => ({ x: p.step, y: p.values[c.pick as keyof typeof p.values] }))
          : log.evaluations.map((e) => ({ x: e.step, y: e.z1.linearTop1 })),
      );
      return { name: v.name, points: meanCurve(points, 'ci95') };
    });
    const caption = [
      ...(c.source === 'evaluations' ? [`Accuracy: ${study.protocol.probe}.`] : []),
      ...(anyDiscrete && (c.pick === 'miZ1Z2' || c.pick === 'hZ2' || c.pick === 'zeroRowsZ2') ? [ZERO_ROW_SHORT] : []),
    ];
    writeAtomically(join(dir, c.file), curvesSvg(`${study.label}: ${c.title}`, c.yLabel, series, { percent: c.percent, caption }));
    written.push(c.file);
  }
  return written;
}

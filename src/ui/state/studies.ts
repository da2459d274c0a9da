// The lab's studies: runs of a sweep with seeds carry a group (study id, variant, seed). Here
// they become series for the charts (one per variant: mean and band) and study.json objects
// for the study table, the scatter and "Export study", built by the same code as the headless
// `npm run study` (engine/study/build.ts), so a lab study and a headless one read alike.
// Pure functions of the store's data.
import { variantOf } from '../../core/config-presets';
import { trainImages } from '../../core/config-datasets';
import type { RunGroup, RunRecord } from '../../engine/run-types';
import { buildStudy, finalRunValues, studyProtocol, type VariantRuns } from '../../engine/study/build';
import type { StudyJson } from '../../engine/study/types';
import type { RunHistory } from './history';
import type { ChartGrouping } from './ui-slice';

export const groupKey = (g: RunGroup) => `${g.studyId}/${g.variant}`;

/** What a chart draws as one line: a run, or (grouped) the runs of one study variant. */
export interface ChartSeries {
  id: string; // the run id, or "group:<study>/<variant>"
  name: string;
  runIds: string[]; // the runs it stands for (the first one lends its style)
}

/** The series for the overlaid runs: grouped by study variant unless `grouping` is 'runs'. */
export function chartSeries(runIds: readonly string[], runs: Readonly<Record<string, RunRecord>>, grouping: ChartGrouping): ChartSeries[] {
  const out: ChartSeries[] = [];
  const byGroup = new Map<string, ChartSeries>();
  for (const id of runIds) {
    const group = runs[id]?.group;
    if (grouping === 'runs' || !group) {
      out.push({ id, name: runs[id]?.name ?? id, runIds: [id] });
      continue;
    }
    const key = groupKey(group);
    let series = byGroup.get(key);
    if (!series) {
      series = { id: `group:${key}`, name: `${group.studyLabel} · ${group.variant}`, runIds: [] };
      byGroup.set(key, series);
      out.push(series);
    }
    series.runIds.push(id);
  }
  for (const s of byGroup.values()) s.name = `${s.name} (${s.runIds.length === 1 ? '1 seed' : `mean of ${s.runIds.length} seeds`})`;
  return out;
}

/** A study of this browser: its runs by variant, and study.json built from the finished ones. */
export interface LabStudy {
  studyId: string;
  label: string;
  runIds: string[]; // every run of the study, finished or not
  pending: number; // runs not (yet) counted: still training, stopped, failed, or history not read
  study: StudyJson;
}

export function labStudies(
  runs: Readonly<Record<string, RunRecord>>,
  runOrder: readonly string[],
  histories: Readonly<Record<string, RunHistory>>,
): LabStudy[] {
  const studies = new Map<string, { label: string; runIds: string[]; variants: Map<string, VariantRuns & { runIds: string[] }> }>();
  for (const id of runOrder) {
    const run = runs[id];
    const g = run?.group;
    if (!g) continue;
    let study = studies.get(g.studyId);
    if (!study) studies.set(g.studyId, (study = { label: g.studyLabel, runIds: [], variants: new Map() }));
    study.runIds.push(id);
    let variant = study.variants.get(g.variant);
    if (!variant) study.variants.set(g.variant, (variant = { name: g.variant, config: run.config, runs: [], runIds: [] }));
    variant.runIds.push(id);
  }
  return [...studies.entries()].map(([studyId, s]) => {
    let pending = 0;
    let first: RunRecord | undefined;
    for (const variant of s.variants.values()) {
      for (const id of variant.runIds) {
        const run = runs[id];
        const history = histories[id];
        // Final values only of runs that ran their whole budget (a stopped run is not comparable).
        const final = run.status === 'done' && history ? finalRunValues(run.group!.seed, history.metrics, history.evaluations) : undefined;
        if (!final) {
          pending++;
          continue;
        }
        first ??= run;
        variant.runs.push({ ...final, runId: id, seconds: Math.round(run.trainMillis / 100) / 10 });
      }
    }
    const variants = [...s.variants.values()].map(({ runIds: _ids, ...v }) => v);
    const reference = first ?? runs[s.runIds[0]];
    const seeds = [...new Set(s.runIds.map((id) => runs[id].group!.seed))];
    const protocol = studyProtocol(reference.config, seeds, {
      host: 'lab',
      trainImages: trainImages(reference.config),
      stepsPerRun: reference.totalSteps,
      evalProtocol: reference.lastEval?.protocol,
      anyDiscrete: variants.some((v) => variantOf(v.config).discrete),
      backend: reference.backend,
    });
    protocol.createdAt = new Date(runs[s.runIds[0]].createdAt).toISOString();
    return { studyId, label: s.label, runIds: s.runIds, pending, study: buildStudy(s.label, protocol, variants) };
  });
}

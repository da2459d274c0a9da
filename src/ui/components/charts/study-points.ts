// The scatter's study points: each variant of a study (this browser's sweeps with seeds, and
// imported study.json files) at its mean final I(Z1;Z2) and mean final Z1 linear-probe
// accuracy, with error bars in both directions: the 95% CI over seeds or their min-max.
import type { StudyJson, StudyVariant } from '../../../engine/study/types';
import { minMax, type BandKind } from '../../../eval/stats';

export interface StudyPoint {
  id: string; // "<study label>/<variant>", unique per scatter
  name: string;
  studyIndex: number; // which study (its marker shape)
  variantIndex: number; // which variant (its colour)
  mi: number;
  accuracy: number;
  // Offsets below and above the mean (recharts ErrorBar's [low, high]); absent: no bar (n = 1).
  miErr?: [number, number];
  accuracyErr?: [number, number];
  n: number;
  runId?: string; // a lab study's first run of the variant (lends the point its style)
}

function errorOf(variant: StudyVariant, metric: 'miZ1Z2' | 'z1LinearTop1', band: BandKind): [number, number] | undefined {
  const s = variant.summary[metric];
  if (s.mean === null) return undefined;
  const range = band === 'ci95' ? s.ci95 : s.n >= 2 ? minMax(variant.runs.map((r) => r[metric] ?? NaN)) : undefined;
  return range ? [s.mean - range[0], range[1] - s.mean] : undefined;
}

export function studyPoints(studies: readonly StudyJson[], band: BandKind): StudyPoint[] {
  return studies.flatMap((study, studyIndex) =>
    study.variants.flatMap((v, variantIndex) => {
      const mi = v.summary.miZ1Z2.mean;
      const accuracy = v.summary.z1LinearTop1.mean;
      if (mi === null || accuracy === null) return [];
      const miErr = errorOf(v, 'miZ1Z2', band);
      const accuracyErr = errorOf(v, 'z1LinearTop1', band);
      return [
        {
          id: `${studyIndex}/${v.name}`,
          name: `${study.label} · ${v.name} (n = ${v.summary.z1LinearTop1.n})`,
          studyIndex,
          variantIndex,
          mi,
          accuracy,
          n: v.summary.z1LinearTop1.n,
          ...(v.runs[0]?.runId ? { runId: v.runs[0].runId } : {}),
          ...(miErr ? { miErr } : {}),
          ...(accuracyErr ? { accuracyErr } : {}),
        },
      ];
    }),
  );
}

// This browser's studies (sweeps with seeds) as study.json objects. Subscribes to the records
// and histories of study runs only: a run outside any study (the usual training run) never
// re-renders the study table or recomputes the studies. The runs' stored histories are read
// once (their final values need the last logged interval, which the record does not hold).
import { useEffect, useMemo } from 'react';
import { useShallow } from 'zustand/react/shallow';
import type { RunRecord } from '../../../engine/run-types';
import { labStudies, type LabStudy } from '../../state/studies';
import { useLab } from '../../state/store';
import { useController } from '../services';

export function useLabStudies(): LabStudy[] {
  const lab = useController();
  const records = useLab(useShallow((s) => s.runOrder.flatMap((id) => (s.runs[id]?.group ? [s.runs[id]] : []))));
  const histories = useLab(useShallow((s) => records.map((r) => s.histories[r.id])));
  const done = records.filter((r) => r.status === 'done').map((r) => r.id);
  const key = done.join(',');
  useEffect(() => {
    for (const id of key ? key.split(',') : []) void lab.ensureHistory(id);
  }, [lab, key]);
  return useMemo(() => {
    const runs: Record<string, RunRecord> = Object.fromEntries(records.map((r) => [r.id, r]));
    const byId = Object.fromEntries(records.flatMap((r, i) => (histories[i] ? [[r.id, histories[i]]] : [])));
    return labStudies(
      runs,
      records.map((r) => r.id),
      byId,
    );
  }, [records, histories]);
}

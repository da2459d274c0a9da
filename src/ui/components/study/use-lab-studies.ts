// This browser's studies (sweeps with seeds) as study.json objects, recomputed when runs or
// the given histories change; the runs' stored histories are read once (their final values
// need the last logged interval, which the run record does not hold).
import { useEffect, useMemo } from 'react';
import type { RunHistory } from '../../state/history';
import { labStudies, type LabStudy } from '../../state/studies';
import { useLab } from '../../state/store';
import { useController } from '../services';

export function useLabStudies(histories: Readonly<Record<string, RunHistory>>): LabStudy[] {
  const lab = useController();
  const runs = useLab((s) => s.runs);
  const runOrder = useLab((s) => s.runOrder);
  const grouped = useMemo(() => runOrder.filter((id) => runs[id]?.group && runs[id].status === 'done'), [runOrder, runs]);
  const key = grouped.join(',');
  useEffect(() => {
    for (const id of key ? key.split(',') : []) void lab.ensureHistory(id);
  }, [lab, key]);
  return useMemo(() => labStudies(runs, runOrder, histories), [runs, runOrder, histories]);
}

// Why a stopped-short run cannot continue, in words for the run table and the header: a run
// cut off before its first checkpoint has nothing to resume from, and the lab says so (with
// what to do) instead of leaving Continue and Resume silently missing.
import type { RunRecord, RunStatus } from '../../engine/run-types';

export function noCheckpointNote(run: RunRecord, status: RunStatus): string | undefined {
  const cutShort = status === 'interrupted' || status === 'paused' || status === 'stopped';
  if (!cutShort || run.checkpointStep !== undefined || (run.totalSteps > 0 && run.step >= run.totalSteps)) return undefined;
  const again = 'Start it again (More → Use this config, then Start).';
  if (run.origin === 'imported')
    return `Nothing to resume from: no usable checkpoint came with this run, so it can be viewed and compared but not continued. ${again}`;
  return `Nothing to resume from: the run stopped before its first checkpoint was saved. ${again}`;
}

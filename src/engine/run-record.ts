// The one way a run record comes into being: a run started here (the page writes it into the
// store at once, the worker into IndexedDB), a checkpoint file or PyTorch weights imported as a
// run. Each caller states only what differs from a fresh local run at step 0. Pure data: the
// page imports it too.
import type { RunConfig } from '../core/config';
import type { RunGroup, RunRecord } from './run-types';

export interface NewRun {
  id: string;
  name: string;
  config: RunConfig;
  /** ms since epoch: createdAt and updatedAt. */
  now: number;
  group?: RunGroup;
}

/** A local run at step 0, status 'running', with `changes` on top (an import's status, step, origin …). */
export function newRunRecord(run: NewRun, changes: Partial<RunRecord> = {}): RunRecord {
  return {
    id: run.id,
    name: run.name,
    config: run.config,
    datasetId: run.config.data.dataset,
    status: 'running',
    createdAt: run.now,
    updatedAt: run.now,
    step: 0,
    totalSteps: 0,
    trainMillis: 0,
    origin: 'local',
    ...(run.group ? { group: run.group } : {}),
    ...changes,
  };
}

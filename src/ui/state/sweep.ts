// The sweep queue: several presets trained one after another on the same data and budget.
// Pure functions over plain data (the store holds the Sweep; the engine bridge starts the next
// item when a run ends), so the queue's rules are tested without a worker.
import type { RunConfig } from '../../core/config';
import { applyPreset, presetById, type PresetId, type PresetStrengths } from '../../core/config-presets';
import type { RunStatus } from '../../engine/run-types';

export type SweepItemStatus = 'waiting' | 'running' | 'done' | 'failed' | 'skipped';

export interface SweepItem {
  presetId: PresetId;
  config: RunConfig; // the base config with the preset applied
  name: string;
  runId?: string; // once started
  status: SweepItemStatus;
}

export interface Sweep {
  id: string;
  label: string; // "Sweep 2"
  items: SweepItem[];
  state: 'running' | 'done' | 'cancelled';
}

/** Statuses after which a run will not train again by itself. */
export function isFinished(status: RunStatus): boolean {
  return status === 'done' || status === 'stopped' || status === 'diverged' || status === 'failed';
}

export function createSweep(id: string, label: string, base: RunConfig, presets: readonly PresetId[], strengths: PresetStrengths): Sweep {
  if (presets.length === 0) throw new Error('a sweep needs at least one preset');
  return {
    id,
    label,
    state: 'running',
    items: presets.map((presetId) => ({
      presetId,
      config: applyPreset(base, presetId, strengths),
      name: `${label} · ${presetById(presetId)?.label ?? presetId}`,
      status: 'waiting',
    })),
  };
}

/** The item to start now: the first waiting one, if nothing of the sweep is running. */
export function nextItemIndex(sweep: Sweep): number {
  if (sweep.state !== 'running' || sweep.items.some((i) => i.status === 'running')) return -1;
  return sweep.items.findIndex((i) => i.status === 'waiting');
}

function withItems(sweep: Sweep, items: SweepItem[]): Sweep {
  const open = items.some((i) => i.status === 'waiting' || i.status === 'running');
  return { ...sweep, items, state: sweep.state === 'running' && !open ? 'done' : sweep.state };
}

export function markStarted(sweep: Sweep, index: number, runId: string): Sweep {
  return withItems(
    sweep,
    sweep.items.map((item, i) => (i === index ? { ...item, runId, status: 'running' } : item)),
  );
}

/** Records a run's end; a run that is not part of the sweep changes nothing. */
export function markFinished(sweep: Sweep, runId: string, status: RunStatus): Sweep {
  if (!isFinished(status) || !sweep.items.some((i) => i.runId === runId && i.status === 'running')) return sweep;
  const outcome: SweepItemStatus = status === 'done' ? 'done' : 'failed';
  return withItems(
    sweep,
    sweep.items.map((item) => (item.runId === runId ? { ...item, status: outcome } : item)),
  );
}

/** Stops the queue: items not started are skipped (a running one is stopped by the caller). */
export function cancelSweep(sweep: Sweep): Sweep {
  return { ...sweep, state: 'cancelled', items: sweep.items.map((i) => (i.status === 'waiting' ? { ...i, status: 'skipped' } : i)) };
}

export function sweepRunIds(sweep: Sweep): string[] {
  return sweep.items.flatMap((i) => (i.runId ? [i.runId] : []));
}

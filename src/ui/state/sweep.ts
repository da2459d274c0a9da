// The sweep queue: several presets trained one after another on the same data and budget,
// each with the same seeds (a study: variants x seeds). Pure functions over plain data (the
// store holds the Sweep; the engine bridge starts the next item when a run ends), so the
// queue's rules are tested without a worker.
import type { RunConfig } from '../../core/config';
import { applyPreset, presetById, type PresetId, type PresetStrengths } from '../../core/config-presets';
import type { RunGroup, RunStatus } from '../../engine/run-types';

export type SweepItemStatus = 'waiting' | 'running' | 'done' | 'failed' | 'skipped';

export interface SweepItem {
  presetId: PresetId;
  config: RunConfig; // the base config with the preset applied, and the item's seed
  name: string;
  seed: number;
  runId?: string; // once started
  status: SweepItemStatus;
}

export interface Sweep {
  id: string;
  label: string; // "Sweep 2"
  items: SweepItem[];
  seeds: number; // seeds per variant (1: one run per preset)
  state: 'running' | 'done' | 'cancelled';
}

/** Most seeds per variant the picker offers (each is a whole run per variant). */
export const MAX_SEEDS = 20;

/** The paper's comparison (and `npm run study`'s default): the baseline and each regulariser alone, 3 seeds each. */
export const PAPER_STUDY: { presets: PresetId[]; seeds: number } = { presets: ['baseline', 'reg', 'discrete', 'sae'], seeds: 3 };

/** Statuses after which a run will not train again by itself. */
export function isFinished(status: RunStatus): boolean {
  return status === 'done' || status === 'stopped' || status === 'diverged' || status === 'failed';
}

/**
 * One item per preset and seed, seed-major (every variant of seed s before seed s + 1, so a
 * cancelled sweep still holds complete pairs). Seeds are the base config's seed and the next
 * `seeds - 1` numbers: the same for every variant, so differences pair by seed.
 */
export function createSweep(id: string, label: string, base: RunConfig, presets: readonly PresetId[], strengths: PresetStrengths, seeds = 1): Sweep {
  if (presets.length === 0) throw new Error('a sweep needs at least one preset');
  if (!Number.isInteger(seeds) || seeds < 1 || seeds > MAX_SEEDS) throw new Error(`seeds per variant must be a whole number from 1 to ${MAX_SEEDS}`);
  const items: SweepItem[] = [];
  for (let k = 0; k < seeds; k++) {
    const seed = base.seed + k;
    for (const presetId of presets) {
      const config = applyPreset(base, presetId, strengths);
      config.seed = seed;
      const variant = presetById(presetId)?.label ?? presetId;
      items.push({ presetId, config, seed, name: seeds > 1 ? `${label} · ${variant} · seed ${seed}` : `${label} · ${variant}`, status: 'waiting' });
    }
  }
  return { id, label, state: 'running', seeds, items };
}

/** The study membership a sweep item's run carries (its variant is the preset). */
export function itemGroup(sweep: Sweep, item: SweepItem): RunGroup {
  return { studyId: sweep.id, studyLabel: sweep.label, variant: presetById(item.presetId)?.label ?? item.presetId, seed: item.seed };
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

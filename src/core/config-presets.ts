// The paper's projector variants as pure config → config functions, shared by the lab's
// preset picker, its sweep queue and the headless trainer. A variant is three switches
// (training regulariser, discrete output, sparse-autoencoder projector); the presets are
// the baseline, each switch alone, and their combinations, all on the same budget: only
// the projector/regulariser settings change, never data, optimiser or schedule.
// Named config-presets.ts because src/architecture.test.ts lets ui/ import core/config* only.
import type { RunConfig } from './config';

export interface Variant {
  regularizer: boolean; // lmbd > 0: the I(Z1;Z2) training regulariser
  discrete: boolean; // pointNum > 0: discrete projector output
  sae: boolean; // sparse-autoencoder projector with top-k
}

/** Strengths a preset switches on. Chosen for short browser runs, not taken from the paper's YAMLs. */
export interface PresetStrengths {
  // I(Z1;Z2) is at most log(2B) (≈ 5.5 at batch 128), comparable to the NT-Xent loss, so 0.1
  // makes the regulariser a tenth of the objective: visible, without swamping the SSL loss.
  lmbd: number;
  // 5 levels {-1, -.5, 0, .5, 1}: the coarsest odd quantiser that keeps a zero level.
  pointNum: number;
}

export const DEFAULT_STRENGTHS: PresetStrengths = { lmbd: 0.1, pointNum: 5 };

export type PresetId = 'baseline' | 'reg' | 'discrete' | 'sae' | 'reg+discrete' | 'sae+reg' | 'sae+discrete' | 'sae+reg+discrete';

export interface Preset {
  id: PresetId;
  label: string; // short, for buttons and run names
  description: string; // one line, for the picker
  variant: Variant;
}

export const PRESETS: readonly Preset[] = [
  { id: 'baseline', label: 'Baseline', description: 'Plain MLP projector, no regulariser.', variant: { regularizer: false, discrete: false, sae: false } },
  { id: 'reg', label: '+Regulariser', description: 'Penalise I(Z1;Z2) during training (lmbd).', variant: { regularizer: true, discrete: false, sae: false } },
  {
    id: 'discrete',
    label: '+Discrete',
    description: 'Quantise the projector output to point_num levels.',
    variant: { regularizer: false, discrete: true, sae: false },
  },
  {
    id: 'sae',
    label: '+Sparse AE',
    description: 'Sparse-autoencoder projector keeping the top-k latents.',
    variant: { regularizer: false, discrete: false, sae: true },
  },
  {
    id: 'reg+discrete',
    label: '+Regulariser +Discrete',
    description: 'Regulariser and discrete output.',
    variant: { regularizer: true, discrete: true, sae: false },
  },
  {
    id: 'sae+reg',
    label: '+Sparse AE +Regulariser',
    description: 'Sparse-autoencoder projector with the regulariser.',
    variant: { regularizer: true, discrete: false, sae: true },
  },
  {
    id: 'sae+discrete',
    label: '+Sparse AE +Discrete',
    description: 'Sparse-autoencoder projector, then discretised.',
    variant: { regularizer: false, discrete: true, sae: true },
  },
  {
    id: 'sae+reg+discrete',
    label: 'All three',
    description: 'Sparse AE, discrete output and the regulariser.',
    variant: { regularizer: true, discrete: true, sae: true },
  },
];

export function presetById(id: string): Preset | undefined {
  return PRESETS.find((p) => p.id === id);
}

/** Which switches a config has on. */
export function variantOf(config: RunConfig): Variant {
  return { regularizer: config.loss.lmbd > 0, discrete: config.projector.pointNum > 0, sae: config.projector.sae.enabled };
}

/** The preset whose switches match the config (strengths may differ). */
export function presetOf(config: RunConfig): Preset {
  const v = variantOf(config);
  const match = PRESETS.find((p) => p.variant.regularizer === v.regularizer && p.variant.discrete === v.discrete && p.variant.sae === v.sae);
  // Every combination of the three switches is a preset, so the search cannot fail.
  return match ?? PRESETS[0];
}

/**
 * Sets the three switches; a switch that is already on keeps its strength (a tuned lmbd
 * survives "+Discrete"), one being switched on gets `strengths`. Returns a new config.
 */
export function applyVariant(config: RunConfig, variant: Variant, strengths: PresetStrengths = DEFAULT_STRENGTHS): RunConfig {
  const next: RunConfig = structuredClone(config);
  next.loss.lmbd = variant.regularizer ? (config.loss.lmbd > 0 ? config.loss.lmbd : strengths.lmbd) : 0;
  next.projector.pointNum = variant.discrete ? (config.projector.pointNum >= 2 ? config.projector.pointNum : strengths.pointNum) : 0;
  next.projector.sae.enabled = variant.sae;
  if (variant.sae && !(next.projector.sae.topK >= 1 && next.projector.sae.topK <= next.projector.sae.latentDim)) {
    // Repair a top-k the form left invalid while the SAE was off: a quarter of the latents.
    next.projector.sae.topK = Math.max(1, Math.floor(next.projector.sae.latentDim / 4));
  }
  return next;
}

/** Applies a preset with exactly `strengths` (sweeps: every run gets the same strengths). */
export function applyPreset(config: RunConfig, id: PresetId, strengths: PresetStrengths = DEFAULT_STRENGTHS): RunConfig {
  const preset = presetById(id);
  if (!preset) throw new Error(`unknown preset "${id}"`);
  const next = applyVariant(config, { regularizer: false, discrete: false, sae: false });
  return applyVariant(next, preset.variant, strengths);
}

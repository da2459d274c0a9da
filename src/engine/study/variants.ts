// Names of the paper's projector variants as the study command and study.json spell them:
// baseline, lmbd, discrete, sae and their combinations joined by '+' (lmbd+discrete, …), each
// naming which of the three switches (docs/method.md, "Structural regularisers") is on.
import { PRESETS, type PresetId, type Variant } from '../../core/config-presets';
import { variantOf } from '../../core/config-presets';
import type { RunConfig } from '../../core/config';

const SWITCHES: [keyof Variant, string][] = [
  ['regularizer', 'lmbd'],
  ['discrete', 'discrete'],
  ['sae', 'sae'],
];

/** The canonical name of a variant: "baseline", or the switches that are on, in a fixed order. */
export function variantName(variant: Variant): string {
  const on = SWITCHES.filter(([key]) => variant[key]).map(([, name]) => name);
  return on.length ? on.join('+') : 'baseline';
}

export const configVariantName = (config: RunConfig) => variantName(variantOf(config));

/** The preset of a variant name in any order ("discrete+lmbd", "reg" for lmbd); throws with the choices. */
export function parseVariantName(text: string): { name: string; preset: PresetId } {
  const parts = text
    .trim()
    .toLowerCase()
    .split('+')
    .map((p) => p.trim())
    .filter(Boolean);
  const variant: Variant = { regularizer: false, discrete: false, sae: false };
  for (const part of parts) {
    if (part === 'baseline' && parts.length === 1) continue;
    if (part === 'lmbd' || part === 'reg') variant.regularizer = true;
    else if (part === 'discrete') variant.discrete = true;
    else if (part === 'sae') variant.sae = true;
    else throw new Error(`unknown variant "${text}": use baseline, lmbd, discrete, sae, or switches joined by + (e.g. lmbd+discrete)`);
  }
  if (!parts.length) throw new Error('an empty variant name (use baseline, lmbd, discrete, sae, or e.g. lmbd+discrete)');
  const preset = PRESETS.find((p) => p.variant.regularizer === variant.regularizer && p.variant.discrete === variant.discrete && p.variant.sae === variant.sae);
  // Every combination of the three switches is a preset, so the search cannot fail.
  return { name: variantName(variant), preset: preset!.id };
}

// The names of the values a training step logs, in the order of the metrics vector the step
// returns. One list for the step (core/train-step.ts), the run files' schema and CSV columns
// (engine/run-schema.ts, ui/export/serialize.ts) and the headless study log: it has no TF.js
// behind it, so the page's file code can load it.

/** Order of the values in the metrics vector a step returns. */
export const STEP_METRICS = [
  'loss', // total loss that was minimised
  'sslLoss', // L_ssl on the projector output Z2
  'classifierLoss', // online linear classifier (cross-entropy) on stop-gradient Z1
  'classifierAcc', // its top-1 accuracy on this batch (both views)
  'miZ1Z2', // I_alpha(Z1; Z2): the regulariser, logged also when lmbd = 0
  'hZ1', // H_alpha(Z1)
  'hZ2', // H_alpha(Z2)
  'iZ1R', // I(Z1; R) proxy = -L_ssl(Z1 views)
  'lowerBound', // -L_ssl(Z1) - I(Z1; Z2)
  'upperBound', // H(Z1) - I(Z1; Z2)
  // Fraction of Z2's rows that are exactly zero (a discrete projector's dead rows; 0 otherwise).
  // Its entropies treat them as one shared direction: see docs, method.md "Deviations".
  'zeroRowsZ2',
] as const;

export type StepMetricName = (typeof STEP_METRICS)[number];
export type StepMetrics = Record<StepMetricName, number>;

/** Names the values of a metrics vector read back from the device. */
export function namedMetrics(values: ArrayLike<number>): StepMetrics {
  const out = {} as StepMetrics;
  STEP_METRICS.forEach((name, i) => (out[name] = values[i]));
  return out;
}

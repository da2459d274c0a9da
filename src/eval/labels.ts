// What the numbers are, in words shown beside them: which probe protocol produced an accuracy,
// and how the discrete projector's all-zero rows enter I(Z1;Z2) and H(Z2). One home for both
// texts (docs/method.md): the lab's tables, charts and exports and the headless study use them.
// Plain strings, no TF.js: the page imports this module.
import type { EvalProtocol } from './types';

/** Short name of the lab's probe, for column headers and axis labels. */
export const PROBE_SHORT = 'lab probe';

/** Why the lab's numbers are not the paper's: the two protocols in one sentence. */
export const PROBE_NOT_SOLO_LEARN = "not solo-learn's augmented 100-epoch SGD probe, so not comparable to published numbers";

/**
 * The lab's fast frozen-feature protocol with its settings (from the evaluation's own record
 * when there is one). Example: "lab probe: frozen, unaugmented, standardised features of 2,048
 * training images; linear classifier, Adam + cosine, 30 epochs; weighted kNN k = 200 (not …)".
 */
export function probeProtocolText(protocol?: Partial<EvalProtocol>): string {
  const n = (v: number | undefined) => (v !== undefined && Number.isFinite(v) ? v.toLocaleString('en') : '?');
  const images = protocol?.trainImages !== undefined ? ` of ${n(protocol.trainImages)} training images` : '';
  const epochs = protocol?.probeEpochs !== undefined ? `${n(protocol.probeEpochs)} epochs` : 'a few epochs';
  const knn = protocol?.knnK !== undefined ? `; weighted kNN k = ${n(protocol.knnK)}` : '';
  const test = protocol?.testImages !== undefined ? `; scored on ${n(protocol.testImages)} test images` : '';
  return `${PROBE_SHORT}: frozen, unaugmented, standardised features${images}; linear classifier, Adam + cosine, ${epochs}${knn}${test} (${PROBE_NOT_SOLO_LEARN})`;
}

/** The zero-row convention of the matrix entropies, stated where a discrete run's I(Z1;Z2) or H(Z2) appears. */
export const ZERO_ROW_CONVENTION =
  'Discrete projector: rows of Z2 rounded to all zeros get a shared 1e-4 coordinate before row normalisation, so they count as one direction; ' +
  'the official code leaves them zero (its Gram trace drops below n). On the same features this logs I(Z1;Z2) about 17% higher and H(Z2) about ' +
  '33% lower than the official formula (docs/method.md, "Deviations"); the share of such rows is logged as zeroRowsZ2.';

/** Short form for chart hints and table footnotes. */
export const ZERO_ROW_SHORT = 'Discrete projector: all-zero rows of Z2 count as one shared direction (the official code differs; see docs, "Deviations").';

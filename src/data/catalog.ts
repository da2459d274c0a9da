// The datasets the lab knows, and the fixed seed of the synthetic set: every run on the
// synthetic set sees the same images, so runs with different configs compare on equal data.
export const SYNTHETIC_DATA_SEED = 2025;

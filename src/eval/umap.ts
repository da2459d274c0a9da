// UMAP of a feature sample to 2-D (umap-js, the PAIR-code implementation), beside the PCA view:
// PCA shows the two directions of largest variance, UMAP the neighbourhood structure (which
// classes form clusters). Rows are L2-normalised first, so distances are cosine distances, the
// geometry SSL features are compared in. Seeded: the same features give the same picture.
import { UMAP } from 'umap-js';
import { Rng } from '../core/random';

export interface UmapOptions {
  nNeighbors: number;
  minDist: number;
  seed: number;
}

export const DEFAULT_UMAP_OPTIONS: UmapOptions = { nNeighbors: 15, minDist: 0.1, seed: 0 };

/** Fewer points than this are shown by PCA only: UMAP's neighbour graph needs a few. */
export const UMAP_MIN_POINTS = 8;

/** 2-D UMAP coordinates of the first `n` rows of `x` ([n, d] row-major). */
export function umap2d(x: ArrayLike<number>, n: number, d: number, options: Partial<UmapOptions> = {}): [number, number][] {
  const { nNeighbors, minDist, seed } = { ...DEFAULT_UMAP_OPTIONS, ...options };
  if (n < UMAP_MIN_POINTS) throw new Error(`UMAP needs at least ${UMAP_MIN_POINTS} points, got ${n}`);
  const rows: number[][] = [];
  for (let i = 0; i < n; i++) {
    const row = new Array<number>(d);
    let norm = 0;
    for (let j = 0; j < d; j++) norm += x[i * d + j] * x[i * d + j];
    const scale = norm > 0 ? 1 / Math.sqrt(norm) : 0; // an all-zero row stays at the origin
    for (let j = 0; j < d; j++) row[j] = x[i * d + j] * scale;
    rows.push(row);
  }
  const rng = new Rng(seed);
  const umap = new UMAP({ nComponents: 2, nNeighbors: Math.min(nNeighbors, n - 1), minDist, random: () => rng.next() });
  return umap.fit(rows).map(([a, b]) => [a, b] as [number, number]);
}

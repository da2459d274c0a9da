// Long histories stay cheap to draw: a chart never gets more than a few thousand points per
// run. Min/max bucketing keeps every spike (a divergence must stay visible), unlike striding.
// Only drawing is downsampled; tables and exports always use the exact history.

export const DRAW_LIMIT = 1500;

/**
 * At most about `limit` points of `points` in order: the first and last point, and per
 * bucket the points with the smallest and largest `value`. Returns `points` itself when short.
 */
export function downsampleMinMax<T>(points: readonly T[], value: (p: T) => number, limit = DRAW_LIMIT): readonly T[] {
  if (points.length <= limit || limit < 4) return points;
  const buckets = Math.floor((limit - 2) / 2);
  const inner = points.length - 2;
  const out: T[] = [points[0]];
  for (let b = 0; b < buckets; b++) {
    const start = 1 + Math.floor((b * inner) / buckets);
    const end = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (end <= start) continue;
    let lo = start;
    let hi = start;
    for (let i = start + 1; i < end; i++) {
      const v = value(points[i]);
      // NaN compares false both ways: a NaN point is kept only if its bucket has nothing else.
      if (v < value(points[lo])) lo = i;
      if (v > value(points[hi])) hi = i;
    }
    if (lo === hi) out.push(points[lo]);
    else if (lo < hi) out.push(points[lo], points[hi]);
    else out.push(points[hi], points[lo]);
  }
  out.push(points[points.length - 1]);
  return out;
}

// The y domain of an accuracy axis: the data's range with a margin, on a 5% grid, never outside
// [0%, 100%]. Recharts' 'auto' domain rounds outwards to "nice" ticks and drew -20% under runs at
// chance; an accuracy below 0 is not a place a point can be.
const STEP = 0.05;

export function accuracyDomain([min, max]: readonly [number, number]): [number, number] {
  if (!Number.isFinite(min) || !Number.isFinite(max)) return [0, 1];
  const margin = Math.max((max - min) * 0.1, 0.02);
  const lo = Math.max(0, Math.floor((min - margin) / STEP) * STEP);
  const hi = Math.min(1, Math.ceil((max + margin) / STEP) * STEP);
  return [Number(lo.toFixed(2)), Number(hi.toFixed(2))];
}

// One colour and one symbol per class, so classes differ by shape as well as colour (colour is
// never the only cue). Ten colours (Tableau 10, readable on light and dark) times the seven
// recharts symbols: 70 distinct pairs, enough for CIFAR-10 and most of CIFAR-100's 100.
export const CLASS_COLORS = ['#4e79a7', '#f28e2b', '#e15759', '#76b7b2', '#59a14f', '#edc948', '#b07aa1', '#ff9da7', '#9c755f', '#bab0ac'] as const;
export const CLASS_SYMBOLS = ['circle', 'square', 'triangle', 'diamond', 'cross', 'star', 'wye'] as const;
export type ClassSymbol = (typeof CLASS_SYMBOLS)[number];

export function classStyle(label: number): { color: string; symbol: ClassSymbol } {
  return { color: CLASS_COLORS[label % CLASS_COLORS.length], symbol: CLASS_SYMBOLS[label % CLASS_SYMBOLS.length] };
}

/** The embedding's points grouped by class, in class order: one recharts series per class. */
export function pointsByClass(
  points: readonly (readonly [number, number])[],
  labels: readonly number[],
): { label: number; points: { x: number; y: number }[] }[] {
  const groups = new Map<number, { x: number; y: number }[]>();
  points.forEach(([x, y], i) => {
    const label = labels[i];
    let group = groups.get(label);
    if (!group) groups.set(label, (group = []));
    group.push({ x, y });
  });
  return [...groups.entries()].sort((a, b) => a[0] - b[0]).map(([label, pts]) => ({ label, points: pts }));
}

// The ten class-defining shapes, as inside tests in the shape's own unit frame: every shape
// fits the unit disc (the renderer scales it by the radius and rotates/flips it at random).
//
// Choice of shapes: the class must survive what SimCLR does to a view, so no two shapes are
// the same figure up to rotation, mirror or scale (a square and a diamond would be one class
// under random rotation), colour plays no part, and each has a distinct topology or symmetry
// (holes, separate parts, 2/3/4/5-fold symmetry, or none) that a crop of most of it keeps.
import { detCos, detSin, TAU } from './prng';

export interface ShapeDef {
  name: string; // class name shown to people
  /** True when the point (u, v) of the unit frame is inside the shape. */
  inside: (u: number, v: number) => boolean;
}

const SQRT3_2 = 0.8660254037844386;

// Five-pointed star: outer radius 1, inner 0.42 (fat enough that its arms are ~3 px wide at
// the smallest scale). The test folds the point into the half-sector of its nearest tip and
// checks one edge: ~15 flops, where a generic polygon test cost 10x more (the generator's
// hot loop). Directions come from detCos/detSin so they are identical in every engine.
const STAR_INNER = 0.42;
const STAR_TIPS = (() => {
  const dirs = new Float64Array(10);
  for (let k = 0; k < 5; k++) {
    dirs[2 * k] = detCos(-TAU / 4 + (k * TAU) / 5);
    dirs[2 * k + 1] = detSin(-TAU / 4 + (k * TAU) / 5);
  }
  return dirs;
})();
// In the folded frame the tip is (1, 0) and the inner vertex is at 36 degrees.
const STAR_IX = STAR_INNER * detCos(TAU / 10);
const STAR_IY = STAR_INNER * detSin(TAU / 10);

function insideStar(u: number, v: number): boolean {
  let best = -Infinity;
  let dx = 1;
  let dy = 0;
  for (let k = 0; k < 10; k += 2) {
    const d = u * STAR_TIPS[k] + v * STAR_TIPS[k + 1];
    if (d > best) {
      best = d;
      dx = STAR_TIPS[k];
      dy = STAR_TIPS[k + 1];
    }
  }
  const a = best; // along the nearest tip
  const b = Math.abs(u * -dy + v * dx); // across it, mirrored to the upper half-sector
  // Origin side of the edge from the tip (1, 0) to the inner vertex.
  return (STAR_IX - 1) * b - STAR_IY * (a - 1) >= 0;
}

// Three dots on a circle of radius 0.6, each of radius 0.36 (outermost point 0.96).
const DOT_X = 0.6 * SQRT3_2;
const DOT_R2 = 0.36 * 0.36;

function insideDots(u: number, v: number): boolean {
  const dv = v - 0.3;
  return u * u + (v + 0.6) * (v + 0.6) <= DOT_R2 || (u - DOT_X) * (u - DOT_X) + dv * dv <= DOT_R2 || (u + DOT_X) * (u + DOT_X) + dv * dv <= DOT_R2;
}

const insideDisc = (u: number, v: number): boolean => u * u + v * v <= 0.85 * 0.85;

function insideRing(u: number, v: number): boolean {
  const r2 = u * u + v * v;
  return r2 <= 0.95 * 0.95 && r2 >= 0.55 * 0.55;
}

const insideSquare = (u: number, v: number): boolean => Math.abs(u) <= 0.7 && Math.abs(v) <= 0.7;

// Equilateral, circumradius 1, centroid at the origin: three half-planes at inradius 0.5.
const insideTriangle = (u: number, v: number): boolean => v <= 0.5 && -SQRT3_2 * u - 0.5 * v <= 0.5 && SQRT3_2 * u - 0.5 * v <= 0.5;

function insidePlus(u: number, v: number): boolean {
  const au = Math.abs(u);
  const av = Math.abs(v);
  return (au <= 0.28 && av <= 0.95) || (av <= 0.28 && au <= 0.95);
}

// A disc with an offset disc removed, horns pointing to +u: the only shape with a concave
// circular side.
const insideCrescent = (u: number, v: number): boolean => u * u + v * v <= 0.92 * 0.92 && (u - 0.42) * (u - 0.42) + v * v > 0.72 * 0.72;

// Two parallel bars ("="): two parts, 2-fold symmetry, the gap about as wide as a bar.
function insideBars(u: number, v: number): boolean {
  const av = Math.abs(v);
  return Math.abs(u) <= 0.8 && av >= 0.2 && av <= 0.58;
}

// Shaft plus triangular head pointing to +u: the only shape with no rotational symmetry.
function insideArrow(u: number, v: number): boolean {
  const av = Math.abs(v);
  if (u >= 0.05 && u <= 0.95 && av <= (0.62 * (0.95 - u)) / 0.9) return true;
  return u >= -0.95 && u < 0.1 && av <= 0.18;
}

/**
 * The renderer's entry point. One switch of direct calls rather than SHAPES[label].inside:
 * a call site that sees ten different closures goes megamorphic in V8 and cost ~2x here.
 */
export function insideShape(label: number, u: number, v: number): boolean {
  switch (label) {
    case 0:
      return insideDisc(u, v);
    case 1:
      return insideRing(u, v);
    case 2:
      return insideSquare(u, v);
    case 3:
      return insideTriangle(u, v);
    case 4:
      return insidePlus(u, v);
    case 5:
      return insideStar(u, v);
    case 6:
      return insideCrescent(u, v);
    case 7:
      return insideBars(u, v);
    case 8:
      return insideArrow(u, v);
    case 9:
      return insideDots(u, v);
    default:
      throw new RangeError(`synthetic: no shape ${label}`);
  }
}

const NAMES = ['disc', 'ring', 'square', 'triangle', 'plus', 'star', 'crescent', 'bars', 'arrow', 'dots'];

/** Class k is SHAPES[k]; `inside` is insideShape(k, ...) for tests and tools. */
export const SHAPES: readonly ShapeDef[] = NAMES.map((name, k) => ({ name, inside: (u: number, v: number) => insideShape(k, u, v) }));

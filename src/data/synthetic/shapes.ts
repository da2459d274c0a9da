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

/** Crossing-number test against a closed polygon given as [x0, y0, x1, y1, ...]. */
function insidePolygon(poly: Float64Array, u: number, v: number): boolean {
  let inside = false;
  const n = poly.length / 2;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const xi = poly[2 * i];
    const yi = poly[2 * i + 1];
    const xj = poly[2 * j];
    const yj = poly[2 * j + 1];
    if (yi > v !== yj > v && u < ((xj - xi) * (v - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

// Five-pointed star: outer radius 1, inner 0.42 (fat enough that its arms are ~3 px wide at
// the smallest scale). Built with detCos/detSin so the vertices are identical in every engine.
const STAR = (() => {
  const poly = new Float64Array(20);
  for (let k = 0; k < 10; k++) {
    const a = -TAU / 4 + (k * TAU) / 10;
    const r = k % 2 === 0 ? 1 : 0.42;
    poly[2 * k] = r * detCos(a);
    poly[2 * k + 1] = r * detSin(a);
  }
  return poly;
})();

// Three dots on a circle of radius 0.6, each of radius 0.36 (outermost point 0.96).
const DOTS = [0, -0.6, 0.6 * SQRT3_2, 0.3, -0.6 * SQRT3_2, 0.3];
const DOT_R2 = 0.36 * 0.36;

export const SHAPES: readonly ShapeDef[] = [
  { name: 'disc', inside: (u, v) => u * u + v * v <= 0.85 * 0.85 },
  {
    name: 'ring',
    inside: (u, v) => {
      const r2 = u * u + v * v;
      return r2 <= 0.95 * 0.95 && r2 >= 0.55 * 0.55;
    },
  },
  { name: 'square', inside: (u, v) => Math.abs(u) <= 0.7 && Math.abs(v) <= 0.7 },
  {
    // Equilateral, circumradius 1, centroid at the origin: three half-planes at inradius 0.5.
    name: 'triangle',
    inside: (u, v) => v <= 0.5 && -SQRT3_2 * u - 0.5 * v <= 0.5 && SQRT3_2 * u - 0.5 * v <= 0.5,
  },
  {
    name: 'plus',
    inside: (u, v) => {
      const au = Math.abs(u);
      const av = Math.abs(v);
      return (au <= 0.28 && av <= 0.95) || (av <= 0.28 && au <= 0.95);
    },
  },
  { name: 'star', inside: (u, v) => insidePolygon(STAR, u, v) },
  {
    // A disc with an offset disc removed: horns point to +u; the only shape with one concave
    // circular side and mirror symmetry about one axis.
    name: 'crescent',
    inside: (u, v) => u * u + v * v <= 0.92 * 0.92 && (u - 0.42) * (u - 0.42) + v * v > 0.72 * 0.72,
  },
  {
    // Two parallel bars ("="): two parts, 2-fold symmetry, the gap as wide as a bar.
    name: 'bars',
    inside: (u, v) => {
      const av = Math.abs(v);
      return Math.abs(u) <= 0.8 && av >= 0.2 && av <= 0.58;
    },
  },
  {
    // Shaft plus triangular head pointing to +u: no rotational symmetry at all.
    name: 'arrow',
    inside: (u, v) => {
      const av = Math.abs(v);
      if (u >= 0.05 && u <= 0.95 && av <= (0.62 * (0.95 - u)) / 0.9) return true;
      return u >= -0.95 && u < 0.1 && av <= 0.18;
    },
  },
  {
    name: 'dots',
    inside: (u, v) => {
      for (let k = 0; k < 6; k += 2) {
        const du = u - DOTS[k];
        const dv = v - DOTS[k + 1];
        if (du * du + dv * dv <= DOT_R2) return true;
      }
      return false;
    },
  },
];

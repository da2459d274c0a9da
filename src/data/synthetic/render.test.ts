// The renderer's shortcut (supersample only the edge band found from pixel centres) against
// brute force (16 samples in every pixel), and its anti-aliasing.
import { describe, expect, it } from 'vitest';
import { IMAGE_SIZE } from '../types';
import { sampleSyntheticParams, type SyntheticParams } from './params';
import { shapeCoverage } from './render';
import { SHAPES } from './shapes';

const N = IMAGE_SIZE;

function bruteCoverage(p: SyntheticParams): Float64Array {
  const out = new Float64Array(N * N);
  const c = Math.cos(p.angle) / p.radius;
  const s = Math.sin(p.angle) / p.radius;
  const m = p.flip ? -1 : 1;
  for (let y = 0; y < N; y++)
    for (let x = 0; x < N; x++) {
      let hits = 0;
      for (let sy = 0; sy < 4; sy++)
        for (let sx = 0; sx < 4; sx++) {
          const dx = x + (sx + 0.5) / 4 - p.cx;
          const dy = y + (sy + 0.5) / 4 - p.cy;
          if (SHAPES[p.label].inside(m * (c * dx + s * dy), -s * dx + c * dy)) hits++;
        }
      out[y * N + x] = hits / 16;
    }
  return out;
}

describe('synthetic rendering', () => {
  it('edge-band supersampling matches brute force', () => {
    const fast = new Float64Array(N * N);
    let pixelsOff = 0;
    let worstMass = 0;
    const images = 500;
    for (let i = 0; i < images; i++) {
      const p = sampleSyntheticParams(1000 + i, i % SHAPES.length);
      shapeCoverage(p, fast);
      const ref = bruteCoverage(p);
      let mass = 0;
      for (let j = 0; j < N * N; j++) {
        // detSin/cos vs Math.sin/cos may flip a sample lying exactly on an edge: 1/16 slack.
        if (Math.abs(fast[j] - ref[j]) > 1 / 16 + 1e-9) pixelsOff++;
        mass += fast[j] - ref[j];
      }
      worstMass = Math.max(worstMass, Math.abs(mass));
    }
    console.log(`edge band vs brute force over ${images} images: ${pixelsOff} pixels differ, worst area error ${worstMass.toFixed(3)} px`);
    expect(pixelsOff).toBeLessThanOrEqual(images * N * N * 1e-4);
    expect(worstMass).toBeLessThan(0.5);
  });

  it('anti-aliases: edges have intermediate coverage, interiors are solid', () => {
    const cov = new Float64Array(N * N);
    for (let k = 0; k < SHAPES.length; k++) {
      shapeCoverage(sampleSyntheticParams(77 + k, k), cov);
      const partial = cov.filter((v) => v > 0 && v < 1).length;
      const solid = cov.filter((v) => v === 1).length;
      expect(partial, SHAPES[k].name).toBeGreaterThan(15);
      expect(solid, SHAPES[k].name).toBeGreaterThan(partial / 4);
    }
  });
});

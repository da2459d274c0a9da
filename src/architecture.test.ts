// The layers' one direction of dependency (design.md): ui → engine → core/data/eval.
// Checked on the import statements so that a shortcut fails the build's tests, not a review.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(import.meta.dirname, '.');

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return name === 'test' ? [] : sourceFiles(path);
    return /\.(ts|tsx)$/.test(name) && !/\.test\.tsx?$/.test(name) ? [path] : [];
  });
}

function importsOf(path: string): string[] {
  const text = readFileSync(path, 'utf8');
  return [...text.matchAll(/(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)|import\s+['"]([^'"]+)['"]/g)].map(
    (m) => m[1] ?? m[2] ?? m[3],
  );
}

function layerOf(path: string): string {
  return relative(SRC, path).split(/[\\/]/)[0];
}

const FORBIDDEN: Record<string, RegExp[]> = {
  // The math imports nothing but TF.js core: no DOM APIs through other layers, no React, no storage.
  core: [/^react/, /^zustand/, /^recharts/, /\.\.\/(ui|engine|data|eval)\//, /^@tensorflow\/tfjs$/, /^@tensorflow\/tfjs-backend/],
  data: [/^react/, /^zustand/, /^recharts/, /\.\.\/(ui|engine)\//, /^@tensorflow\/tfjs-backend/],
  eval: [/^react/, /^zustand/, /^recharts/, /\.\.\/(ui|engine)\//, /^@tensorflow\/tfjs-backend/],
  // PyTorch file formats and name mapping: pure data code, the config modules of core only.
  interop: [/^react/, /^zustand/, /^recharts/, /^@tensorflow\//, /\.\.\/(ui|engine|data|eval)\//, /\.\.\/core\/(?!config)/],
  // The page never imports TF.js: training and its memory live in the worker.
  ui: [/^@tensorflow\//, /\.\.\/(core)\/(?!config)/],
};

describe('architecture', () => {
  for (const [layer, rules] of Object.entries(FORBIDDEN)) {
    it(`${layer}/ respects its import rules`, () => {
      const offending: string[] = [];
      for (const file of sourceFiles(SRC).filter((f) => layerOf(f) === layer)) {
        for (const spec of importsOf(file)) {
          if (rules.some((rule) => rule.test(spec))) offending.push(`${relative(SRC, file)} imports ${spec}`);
        }
      }
      expect(offending).toEqual([]);
    });
  }
});

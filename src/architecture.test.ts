// The layers' one direction of dependency (docs/architecture.md): dependency-cruiser follows
// every import of src/ transitively, type-only imports aside, and checks it against the edges
// and rules of .dependency-cruiser.cjs, so that a shortcut fails the build's tests, not a review.
// "core never touches the DOM" by a global rather than an import is eslint.config.js's job.
import { join } from 'node:path';
import { cruise, type ICruiseResult, type IViolation } from 'dependency-cruiser';
import extractDepcruiseOptions from 'dependency-cruiser/config-utl/extract-depcruise-options';
import extractTSConfig from 'dependency-cruiser/config-utl/extract-ts-config';
import { beforeAll, describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '..');
const LAYERS = ['core', 'data', 'eval', 'interop', 'engine', 'ui', 'main'];

let result: ICruiseResult;

beforeAll(async () => {
  // dependency-cruiser resolves paths against the working directory: run from the repository root.
  const cwd = process.cwd();
  process.chdir(ROOT);
  try {
    const options = await extractDepcruiseOptions('./.dependency-cruiser.cjs');
    const output = await cruise(['src'], options, undefined, { tsConfig: extractTSConfig('tsconfig.json') });
    result = output.output as ICruiseResult;
  } finally {
    process.chdir(cwd);
  }
}, 120_000);

function layerOf(path: string): string {
  return path === 'src/main.tsx' ? 'main' : path.split('/')[1];
}

/** One line per violation; a transitive one shows the chain of imports that reaches the target. */
function describeViolation(v: IViolation): string {
  const chain = v.via?.length ? ` via ${v.via.map((step) => step.name).join(' → ')}` : '';
  return `${v.rule.name}: ${v.from} → ${v.to}${chain}`;
}

describe('architecture', () => {
  it('the cruise sees the whole tree: the page reaches the engine client, the engine reaches TF.js', () => {
    const modules = new Map(result.modules.map((m) => [m.source, m]));
    expect(modules.get('src/ui/boot.ts')?.dependencies.map((d) => d.resolved)).toContain('src/engine/client.ts');
    expect(modules.get('src/engine/trainer.ts')?.dependencies.some((d) => d.resolved.startsWith('node_modules/@tensorflow/tfjs-core/'))).toBe(true);
    // Type-only imports load nothing and are no edges: run-types.ts reaches the page as types only.
    expect(result.modules.some((m) => m.source.startsWith('src/ui/') && m.dependencies.some((d) => d.resolved === 'src/engine/run-types.ts'))).toBe(false);
    expect(result.summary.totalCruised).toBeGreaterThan(200);
  });

  it('every module of src/ belongs to a layer', () => {
    const outside = result.modules.filter((m) => m.source.startsWith('src/') && !LAYERS.includes(layerOf(m.source)));
    expect(outside.map((m) => m.source)).toEqual([]);
  });

  for (const layer of LAYERS) {
    it(`${layer === 'main' ? 'main.tsx' : `${layer}/`} respects its import rules`, () => {
      const offending = result.summary.violations.filter((v) => layerOf(v.from) === layer).map(describeViolation);
      expect(offending).toEqual([]);
    });
  }
});

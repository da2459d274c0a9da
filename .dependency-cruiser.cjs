// The layering rules, the one place they are written down (docs/architecture.md explains them).
// src/architecture.test.ts cruises src/ with this file in `npm test`; `npx depcruise src` prints
// the same verdict. Imports are followed as the bundle loads them: type-only imports (and
// imports TypeScript elides because only types are used) are no edges at all, since they
// load nothing. Test files and test support are outside the layers.

// Which layer may import which, besides itself: ui -> engine -> eval/data/core (design.md),
// engine -> interop, and eval and data on top of core. main.tsx is the page's entry.
const LAYER_EDGES = {
  main: ['ui'],
  ui: ['engine'],
  engine: ['eval', 'data', 'core', 'interop'],
  eval: ['core'],
  data: ['core'],
  interop: [],
  core: [],
};

// Pure modules (no TF.js behind them) that a layer may use past its edges. A prefix names a
// file or a folder: 'core/config' covers config.ts, config-presets.ts, config-memory.ts, ...
const PURE_MODULE_EXCEPTIONS = [
  ['ui', 'core/config'], // run config: types, presets, validation, paths, memory estimate
  ['ui', 'core/worker-rpc'], // request/reply with the workers: the protocol version check
  ['ui', 'data/worker/client'], // the data worker's page-side client
  ['ui', 'data/catalog'], // dataset ids, sources, default sizes
  ['ui', 'data/cache/index'], // how a stored copy is described (its source, its origin)
  ['ui', 'data/formats/cifar-layout'], // CIFAR class names
  ['ui', 'data/synthetic/shapes'], // the synthetic set's class names
  ['ui', 'eval/tsv'], // embedding files for the TensorBoard projector
  ['ui', 'eval/labels'], // probe-protocol and zero-row texts shown beside accuracies
  ['ui', 'eval/stats'], // mean curves and ranges over seeds
  ['eval', 'data/sampler'], // evaluation batches come from the training sampler
  ['interop', 'core/config'], // PyTorch interop maps names onto the run config
];

const layerPath = (layer) => (layer === 'main' ? '^src/main\\.tsx$' : `^src/${layer}/`);
const escapeRegExp = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  allowedSeverity: 'error',
  allowed: [
    // Packages are ruled on by `forbidden` below; between our own modules only these edges exist.
    { from: {}, to: { pathNot: '^src/' } },
    ...Object.entries(LAYER_EDGES).map(([layer, below]) => ({
      from: { path: layerPath(layer) },
      to: { path: [layer, ...below].map(layerPath) },
    })),
    ...PURE_MODULE_EXCEPTIONS.map(([from, to]) => ({ from: { path: layerPath(from) }, to: { path: `^src/${escapeRegExp(to)}` } })),
  ],
  forbidden: [
    {
      name: 'ui-never-reaches-tfjs',
      comment: 'The page never loads TF.js, not even through another layer: training and its memory live in the worker.',
      severity: 'error',
      from: { path: ['^src/ui/', '^src/main\\.tsx$'] },
      to: { path: '^node_modules/@tensorflow/', reachable: true },
    },
    {
      name: 'core-imports-only-tfjs-core',
      comment:
        'The math runs in Node, in the worker and in tests: no import that could bring the DOM, storage or a backend. Direct imports suffice: core imports only core, so this holds transitively. DOM globals: eslint.config.js.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { path: '^node_modules/', pathNot: '^node_modules/@tensorflow/tfjs-core/' },
    },
    {
      name: 'react-only-in-ui',
      comment: 'React, zustand and recharts are the page; the other layers also run in workers and in Node.',
      severity: 'error',
      from: { pathNot: ['^src/ui/', '^src/main\\.tsx$'] },
      to: { path: '^node_modules/(react|react-dom|zustand|recharts)/' },
    },
    {
      name: 'backends-only-in-engine',
      comment: 'Backend choice and set-up is the engine’s (engine/backends); the math and the evaluations use whatever backend is active.',
      severity: 'error',
      from: { pathNot: '^src/engine/' },
      to: { path: ['^node_modules/@tensorflow/tfjs-backend', '^node_modules/@tensorflow/tfjs/', '^node_modules/webgpu/'] },
    },
    {
      name: 'interop-without-tfjs',
      comment: 'PyTorch file formats and name mapping are pure data code: the engine turns them into tensors.',
      severity: 'error',
      from: { path: '^src/interop/' },
      to: { path: '^node_modules/@tensorflow/', reachable: true },
    },
  ],
  options: {
    exclude: { path: ['\\.test\\.tsx?$', '^src/test/', '^src/core/nn/testutil\\.ts$'] },
    doNotFollow: { path: '^node_modules/' },
    tsPreCompilationDeps: false,
    // A worktree may link node_modules to another checkout's: keep the link's path, so that the
    // rules' '^node_modules/' still match (resolved through the link they would not).
    preserveSymlinks: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
  },
};

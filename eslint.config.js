// ESLint: the checks the compiler does not make, chiefly promises nobody waits for (a rejection
// there is lost, or reported as an unhandled rejection far from its cause). Layout is Prettier's
// (`npm run lint` runs both); unused code is tsc's (noUnusedLocals); import layering is
// .dependency-cruiser.cjs's, except "core never touches the DOM" by a global, which is here.
// Why each rule is on: the comment above it.
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

// Browser globals (page and workers): core must run without them, in Node and in tests.
const DOM_GLOBALS = [
  'window',
  'self',
  'document',
  'navigator',
  'location',
  'localStorage',
  'sessionStorage',
  'indexedDB',
  'caches',
  'postMessage',
  'importScripts',
  'requestAnimationFrame',
];

export default defineConfig(
  { ignores: ['node_modules/', 'dist/', '.build/', 'coverage/', 'public/', 'src/test/fixtures/'] },
  js.configs.recommended,
  tseslint.configs.recommended,
  { files: ['**/*.cjs'], languageOptions: { sourceType: 'commonjs', globals: { module: 'writable', require: 'readonly' } } },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      // Type-aware: the three programs, the page's, the workers' (WebWorker lib only) and the
      // Node side's (tests, scripts, configs); each file is checked in the program that has it.
      parserOptions: { project: ['./tsconfig.json', './tsconfig.worker.json', './tsconfig.node.json'], tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // A promise that is neither awaited nor given a .catch: its rejection is lost. Where not
      // waiting is intended, `void` it and say why in a comment.
      '@typescript-eslint/no-floating-promises': 'error',
      // An async function where a void callback is expected (onClick, onmessage, forEach): the
      // caller drops the promise, so the same loss; and a promise in an `if` is always truthy.
      '@typescript-eslint/no-misused-promises': 'error',
      // Awaiting what is not a promise: harmless at run time, but it says the author thought a
      // call was asynchronous, the kind of misunderstanding that orders things wrongly.
      '@typescript-eslint/await-thenable': 'error',
      // `return promise` inside try/catch/finally skips the catch and runs finally too early.
      '@typescript-eslint/return-await': ['error', 'error-handling-correctness-only'],
      // A thrown string or object has no stack and reaches the user's message as "[object Object]".
      '@typescript-eslint/only-throw-error': 'error',
      // tsc's noUnusedLocals/noUnusedParameters is the one check for unused names.
      '@typescript-eslint/no-unused-vars': 'off',
      // Prettier breaks long member chains before a computed access; it decides layout here.
      'no-unexpected-multiline': 'off',
    },
  },
  {
    // Test doubles assign async handlers to void callbacks (a fake worker's script): Vitest fails
    // the run on any unhandled rejection, so nothing is lost there. Floating promises still count.
    files: ['**/*.test.{ts,tsx}'],
    rules: { '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: false }] },
  },
  {
    // React's rules of hooks, and the compiler-era checks (purity, refs, immutability) that pass
    // today. set-state-in-effect is off: two effects deliberately sync local state to a prop
    // (a section opens when problems appear, a field re-formats an outside change); deriving
    // that state instead is a behaviour change outside this check's remit.
    files: ['src/ui/**/*.{ts,tsx}', 'src/main.tsx'],
    extends: [reactHooks.configs.flat.recommended],
    rules: { 'react-hooks/exhaustive-deps': 'error', 'react-hooks/set-state-in-effect': 'off' },
  },
  {
    // Core never touches the DOM (docs/architecture.md): a global is not an import, so
    // dependency-cruiser cannot see it. Local names (a pooling `window`) are fine.
    files: ['src/core/**/*.ts'],
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-globals': [
        'error',
        ...DOM_GLOBALS.map((name) => ({ name, message: 'core never touches the DOM: it runs in Node, the worker and tests.' })),
      ],
      'no-restricted-properties': [
        'error',
        ...DOM_GLOBALS.map((property) => ({ object: 'globalThis', property, message: 'core never touches the DOM: it runs in Node, the worker and tests.' })),
      ],
    },
  },
);

// Backends for the headless trainer in Node: TF.js CPU (exact, slow) or wasm (XNNPACK,
// several times faster; its missing conv gradients are supplied by the core's portable conv).
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { BackendName } from './types';

export async function useNodeBackend(name: BackendName): Promise<BackendName> {
  if (name === 'wasm') await import('@tensorflow/tfjs-backend-wasm');
  else if (name !== 'cpu') throw new Error(`The ${name} backend is not available in Node (use cpu or wasm).`);
  if (!(await tf.setBackend(name))) throw new Error(`The ${name} backend failed to initialise.`);
  await tf.ready();
  return name;
}

// Unit tests run the core on TF.js's CPU backend: exact float32, no GPU, same code path.
import '@tensorflow/tfjs-backend-cpu';
import * as tf from '@tensorflow/tfjs-core';

await tf.setBackend('cpu');
await tf.ready();

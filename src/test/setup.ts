// Unit tests run the core on TF.js's CPU backend: exact float32, no GPU, same code path.
import '@tensorflow/tfjs-backend-cpu';
// TF.js core registers no gradients by itself; the core and the hosts import this too.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import * as tf from '@tensorflow/tfjs-core';

await tf.setBackend('cpu');
await tf.ready();

// The engine worker: owns TF.js, the backend, the dataset in memory and the one run that
// trains at a time. The page sends commands (protocol.ts) and reads history from RunsDb.
// This file is the shell that ties the command handler (engine.ts) to the worker global:
// messages, the browser's backends, IndexedDB, the GPU device and an uncaught error.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import type { EngineCommand } from '../protocol';
import { selectBackend } from '../backends/browser';
import { RunsDb } from '../storage/runs-db';
import { destroyDevice } from './gpu-device';
import { createEngine } from './engine';

const engine = createEngine({
  post: (event, transfer = []) => self.postMessage(event, transfer),
  selectBackend,
  openDb: () => RunsDb.open(),
  destroyDevice,
  crash: () =>
    // An uncaught error outside any handler: what a real crash looks like to the page.
    setTimeout(() => {
      throw new Error('Injected worker crash');
    }, 0),
});

// Set before any await (testing.md: a module worker that awaits first can miss messages).
self.onmessage = (event: MessageEvent<EngineCommand>) => engine.receive(event.data);

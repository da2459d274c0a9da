/// <reference lib="webworker" />
// The engine worker: owns TF.js and the compute backend; the page only sends commands.
import { PROTOCOL_VERSION, assertNever, type EngineCommand, type EngineEvent } from '../protocol';
import { selectBackend } from '../backends/browser';
import { compareWithCpu } from '../self-test';

const scope = self as unknown as DedicatedWorkerGlobalScope;

function post(event: EngineEvent): void {
  scope.postMessage(event);
}

async function handle(command: EngineCommand): Promise<void> {
  switch (command.type) {
    case 'hello':
      post({ type: 'hello', version: PROTOCOL_VERSION });
      return;
    case 'selfTest': {
      const backend = await selectBackend(command.backend);
      const comparison = await compareWithCpu(backend.name);
      post({ type: 'selfTestResult', result: { backend, ...comparison } });
      return;
    }
    default:
      assertNever(command);
  }
}

// Set before any await (testing.md: a module worker that awaits first can miss messages).
scope.onmessage = (event: MessageEvent<EngineCommand>) => {
  handle(event.data).catch((err: unknown) => {
    post({ type: 'error', message: err instanceof Error ? err.message : String(err), command: event.data.type });
  });
};

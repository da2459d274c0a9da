// The `window.lab` handle of diagnostics.html, typed for the page and for browser tests.
import type { EngineClient } from '../engine/client';
import type { EngineEvent } from '../engine/protocol';
import type { RunsDb } from '../engine/storage/runs-db';

export interface DiagnosticsHandle {
  client: EngineClient;
  events: EngineEvent[];
  runs: () => Promise<RunsDb>;
}

declare global {
  interface Window {
    lab: DiagnosticsHandle;
  }
}

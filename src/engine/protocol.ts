// The typed message protocol between the page and the engine worker. Both sides switch
// exhaustively over `type`; the version lets a page refuse a worker from another build.
import type { BackendPreference, BackendReport } from './backends/types';

export const PROTOCOL_VERSION = 1;

export type EngineCommand =
  | { type: 'hello'; version: number }
  | { type: 'selfTest'; backend: BackendPreference };

export interface SelfTestResult {
  backend: BackendReport;
  /** Reference values from the CPU backend and the selected backend's values for the same ops. */
  cpu: number[];
  actual: number[];
  maxAbsDiff: number;
  /** maxAbsDiff relative to the largest reference magnitude. */
  maxRelDiff: number;
  millis: number;
}

export type EngineEvent =
  | { type: 'hello'; version: number }
  | { type: 'selfTestResult'; result: SelfTestResult }
  | { type: 'error'; message: string; command?: EngineCommand['type'] };

/** Compile-time exhaustiveness guard for `switch (msg.type)`. */
export function assertNever(value: never): never {
  throw new Error(`Unhandled message: ${JSON.stringify(value)}`);
}

// The typed message protocol between the page and the engine worker. Both sides switch
// exhaustively over `type`; the version lets a page refuse a worker from another build.
// A command the page awaits an answer to carries a `requestId` that the engine echoes on that
// answer and on an `error` the command caused (engine/client.ts `requestEvent` matches by it);
// everything else the engine says (progress, metrics, hello, backend, crashes) is unsolicited.
// Metrics travel as small deltas (the points since the last message), never the history:
// the history lives in IndexedDB (storage/runs-db.ts), which the page reads directly.
import type { RunConfig } from '../core/config';
import type { BackendPreference, BackendReport } from './backends/types';
import type { WeightsReport } from './interop/types';
import type { EvalResult, MetricPoint, RunGroup, RunStatus } from './run-types';

/** 3: request ids on the commands in ENGINE_ANSWERS, their answers and their errors. */
export const PROTOCOL_VERSION = 3;

export type EngineCommand =
  /** First message; `faultInjection` enables the test-only `injectFault` command. */
  | { type: 'hello'; version: number; faultInjection?: boolean }
  | { type: 'selfTest'; requestId?: number; backend: BackendPreference }
  /** Creates a run record and trains it from step 0. */
  | { type: 'start'; runId: string; name: string; config: RunConfig; backend: BackendPreference; group?: RunGroup }
  /** Continues a stored run from its last checkpoint (after a reload, a crash, a pause). */
  | { type: 'resume'; runId: string; backend?: BackendPreference }
  | { type: 'pause'; runId: string }
  | { type: 'stop'; runId: string }
  | { type: 'evaluate'; runId: string }
  | { type: 'saveCheckpoint'; runId: string }
  /** Sends the run's last checkpoint file back as bytes (an `exported` event). */
  | { type: 'exportCheckpoint'; requestId?: number; runId: string }
  /** Validates a checkpoint file and stores it as a new run (an `imported` event). */
  | { type: 'importCheckpoint'; requestId?: number; runId: string; fileName: string; bytes: ArrayBuffer }
  /** Z1/Z2 features of the first `limit` test images, in evaluation mode (TSV export, checks). */
  | { type: 'exportFeatures'; requestId?: number; runId: string; limit: number }
  /** The run for PyTorch: its last checkpoint as a safetensors state_dict, or its settings as a solo-learn YAML (an `exported` event). */
  | { type: 'exportPytorch'; requestId?: number; runId: string; format: 'safetensors' | 'solo-learn-yaml' }
  /** Reads PyTorch weights (.ckpt, .pth, .pt, .safetensors) and proposes a config from `base` (a `weightsInspected` event). */
  | { type: 'inspectWeights'; requestId?: number; fileName: string; bytes: ArrayBuffer; base: RunConfig }
  /** Stores PyTorch weights as a new run with the confirmed `config` (an `imported` event), then loads and evaluates it. */
  | {
      type: 'importWeights';
      requestId?: number;
      runId: string;
      name: string;
      fileName: string;
      bytes: ArrayBuffer;
      config: RunConfig;
      backend: BackendPreference;
    }
  /** Test hook for the fault tests (refused unless enabled by `hello`): NaN input, GPU device loss, worker crash, full storage on the next checkpoint. */
  | { type: 'injectFault'; runId: string; fault: InjectedFault };

export type InjectedFault = 'nan' | 'device-lost' | 'crash' | 'quota';

/** What the engine is doing with a run right now. */
export type EnginePhase = 'loading-data' | 'compiling' | 'training' | 'evaluating' | 'saving';

export type EngineEvent =
  | { type: 'hello'; version: number; faultInjection: boolean }
  | { type: 'selfTestResult'; requestId?: number; result: SelfTestResult }
  | { type: 'backend'; runId: string; report: BackendReport }
  /** Progress of a run: status changes and phases (throttled while training). */
  | {
      type: 'progress';
      runId: string;
      status: RunStatus;
      phase?: EnginePhase;
      step: number;
      totalSteps: number;
      epoch: number;
      message?: string;
    }
  /** New metric points since the last message, in step order. */
  | { type: 'metrics'; runId: string; points: MetricPoint[] }
  | { type: 'evaluation'; runId: string; result: EvalResult }
  | { type: 'checkpointSaved'; runId: string; step: number; bytes: number }
  | { type: 'exported'; requestId?: number; runId: string; fileName: string; bytes: ArrayBuffer }
  | { type: 'imported'; requestId?: number; runId: string; name: string }
  | { type: 'weightsInspected'; requestId?: number; report: WeightsReport }
  | {
      type: 'features';
      requestId?: number;
      runId: string;
      count: number;
      z1Dim: number;
      z2Dim: number;
      z1: ArrayBuffer; // Float32 [count, z1Dim]
      z2: ArrayBuffer; // Float32 [count, z2Dim]
      labels: ArrayBuffer; // Uint8 [count]
      classNames: string[];
    }
  /** A failure: `kind` tells the page which recovery to offer. */
  | { type: 'error'; runId?: string; kind: EngineErrorKind; message: string; command?: EngineCommand['type']; requestId?: number };

/**
 * A command the page awaits an answer to: one with a `requestId`. The id is optional on the
 * wire only so that a test driving the worker directly (the e2e tests post raw commands and
 * watch the events) may leave it out; the page always sets it (engine/client.ts).
 */
export type EngineRequest = EngineCommand extends infer C ? (C extends unknown ? ('requestId' extends keyof C ? C : never) : never) : never;

/** The event that answers each request (a command with a request id must have an entry here). */
export const ENGINE_ANSWERS = {
  selfTest: 'selfTestResult',
  exportCheckpoint: 'exported',
  importCheckpoint: 'imported',
  exportFeatures: 'features',
  exportPytorch: 'exported',
  inspectWeights: 'weightsInspected',
  importWeights: 'imported',
} as const satisfies Record<EngineRequest['type'], EngineEvent['type']>;

/** The event that answers request type `T`. */
export type EngineAnswer<T extends EngineRequest['type']> = Extract<EngineEvent, { type: (typeof ENGINE_ANSWERS)[T] }>;

/** What the engine adds to an answer or error: the request id of the command, when it has one. */
export function echoRequestId(command: EngineCommand): { requestId?: number } {
  return 'requestId' in command && command.requestId !== undefined ? { requestId: command.requestId } : {};
}

export type EngineErrorKind =
  | 'diverged' // NaN/Inf: the run stopped, its last good checkpoint is kept
  | 'device-lost' // the GPU device was lost: resume on the same or another backend
  | 'crashed' // the worker died (reported by the client, which starts a fresh one): resume
  | 'quota' // storage full while saving: training paused, older checkpoints intact
  | 'backend' // the requested backend cannot run here
  | 'memory' // the config needs more memory than the backend holds (refused before allocating)
  | 'data' // the dataset is missing or unreadable
  | 'import' // a checkpoint file was rejected
  | 'protocol' // a command this worker does not understand
  | 'internal';

export interface SelfTestResult {
  backend: BackendReport;
  /** Reference values from the CPU backend and the selected backend's values for the same ops. */
  cpu: number[];
  actual: number[];
  maxAbsDiff: number;
  /** maxAbsDiff relative to the largest reference magnitude. */
  maxRelDiff: number;
  millis: number;
  /** The training step's fused ops against their composed forms on the selected backend (values and gradients). */
  fused?: { maxRelDiff: number; worst: string; checks: number };
}

export { assertNever } from '../core/assert-never'; // the workers' exhaustiveness guard

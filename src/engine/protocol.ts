// The typed message protocol between the page and the engine worker. Both sides switch
// exhaustively over `type`; the version lets a page refuse a worker from another build.
// Metrics travel as small deltas (the points since the last message), never the history:
// the history lives in IndexedDB (storage/runs-db.ts), which the page reads directly.
import type { RunConfig } from '../core/config';
import type { BackendPreference, BackendReport } from './backends/types';
import type { WeightsReport } from './interop/types';
import type { EvalResult, MetricPoint, RunGroup, RunStatus } from './run-types';

export const PROTOCOL_VERSION = 2;

export type EngineCommand =
  /** First message; `faultInjection` enables the test-only `injectFault` command. */
  | { type: 'hello'; version: number; faultInjection?: boolean }
  | { type: 'selfTest'; backend: BackendPreference }
  /** Creates a run record and trains it from step 0. */
  | { type: 'start'; runId: string; name: string; config: RunConfig; backend: BackendPreference; group?: RunGroup }
  /** Continues a stored run from its last checkpoint (after a reload, a crash, a pause). */
  | { type: 'resume'; runId: string; backend?: BackendPreference }
  | { type: 'pause'; runId: string }
  | { type: 'stop'; runId: string }
  | { type: 'evaluate'; runId: string }
  | { type: 'saveCheckpoint'; runId: string }
  /** Sends the run's last checkpoint file back as bytes (an `exported` event). */
  | { type: 'exportCheckpoint'; runId: string }
  /** Validates a checkpoint file and stores it as a new run (an `imported` event). */
  | { type: 'importCheckpoint'; runId: string; fileName: string; bytes: ArrayBuffer }
  /** Z1/Z2 features of the first `limit` test images, in evaluation mode (TSV export, checks). */
  | { type: 'exportFeatures'; runId: string; limit: number }
  /** The run for PyTorch: its last checkpoint as a safetensors state_dict, or its settings as a solo-learn YAML (an `exported` event). */
  | { type: 'exportPytorch'; runId: string; format: 'safetensors' | 'solo-learn-yaml' }
  /** Reads PyTorch weights (.ckpt, .pth, .pt, .safetensors) and proposes a config from `base` (a `weightsInspected` event). */
  | { type: 'inspectWeights'; fileName: string; bytes: ArrayBuffer; base: RunConfig }
  /** Stores PyTorch weights as a new run with the confirmed `config` (an `imported` event), then loads and evaluates it. */
  | { type: 'importWeights'; runId: string; name: string; fileName: string; bytes: ArrayBuffer; config: RunConfig; backend: BackendPreference }
  /** Test hook for the fault tests (refused unless enabled by `hello`): NaN input, GPU device loss, worker crash, full storage on the next checkpoint. */
  | { type: 'injectFault'; runId: string; fault: InjectedFault };

export type InjectedFault = 'nan' | 'device-lost' | 'crash' | 'quota';

/** What the engine is doing with a run right now. */
export type EnginePhase = 'loading-data' | 'compiling' | 'training' | 'evaluating' | 'saving';

export type EngineEvent =
  | { type: 'hello'; version: number; faultInjection: boolean }
  | { type: 'selfTestResult'; result: SelfTestResult }
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
  | { type: 'exported'; runId: string; fileName: string; bytes: ArrayBuffer }
  | { type: 'imported'; runId: string; name: string }
  | { type: 'weightsInspected'; report: WeightsReport }
  | {
      type: 'features';
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
  | { type: 'error'; runId?: string; kind: EngineErrorKind; message: string; command?: EngineCommand['type'] };

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

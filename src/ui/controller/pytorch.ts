// PyTorch interop from the page: a run's weights (safetensors) and settings (solo-learn YAML)
// for the official code, and PyTorch weights opened as a new run. The engine reads and writes
// the files; the page shows what it inferred and sends the config the person confirmed.
import type { RunConfig } from '../../core/config';
import type { WeightsReport } from '../../engine/interop/types';
import { labStore } from '../state/store';
import { requestEvent } from './bridge';
import type { LabController } from './controller';
import type { FileOut } from './transfer';

const MIME = { safetensors: 'application/octet-stream', 'solo-learn-yaml': 'application/yaml' } as const;

export async function exportPytorch(lab: LabController, runId: string, format: 'safetensors' | 'solo-learn-yaml'): Promise<FileOut> {
  const { fileName, bytes } = await requestEvent(lab.engine, { type: 'exportPytorch', runId, format });
  return { fileName, bytes: new Uint8Array(bytes), mime: MIME[format] };
}

/** What the engine infers from a weights file, with the config it proposes on top of `base`. */
export async function inspectWeightsFile(lab: LabController, bytes: Uint8Array, fileName: string, base: RunConfig): Promise<WeightsReport> {
  const copy = bytes.slice().buffer as ArrayBuffer;
  return (await requestEvent(lab.engine, { type: 'inspectWeights', fileName, bytes: copy, base }, [copy])).report;
}

/** Imports the weights as a new run with `config`; the engine then evaluates it. Returns the run id. */
export async function importWeightsFile(lab: LabController, bytes: Uint8Array, fileName: string, config: RunConfig, name: string): Promise<string> {
  const runId = crypto.randomUUID();
  const copy = bytes.slice().buffer as ArrayBuffer;
  const s = labStore.getState();
  await requestEvent(lab.engine, { type: 'importWeights', runId, name, fileName, bytes: copy, config, backend: s.backend }, [copy]);
  const record = await (await lab.db).getRun(runId);
  if (!record) throw new Error(`The engine did not store the imported run ${name}.`);
  const state = labStore.getState();
  state.upsertRun(record);
  state.setHistory(runId, [], []);
  state.setSelected([...labStore.getState().selected, runId]);
  state.setFocus(runId);
  state.announce(`Imported “${name}” from ${fileName}; evaluating it.`);
  return runId;
}

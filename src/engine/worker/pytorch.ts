// The worker's PyTorch interop commands: export a run for PyTorch (safetensors, solo-learn
// YAML), inspect a weights file (architecture, proposed config), and import one as a run:
// the weights become a lab checkpoint at step 0 with the confirmed config, so every run
// feature (evaluation, embeddings, continue training, export) applies to it unchanged.
import type { RunConfig } from '../../core/config';
import { soloLearnYaml } from '../../interop';
import { decodeCheckpoint } from '../checkpoint/format';
import { safetensorsFromCheckpoint } from '../interop/export-weights';
import { checkpointFromWeights, inspectWeights, mapWeights, WeightsImportError } from '../interop/import-weights';
import type { WeightsReport } from '../interop/types';
import type { RunRecord } from '../run-types';
import { newRunRecord } from '../run-record';
import type { RunsDb } from '../storage/runs-db';
import { fileSlug, stepFileName } from '../file-names';

/** A file for the person, or a reason (thrown as a plain Error) why there is none. */
export async function exportForPytorch(
  db: RunsDb,
  runId: string,
  format: 'safetensors' | 'solo-learn-yaml',
): Promise<{ fileName: string; bytes: ArrayBuffer }> {
  const record = await db.getRun(runId);
  if (!record) throw new Error(`There is no run ${runId}.`);
  if (format === 'solo-learn-yaml') {
    const bytes = new TextEncoder().encode(soloLearnYaml(record.config, fileSlug(record.name)));
    return { fileName: `${fileSlug(record.name)}.yaml`, bytes: bytes.buffer as ArrayBuffer };
  }
  const saved = await db.latestCheckpoint(runId);
  if (!saved) throw new Error(`The run "${record.name}" has no stored checkpoint yet.`);
  const checkpoint = decodeCheckpoint(saved.bytes, `the checkpoint of "${record.name}"`);
  try {
    const bytes = await safetensorsFromCheckpoint(checkpoint);
    return { fileName: stepFileName(record.name, saved.step, 'safetensors'), bytes: bytes.buffer as ArrayBuffer };
  } finally {
    for (const t of [...checkpoint.model.values(), ...checkpoint.optimizer.values()]) t.dispose();
  }
}

/** The report of a weights file against `base`; WeightsImportError when it cannot be used. */
export function inspectForImport(bytes: ArrayBuffer, fileName: string, base: RunConfig): WeightsReport {
  return inspectWeights(new Uint8Array(bytes), fileName, base).report;
}

/**
 * Maps the weights onto `config` and stores them as a paused run at step 0 with its
 * checkpoint. The caller loads and evaluates it. Throws WeightsImportError for the person.
 */
export async function storeImportedWeights(
  db: RunsDb,
  command: { runId: string; name: string; fileName: string; bytes: ArrayBuffer; config: RunConfig },
  backend: string,
): Promise<RunRecord> {
  const bytes = new Uint8Array(command.bytes);
  const { mapped, format, architecture } = mapWeights(bytes, command.fileName, command.config);
  const checkpoint = await checkpointFromWeights(command.config, mapped, backend, command.runId);
  const now = Date.now();
  // totalSteps stays 0 until the data is loaded (the session's trainer knows it).
  const record = newRunRecord(
    { id: command.runId, name: command.name, config: command.config, now },
    { status: 'paused', checkpointStep: 0, origin: 'imported', importedFrom: { fileName: command.fileName, format, architecture } },
  );
  await db.putCheckpoint(command.runId, 0, checkpoint);
  await db.putRun(record);
  return record;
}

export { WeightsImportError };

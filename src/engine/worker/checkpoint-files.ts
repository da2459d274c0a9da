// A run's checkpoint as a file: sent to the page to save (exportCheckpoint), or read from a
// file the person chose and stored as a run (importCheckpoint), validated before anything is
// stored. Tensors made while decoding are disposed at once: only the bytes are kept.
import { CheckpointError, decodeCheckpoint } from '../checkpoint/format';
import { stepFileName } from '../file-names';
import type { EngineEvent } from '../protocol';
import { newRunRecord } from '../run-record';
import type { RunsDb } from '../storage/runs-db';
import { UserError } from './engine-errors';

export async function exportCheckpointFile(store: RunsDb, runId: string): Promise<Extract<EngineEvent, { type: 'exported' }>> {
  const [record, saved] = await Promise.all([store.getRun(runId), store.latestCheckpoint(runId)]);
  if (!record || !saved) throw new UserError('data', `The run ${runId} has no stored checkpoint yet.`);
  const bytes = saved.bytes.slice().buffer as ArrayBuffer;
  return { type: 'exported', runId, fileName: stepFileName(record.name, saved.step, 'zip'), bytes };
}

/** Stores the checkpoint file as run `runId` (paused, or done when it is the last step); returns the run's name. */
export async function importCheckpointFile(store: RunsDb, command: { runId: string; fileName: string; bytes: ArrayBuffer }): Promise<string> {
  const bytes = new Uint8Array(command.bytes);
  let checkpoint;
  try {
    checkpoint = decodeCheckpoint(bytes, command.fileName);
  } catch (err) {
    // TF.js's own words ("Tensor must have a shape …") are kept, inside a sentence for people.
    const message =
      err instanceof CheckpointError
        ? err.message
        : `${command.fileName} could not be read as a checkpoint (${err instanceof Error ? err.message : String(err)})`;
    throw new UserError('import', message);
  }
  const { meta } = checkpoint;
  for (const t of [...checkpoint.model.values(), ...checkpoint.optimizer.values()]) t.dispose();
  const existing = await store.getRun(command.runId);
  const now = Date.now();
  const name = existing?.name ?? command.fileName.replace(/\.zip$/, '');
  const stepsPerEpoch = meta.epoch > 0 ? meta.step / meta.epoch : undefined;
  const record = newRunRecord(
    { id: command.runId, name, config: meta.config, now },
    {
      datasetId: meta.datasetId,
      status: 'paused',
      createdAt: existing?.createdAt ?? now,
      step: meta.step,
      // Never below the checkpoint's own step (a record with step > totalSteps does not read back).
      totalSteps: Math.max(meta.step, existing?.totalSteps ?? (stepsPerEpoch ? Math.round(stepsPerEpoch * meta.config.train.epochs) : meta.step)),
      trainMillis: existing?.trainMillis ?? 0,
      checkpointStep: meta.step,
      backend: existing?.backend,
      origin: 'imported',
      lastEval: existing?.lastEval,
      bestEval: existing?.bestEval,
    },
  );
  if (record.step >= record.totalSteps) record.status = 'done';
  await store.putCheckpoint(command.runId, meta.step, bytes);
  await store.putRun(record);
  return name;
}

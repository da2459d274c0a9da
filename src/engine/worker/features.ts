// Z1/Z2 features of the test split for export (TensorBoard projector TSV) and for checks
// that a checkpoint round trip preserves the encoder exactly.
import { extractFeatures } from '../../eval/features';
import { sliceSplit } from '../../data/sampler';
import type { EngineEvent } from '../protocol';
import type { Trainer } from '../trainer';

export async function exportFeatures(runId: string, trainer: Trainer, limit: number): Promise<Extract<EngineEvent, { type: 'features' }>> {
  const { test, info } = trainer.dataset;
  const count = Math.max(0, Math.min(limit, test.count));
  const set = await extractFeatures(trainer.model, sliceSplit(test, 0, count), { chunkSize: 256 });
  return {
    type: 'features',
    runId,
    count,
    z1Dim: set.dims.z1,
    z2Dim: set.dims.z2,
    z1: set.z1.buffer as ArrayBuffer,
    z2: set.z2.buffer as ArrayBuffer,
    labels: Uint8Array.from(set.labels).buffer,
    classNames: info.classNames,
  };
}

// A lab checkpoint leaving for PyTorch: its model as a safetensors state_dict under
// solo-learn's names and layouts (load_state_dict(strict=True) on scripts/interop/lab_models.py's
// LabModel accepts it), with the run's config in __metadata__. (The YAML needs no tensors:
// src/interop/solo-yaml.ts.)
import type { Checkpoint } from '../checkpoint/format';
import { labToTorchState, LAB_EXPORT_FORMAT, LAB_METADATA, writeSafetensors, type LabTensor } from '../../interop';

/**
 * num_batches_tracked: PyTorch counts training forwards per BatchNorm; solo-learn runs the
 * networks once per view, so two per step. (Only momentum=None BatchNorms read it.)
 */
export function batchesTracked(step: number): bigint {
  return BigInt(2 * step);
}

/** Reads the checkpoint's tensors (async: no sync GPU read) and writes the safetensors file. */
export async function safetensorsFromCheckpoint(checkpoint: Checkpoint): Promise<Uint8Array> {
  const { meta } = checkpoint;
  const lab = new Map<string, LabTensor>();
  for (const [name, tensor] of checkpoint.model) lab.set(name, { shape: tensor.shape, values: (await tensor.data()) as Float32Array });
  const state = labToTorchState(lab, meta.config, meta.numClasses, batchesTracked(meta.step));
  return writeSafetensors(state, {
    format: 'pt', // what safetensors.torch.save_file writes
    [LAB_METADATA.format]: LAB_EXPORT_FORMAT,
    [LAB_METADATA.config]: JSON.stringify(meta.config),
    [LAB_METADATA.numClasses]: String(meta.numClasses),
    [LAB_METADATA.dataset]: meta.datasetId,
    [LAB_METADATA.step]: String(meta.step),
  });
}

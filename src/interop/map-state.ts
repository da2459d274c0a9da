// Both directions between a PyTorch state_dict and the lab's named tensors, through the
// layout of state-layout.ts. Import refuses, naming the key, anything it cannot place: a
// tensor the architecture needs but the file lacks, a shape that does not fit, a key that maps
// nowhere. A file without projector or classifier weights is accepted: those parts are then
// initialised by the lab and reported as such.
import type { RunConfig } from '../core/config';
import { InteropError, shapeText } from './errors';
import { labToTorch, stateLayout, torchToLab, type ModelPart } from './state-layout';
import { firstNonFinite, float32Tensor, int64Tensor, nonFiniteText, toFloat32, type HostTensor } from './tensor';
import { methodSpec } from '../core/config-methods';

/** A tensor in the lab's layout and name space. */
export interface LabTensor {
  shape: number[];
  values: Float32Array;
}

export interface MappedState {
  tensors: Map<string, LabTensor>;
  /** Parts the file has no weights for: the lab initialises them (seeded, as a new run). */
  fresh: ModelPart[];
  notes: string[];
}

const sameShape = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((d, i) => d === b[i]);
const FLOAT = new Set(['float32', 'float64', 'float16', 'bfloat16']);

export function mapToLab(state: Map<string, HostTensor>, config: RunConfig, numClasses: number): MappedState {
  const layout = stateLayout(config, numClasses);
  const notes: string[] = [];
  const fresh: ModelPart[] = [];
  for (const part of ['projector', 'classifier'] as const) {
    if (!layout.some((e) => e.part === part && e.kind !== 'count' && state.has(e.torch))) fresh.push(part);
  }
  const fileClasses = state.get('classifier.weight')?.shape[0];
  if (fileClasses !== undefined && fileClasses !== numClasses) {
    fresh.push('classifier');
    notes.push(`The file's classifier has ${fileClasses} classes and the dataset ${numClasses}: a new classifier is initialised (Z1 and Z2 do not use it).`);
  }
  const consumed = new Set<string>();
  if (fresh.includes('classifier')) for (const key of state.keys()) if (key.startsWith('classifier.')) consumed.add(key);
  const tensors = new Map<string, LabTensor>();
  for (const entry of layout) {
    if (fresh.includes(entry.part)) continue;
    const t = state.get(entry.torch);
    if (!t) {
      if (entry.kind === 'count') continue; // older BatchNorms have no num_batches_tracked
      throw new InteropError(`it has no ${entry.torch} ${shapeText(entry.torchShape)}, which the inferred architecture needs`);
    }
    consumed.add(entry.torch);
    if (!sameShape(t.shape, entry.torchShape)) {
      throw new InteropError(`${entry.torch} has shape ${shapeText(t.shape)}, but the inferred architecture needs ${shapeText(entry.torchShape)} there`);
    }
    if (entry.kind === 'count') continue;
    if (!FLOAT.has(t.dtype)) throw new InteropError(`${entry.torch} holds ${t.dtype} values where weights are floating point`);
    const values = toFloat32(t);
    const bad = firstNonFinite(values);
    if (bad >= 0) {
      throw new InteropError(
        `${entry.torch} holds ${nonFiniteText(values, bad, t.shape)}: the weights were saved from a run that had diverged, or the file is damaged. Use a checkpoint from before the divergence`,
      );
    }
    tensors.set(entry.lab!, { shape: entry.labShape, values: torchToLab(entry, values) });
  }
  const unmapped = [...state.keys()].filter((k) => !consumed.has(k));
  if (unmapped.length) {
    const shown = unmapped.slice(0, 4).join(', ') + (unmapped.length > 4 ? ` and ${unmapped.length - 4} more` : '');
    throw new InteropError(`${shown} ${unmapped.length === 1 ? 'maps' : 'map'} to nothing in the lab's model (${describeModel(config)})`);
  }
  return { tensors, fresh, notes };
}

function describeModel(config: RunConfig): string {
  const encoder = config.encoder.kind === 'resnet18' ? `ResNet-18 width ${config.encoder.width}` : `ConvNet [${config.encoder.convChannels.join(', ')}]`;
  return `${encoder}, ${methodSpec(config.method).name} projector${config.projector.sae.enabled ? ' with SAE' : ''}`;
}

/**
 * The lab's tensors as the PyTorch state_dict of the same model, in state_dict order.
 * `batchesTracked` fills every BatchNorm's num_batches_tracked (the lab does not count; the
 * exporter passes the number of training forwards, two per step).
 */
export function labToTorchState(lab: Map<string, LabTensor>, config: RunConfig, numClasses: number, batchesTracked: bigint): Map<string, HostTensor> {
  const out = new Map<string, HostTensor>();
  for (const entry of stateLayout(config, numClasses)) {
    if (entry.kind === 'count') {
      out.set(entry.torch, int64Tensor([], [batchesTracked]));
      continue;
    }
    const t = lab.get(entry.lab!);
    if (!t) throw new InteropError(`the lab model has no ${entry.lab}`);
    if (!sameShape(t.shape, entry.labShape)) throw new InteropError(`${entry.lab} has shape ${shapeText(t.shape)}, expected ${shapeText(entry.labShape)}`);
    out.set(entry.torch, float32Tensor(entry.torchShape, labToTorch(entry, t.values)));
  }
  return out;
}

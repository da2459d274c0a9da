// Any PyTorch weights file the lab opens, down to one state_dict with the lab's key style:
// a Lightning .ckpt ({state_dict, epoch, global_step, hyper_parameters, ...}), a torch.save
// .pth/.pt (a bare state_dict or a dict holding `state_dict` or `model`), or safetensors.
// Keys are normalised: DDP's `module.` is dropped, a bare backbone (torchvision names without
// `backbone.`) gets the prefix, and the official code's unused 100-class head `cls.*` is
// dropped. Every change is reported in `notes` so the person sees what was done to the file.
import { unzipSync } from 'fflate';
import { InteropError } from './errors';
import { PyObject } from './pickle';
import { looksLikeSafetensors, readSafetensors } from './safetensors';
import type { HostTensor } from './tensor';
import { isZip, readTorchFile, TensorRef } from './torch-file';

export type WeightsFormat = 'lab-checkpoint' | 'lightning' | 'torch' | 'safetensors';

export interface WeightsFile {
  format: Exclude<WeightsFormat, 'lab-checkpoint'>;
  /** The state_dict with normalised keys. */
  tensors: Map<string, HostTensor>;
  notes: string[];
  /** Lightning's hyper_parameters as plain JSON-like values (dicts become objects). */
  hyperParameters?: unknown;
  /** safetensors __metadata__. */
  metadata?: Record<string, string>;
  epoch?: number;
  globalStep?: number;
}

/** Which reader a file needs, from its first bytes (and, for zips, whether it is the lab's own). */
export function detectWeightsFormat(bytes: Uint8Array): WeightsFormat | undefined {
  if (isZip(bytes)) {
    try {
      const found = unzipSync(bytes, { filter: (f) => f.name === 'manifest.json' });
      if (found['manifest.json']) return 'lab-checkpoint';
    } catch {
      return 'torch'; // the torch reader says what is wrong with the zip
    }
    return 'torch';
  }
  if (looksLikeSafetensors(bytes)) return 'safetensors';
  if (bytes[0] === 0x80) return 'torch'; // a legacy torch.save pickle: the reader explains
  return undefined;
}

/** Maps, arrays and opaque objects to plain JSON-like values (for reading settings only). */
export function toPlain(value: unknown, depth = 0): unknown {
  if (depth > 32) return undefined;
  if (value instanceof Map) {
    const out: Record<string, unknown> = {};
    for (const [k, v] of value) if (typeof k === 'string' || typeof k === 'number') out[String(k)] = toPlain(v, depth + 1);
    return out;
  }
  if (Array.isArray(value)) return value.map((v) => toPlain(v, depth + 1));
  if (value instanceof PyObject) return { __class__: value.className, state: toPlain(value.state, depth + 1) };
  if (value instanceof TensorRef) return { __tensor__: value.shape };
  if (typeof value === 'bigint') return Number(value);
  return value;
}

const BARE_BACKBONE = /^(conv1|bn1|layer[1-4])\.|^\d+\./;

function normaliseKeys(raw: Map<string, HostTensor>, notes: string[]): Map<string, HostTensor> {
  let entries = [...raw];
  if (entries.length && entries.every(([k]) => k.startsWith('module.'))) {
    entries = entries.map(([k, t]) => [k.slice('module.'.length), t]);
    notes.push('Keys began with "module." (saved from a DDP wrapper): the prefix was removed.');
  }
  if (!entries.some(([k]) => k.startsWith('backbone.')) && entries.some(([k]) => BARE_BACKBONE.test(k))) {
    entries = entries.map(([k, t]) => [BARE_BACKBONE.test(k) ? `backbone.${k}` : k, t]);
    notes.push('The encoder keys had no "backbone." prefix (a bare backbone state_dict): read as backbone.*.');
  }
  const ignored = entries.filter(([k]) => k.startsWith('cls.'));
  if (ignored.length) {
    entries = entries.filter(([k]) => !k.startsWith('cls.'));
    notes.push(`Ignored ${ignored.map(([k]) => k).join(', ')}: the official code's unused 100-class head.`);
  }
  return new Map(entries);
}

function describeKeys(map: Map<unknown, unknown>): string {
  const keys = [...map.keys()].map(String);
  return keys.slice(0, 8).join(', ') + (keys.length > 8 ? `, … (${keys.length} keys)` : '') || 'none';
}

function readTorch(bytes: Uint8Array): WeightsFile {
  const file = readTorchFile(bytes);
  const root = file.root;
  const notes: string[] = [];
  let format: WeightsFile['format'] = 'torch';
  let stateDict: unknown = root;
  let hyperParameters: unknown;
  let epoch: number | undefined;
  let globalStep: number | undefined;
  if (root instanceof Map && ![...root.values()].every((v) => v instanceof TensorRef)) {
    if (root.get('state_dict') instanceof Map) {
      stateDict = root.get('state_dict');
      if (root.has('pytorch-lightning_version') || root.has('global_step')) format = 'lightning';
      hyperParameters = root.has('hyper_parameters') ? toPlain(root.get('hyper_parameters')) : undefined;
      epoch = typeof root.get('epoch') === 'number' ? (root.get('epoch') as number) : undefined;
      globalStep = typeof root.get('global_step') === 'number' ? (root.get('global_step') as number) : undefined;
    } else if (root.get('model') instanceof Map) {
      stateDict = root.get('model');
      notes.push('Read the weights under the "model" key.');
    } else {
      throw new InteropError(`it holds no state_dict: its top-level keys are ${describeKeys(root)} (expected a state_dict, or a dict with "state_dict")`);
    }
  }
  if (!(stateDict instanceof Map)) throw new InteropError('it holds no state_dict (the pickled object is not a dict)');
  const refs = new Map<string, TensorRef>();
  for (const [key, value] of stateDict) {
    if (typeof key !== 'string') throw new InteropError(`its state_dict has a key that is not a string (${String(key)})`);
    if (!(value instanceof TensorRef)) throw new InteropError(`its state_dict entry ${key} is not a tensor`);
    refs.set(key, value);
  }
  return { format, tensors: normaliseKeys(file.load(refs), notes), notes, hyperParameters, epoch, globalStep };
}

/** Reads a PyTorch or safetensors weights file. Throws InteropError naming what is wrong. */
export function readWeightsFile(bytes: Uint8Array): WeightsFile {
  const format = detectWeightsFormat(bytes);
  if (format === 'lab-checkpoint') throw new InteropError('it is a Bottleneck Lab checkpoint: import it as a run, not as PyTorch weights');
  if (format === 'safetensors') {
    const { tensors, metadata } = readSafetensors(bytes);
    const notes: string[] = [];
    return { format, tensors: normaliseKeys(tensors, notes), notes, metadata };
  }
  if (format === 'torch') return readTorch(bytes);
  throw new InteropError('it is not a PyTorch file (.ckpt, .pth, .pt), a safetensors file or a lab checkpoint');
}

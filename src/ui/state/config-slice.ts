// The config draft the form edits (mirrored in the URL), text that does not parse yet, the
// problems a shared link had, and what the validation needs to know about the GPU.
import type { StateCreator } from 'zustand';
import { augmentationFor, chooseMethod, defaultConfig, type DatasetId, type Method, type RunConfig } from '../../core/config';
import { setLeaf, type Leaf } from '../../core/config-paths';
import { applyPreset, DEFAULT_STRENGTHS, type PresetId, type PresetStrengths } from '../../core/config-presets';
import type { BackendPreference } from '../../engine/backends/types';
import type { GpuLimits } from '../controller/memory-limits';
import type { LinkProblem } from './url-codec';
import type { LabState } from './store';

export interface ConfigSlice {
  draft: RunConfig;
  backend: BackendPreference;
  /** Inputs whose text is not a value yet ("0.", "abc"), by config path. */
  fieldErrors: Record<string, string>;
  linkProblems: LinkProblem[];
  runName: string; // '' = named after the preset
  strengths: PresetStrengths;
  gpuLimits?: GpuLimits;
  /** Datasets the cache can train on now (undefined until the dataset store has answered). */
  readyDatasets?: string[];
  setDraft(config: RunConfig): void;
  setField(path: string, value: Leaf): void;
  setFieldError(path: string, message: string | undefined): void;
  setMethod(method: Method): void;
  applyPresetToDraft(id: PresetId): void;
  setBackend(backend: BackendPreference): void;
  setLinkProblems(problems: LinkProblem[]): void;
  setRunName(name: string): void;
  setStrengths(strengths: PresetStrengths): void;
  setGpuLimits(limits: GpuLimits | undefined): void;
  setReadyDatasets(ids: string[]): void;
}

function withoutKey(record: Record<string, string>, key: string): Record<string, string> {
  if (!(key in record)) return record;
  const { [key]: _dropped, ...rest } = record;
  return rest;
}

/**
 * The augmentation recipe follows the dataset (the synthetic set has its own, CIFAR the
 * paper's) unless the user has edited it: an edited recipe is theirs to keep.
 */
function followDatasetRecipe(before: RunConfig, after: RunConfig): void {
  const untouched = JSON.stringify(before.aug.views) === JSON.stringify(augmentationFor(before.method, before.data.dataset));
  if (untouched) after.aug = { views: augmentationFor(after.method, after.data.dataset as DatasetId) };
}

export const createConfigSlice: StateCreator<LabState, [], [], ConfigSlice> = (set) => ({
  draft: defaultConfig(),
  backend: 'auto',
  fieldErrors: {},
  linkProblems: [],
  runName: '',
  strengths: DEFAULT_STRENGTHS,
  gpuLimits: undefined,
  readyDatasets: undefined,
  setDraft: (config) => set({ draft: structuredClone(config), fieldErrors: {} }),
  setField: (path, value) =>
    set((s) => {
      const draft = structuredClone(s.draft);
      setLeaf(draft, path, value);
      if (path === 'data.dataset') followDatasetRecipe(s.draft, draft);
      return { draft, fieldErrors: withoutKey(s.fieldErrors, path) };
    }),
  // Unchanged errors return the same state: every field clears its error on mount, and a
  // no-op must not wake every subscriber.
  setFieldError: (path, message) =>
    set((s) => {
      if (s.fieldErrors[path] === message) return s;
      return { fieldErrors: message ? { ...s.fieldErrors, [path]: message } : withoutKey(s.fieldErrors, path) };
    }),
  // The method's learning rates and augmentation recipe follow it (method.md, chooseMethod).
  setMethod: (method) =>
    set((s) => {
      const draft = structuredClone(s.draft);
      chooseMethod(draft, method);
      return { draft };
    }),
  applyPresetToDraft: (id) => set((s) => ({ draft: applyPreset(s.draft, id, s.strengths) })),
  setBackend: (backend) => set({ backend }),
  setLinkProblems: (linkProblems) => set({ linkProblems }),
  setRunName: (runName) => set({ runName }),
  setStrengths: (strengths) => set({ strengths }),
  setGpuLimits: (gpuLimits) => set({ gpuLimits }),
  setReadyDatasets: (readyDatasets) => set({ readyDatasets }),
});

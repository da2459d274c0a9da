// The run config of an imported model, and where each of its model settings came from. Three
// sources, strongest last: the base config (the lab's form, or the defaults headless), the
// settings the file carries (a lab export's config in __metadata__, a Lightning checkpoint's
// solo-learn hyper_parameters), and the architecture the weights show (which always wins:
// weights cannot be loaded into another shape). Top-k and point_num leave no trace in weights,
// so their source is always shown, and the person can change them before importing.
import type { RunConfig } from '../core/config';
import { configFromPartial, setLeaf, type Leaf } from '../core/config-paths';
import type { InferredArchitecture } from './infer';
import { allLossParams, methodFromSolo, methodSpec } from '../core/config-methods';

/** The safetensors __metadata__ keys of a lab export (see export-names in the README). */
export const LAB_METADATA = {
  format: 'bottleneck_lab.format',
  config: 'bottleneck_lab.config',
  numClasses: 'bottleneck_lab.num_classes',
  dataset: 'bottleneck_lab.dataset',
  step: 'bottleneck_lab.step',
} as const;
export const LAB_EXPORT_FORMAT = 'bottleneck-lab/pytorch-state-dict';

export interface FileSettings {
  /** Where the settings were found, for people ("the lab's export metadata"). */
  source: string;
  leaves: [string, Leaf][];
}

/** The model and loss settings of a config: what a file's settings may set. */
const MODEL_PATHS = /^(method|encoder\.|projector\.|loss\.)/;

function fromLabMetadata(metadata: Record<string, string>): FileSettings | undefined {
  const json = metadata[LAB_METADATA.config];
  if (!json) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    return undefined;
  }
  const { config } = configFromPartial(parsed);
  const leaves: [string, Leaf][] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    else if (MODEL_PATHS.test(path)) leaves.push([path, value as Leaf]);
  };
  walk(config, '');
  return { source: "the lab's export metadata", leaves };
}

function fromSoloHyperParameters(hp: unknown): FileSettings | undefined {
  if (typeof hp !== 'object' || hp === null) return undefined;
  const root = hp as Record<string, unknown>;
  const cfg = (typeof root.cfg === 'object' && root.cfg !== null ? root.cfg : root) as Record<string, unknown>;
  const kwargs = (typeof cfg.method_kwargs === 'object' && cfg.method_kwargs !== null ? cfg.method_kwargs : {}) as Record<string, unknown>;
  const leaves: [string, Leaf][] = [];
  const num = (path: string, value: unknown) => typeof value === 'number' && Number.isFinite(value) && leaves.push([path, value]);
  const method = typeof cfg.method === 'string' ? methodFromSolo(cfg.method) : undefined;
  if (method) leaves.push(['method', method]);
  for (const { name, param } of allLossParams()) num(`loss.${name}`, kwargs[param.solo]);
  num('projector.hiddenDim', kwargs.proj_hidden_dim);
  num('projector.outputDim', kwargs.proj_output_dim);
  num('projector.pointNum', cfg.point_num);
  num('loss.lmbd', cfg.lmbd);
  num('loss.alpha', cfg.alpha);
  num('projector.sae.topK', cfg.topk);
  num('projector.sae.latentDim', cfg.latents_dim);
  if (typeof cfg.sparse_autoencoder === 'boolean') leaves.push(['projector.sae.enabled', cfg.sparse_autoencoder]);
  return leaves.length ? { source: "the checkpoint's hyper_parameters", leaves } : undefined;
}

/** Settings a weights file carries, if any. */
export function fileSettings(file: { metadata?: Record<string, string>; hyperParameters?: unknown }): FileSettings | undefined {
  return (file.metadata && fromLabMetadata(file.metadata)) ?? fromSoloHyperParameters(file.hyperParameters);
}

export interface ImportedConfig {
  config: RunConfig;
  /** One line per setting the weights cannot show: its value and where it came from. */
  provenance: string[];
}

export interface ImportOptions {
  /** How the base config is named to people ("the form"). */
  baseName?: string;
  /** The person's choices, applied last (top-k, point_num from flags); named `adjustName`. */
  adjust?: (config: RunConfig) => void;
  adjustName?: string;
}

/** base <- file settings <- architecture <- adjust. The caller validates the result (validateConfig). */
export function importedConfig(base: RunConfig, arch: InferredArchitecture, settings: FileSettings | undefined, options: ImportOptions = {}): ImportedConfig {
  const { baseName = 'the form', adjust, adjustName = 'your choice' } = options;
  const config = structuredClone(base);
  const from = new Map<string, string>();
  for (const [path, value] of settings?.leaves ?? []) {
    setLeaf(config, path, Array.isArray(value) ? [...value] : value);
    from.set(path, settings!.source);
  }
  if (arch.method) config.method = arch.method;
  if (arch.encoder.kind === 'resnet18') config.encoder = { ...config.encoder, kind: 'resnet18', width: arch.encoder.width };
  else config.encoder = { ...config.encoder, kind: 'convnet', convChannels: [...arch.encoder.channels] };
  if (arch.projector) {
    config.projector.hiddenDim = arch.projector.hiddenDim;
    if (arch.projector.outputDim !== undefined) config.projector.outputDim = arch.projector.outputDim;
  }
  if (arch.method) config.projector.sae.enabled = arch.sae !== undefined;
  if (arch.sae) config.projector.sae.latentDim = arch.sae.latentDim;
  if (adjust) {
    const { pointNum, sae } = config.projector;
    const topK = sae.topK;
    adjust(config);
    if (config.projector.pointNum !== pointNum) from.set('projector.pointNum', adjustName);
    if (config.projector.sae.topK !== topK) from.set('projector.sae.topK', adjustName);
  }
  const source = (path: string) => from.get(path) ?? `not in the file: from ${baseName}`;
  const provenance = [`Discrete projector point_num = ${config.projector.pointNum} (${source('projector.pointNum')})`];
  if (config.projector.sae.enabled) provenance.unshift(`SAE top-k = ${config.projector.sae.topK} (${source('projector.sae.topK')})`);
  if (!arch.method) {
    provenance.unshift(
      `Method ${config.method} and a ${methodSpec(config.method).name} projector initialised at random (${source('method')}): Z2 describes an untrained head`,
    );
  }
  return { config, provenance };
}

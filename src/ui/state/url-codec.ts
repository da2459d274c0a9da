// The whole experiment in the link (as TensorFlow Playground does): query parameters keyed by
// the config's dotted paths, only for the settings that differ from the default, so a link
// stays short and readable (`?loss.lmbd=0.1&projector.pointNum=5`). Reading a link never
// fails: a setting that cannot be used is named in `problems` and left at its default.
// The augmentation recipe's default is the one of the link's method and dataset (as in the
// form): `?data.dataset=cifar10` trains CIFAR with the paper's recipe, not the synthetic set's.
import { chooseMethod, defaultConfig, type DatasetId, type RunConfig } from '../../core/config';
import { CONFIG_PATHS, flattenConfig, formatLeaf, parseLeaf, setLeaf, type Leaf } from '../../core/config-paths';
import { validateConfig } from '../../core/config-validate';
import type { BackendPreference } from '../../engine/backends/types';

export const BACKEND_PARAM = 'backend';
const BACKENDS: readonly BackendPreference[] = ['auto', 'webgpu', 'webgl', 'wasm', 'cpu'];

export interface LinkProblem {
  setting: string; // the parameter as written in the link
  message: string; // why it was not used, and what is used instead
}

export interface DecodedLink {
  config: RunConfig;
  backend: BackendPreference;
  problems: LinkProblem[];
}

const sameLeaf = (a: Leaf, b: Leaf) => formatLeaf(a) === formatLeaf(b);

/**
 * What a link leaves out means: the default config with what choosing the link's method and
 * dataset in the form sets (chooseMethod): the method's learning rates and the recipe of method
 * and dataset. A link `method=barlow` once trained with SimCLR's lr.
 */
function linkDefaults(config: Pick<RunConfig, 'method' | 'data'>): RunConfig {
  const base = defaultConfig();
  chooseMethod(base, config.method, config.data.dataset as DatasetId);
  base.method = defaultConfig().method; // the method itself is written out unless it is the default
  return base;
}

/** The parts of linkDefaults that depend on settings read from the link itself. */
function applyLinkDefaults(config: RunConfig, fromLink: Set<string>): void {
  const base = linkDefaults(config);
  if (!fromLink.has('optim.lr')) config.optim.lr = base.optim.lr;
  if (!fromLink.has('optim.classifierLr')) config.optim.classifierLr = base.optim.classifierLr;
  config.aug = base.aug;
}

/**
 * A link is anyone's text: a problem quotes at most this much of a key or value (a 5,000-character
 * value once ran off the notice), and a message that quotes one is cut at twice that.
 */
const QUOTED = 60;
const clip = (text: string, limit = QUOTED) => (text.length > limit ? `${text.slice(0, limit)}… (${text.length} characters)` : text);
const clipQuoted = (message: string) => message.replace(/"([^"]*)"/g, (_m, quoted: string) => `"${clip(quoted)}"`);

/** The query string (without '?') for a config; '' for the default config. */
export function encodeLink(config: RunConfig, backend: BackendPreference = 'auto'): string {
  const defaults = new Map(flattenConfig(linkDefaults(config)));
  const parts: string[] = [];
  for (const [path, value] of flattenConfig(config)) {
    const base = defaults.get(path);
    if (base !== undefined && sameLeaf(base, value)) continue;
    parts.push(`${path}=${encodeValue(formatLeaf(value))}`);
  }
  if (backend !== 'auto') parts.push(`${BACKEND_PARAM}=${backend}`);
  return parts.join('&');
}

// Commas separate list items; leaving them unescaped keeps links legible.
const encodeValue = (text: string) => encodeURIComponent(text).replace(/%2C/gi, ',');

function defaultText(path: string, base: RunConfig = defaultConfig()): string {
  const leaf = flattenConfig(base).find(([p]) => p === path);
  return leaf ? formatLeaf(leaf[1]) : '';
}

/** Reads a link's query string ('?a=1&b=2' or 'a=1&b=2'). */
export function decodeLink(search: string): DecodedLink {
  let params: [string, string][];
  try {
    params = [...new URLSearchParams(search.startsWith('?') ? search.slice(1) : search)];
  } catch (err) {
    return {
      config: defaultConfig(),
      backend: 'auto',
      problems: [{ setting: 'link', message: `the link could not be read (${String(err)}); using the default settings` }],
    };
  }
  const config = defaultConfig();
  const problems: LinkProblem[] = [];
  const fromLink = new Set<string>();
  const known = new Set(CONFIG_PATHS);
  let backend: BackendPreference = 'auto';
  const apply = (key: string, text: string) => {
    try {
      setLeaf(config, key, parseLeaf(key, text));
      fromLink.add(key);
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      problems.push({ setting: key, message: `${clipQuoted(reason)}; using the default (${defaultText(key, linkDefaults(config))})` });
    }
  };
  const recipe: [string, string][] = [];
  for (const [key, text] of params) {
    if (key === BACKEND_PARAM) {
      if ((BACKENDS as readonly string[]).includes(text)) backend = text as BackendPreference;
      else problems.push({ setting: key, message: `unknown backend "${clip(text)}" (${BACKENDS.join(', ')}); using auto` });
      continue;
    }
    if (!known.has(key)) {
      problems.push({ setting: clip(key), message: `not a setting of this lab; ignored` });
      continue;
    }
    if (key.startsWith('aug.')) recipe.push([key, text]);
    else apply(key, text);
  }
  // Learning rates and recipe follow the link's method and dataset; the link's own settings go on top.
  applyLinkDefaults(config, fromLink);
  for (const [key, text] of recipe) apply(key, text);
  return { config: repairFromLink(config, fromLink, problems), backend, problems };
}

/**
 * Values that parse but break a rule (point_num = 1, top-k > latent dim) fall back too: first
 * the link's settings a rule names, then, if rules still fail, every setting from the link.
 */
function repairFromLink(config: RunConfig, fromLink: Set<string>, problems: LinkProblem[]): RunConfig {
  const invalid = validateConfig(config);
  if (invalid.length === 0) return config;
  const base = linkDefaults(config);
  const defaults = new Map(flattenConfig(base));
  const named = new Set<string>();
  for (const p of invalid) {
    const hits = [...fromLink].filter((path) => path === p.path || path.startsWith(`${p.path}.`));
    for (const path of hits) named.add(path);
    problems.push({
      setting: hits[0] ?? p.path,
      message: `${clipQuoted(p.message)}; using the default${hits.length ? ` (${hits.map((h) => defaultText(h, base)).join(', ')})` : ''}`,
    });
  }
  const repaired = structuredClone(config);
  for (const path of named) setLeaf(repaired, path, structuredClone(defaults.get(path) as Leaf));
  if (validateConfig(repaired).length === 0) return repaired;
  problems.push({ setting: 'link', message: 'the link\u2019s settings do not work together; using the default settings' });
  return defaultConfig();
}

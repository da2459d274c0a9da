// The run config as flat leaf paths ("optim.lr", "projector.sae.topK"). One mechanism serves
// the headless trainer's flags, the shareable URL and partial JSON (imported runs): a value is
// parsed against the type of the default at the same path, so nothing is guessed.
import { defaultConfig, type RunConfig } from './config';

export type Leaf = string | number | boolean | number[];

type Json = Leaf | { [key: string]: Json } | Json[];

/** Every leaf of the config as [path, value], in declaration order. */
export function flattenConfig(config: RunConfig): [string, Leaf][] {
  const out: [string, Leaf][] = [];
  const walk = (value: Json, path: string) => {
    if (Array.isArray(value) && value.every((v) => typeof v === 'number')) {
      out.push([path, value as number[]]);
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => walk(v, `${path}.${i}`));
    } else if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    } else {
      out.push([path, value]);
    }
  };
  walk(config as unknown as Json, '');
  return out;
}

export const CONFIG_PATHS: readonly string[] = flattenConfig(defaultConfig()).map(([p]) => p);

function leafAt(config: RunConfig, path: string): Leaf | undefined {
  let node: unknown = config;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null) return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node as Leaf | undefined;
}

/** Writes `value` at `path` in place (the path must exist in the default config). */
export function setLeaf(config: RunConfig, path: string, value: Leaf): void {
  const keys = path.split('.');
  let node = config as unknown as Record<string, unknown>;
  for (const key of keys.slice(0, -1)) node = node[key] as Record<string, unknown>;
  node[keys[keys.length - 1]] = value;
}

/**
 * Parses text for the leaf at `path`, typed like the default's value there.
 * Throws an Error that names the path and what was expected.
 */
export function parseLeaf(path: string, text: string): Leaf {
  const template = leafAt(defaultConfig(), path);
  if (template === undefined) throw new Error(`unknown setting "${path}"`);
  if (typeof template === 'number') {
    const value = Number(text);
    if (text.trim() === '' || !Number.isFinite(value)) throw new Error(`${path} must be a number, got "${text}"`);
    return value;
  }
  if (typeof template === 'boolean') {
    if (/^(true|1|yes|on)$/i.test(text)) return true;
    if (/^(false|0|no|off)$/i.test(text)) return false;
    throw new Error(`${path} must be true or false, got "${text}"`);
  }
  if (Array.isArray(template)) {
    const parts = text.split(/[,\s]+/).filter(Boolean);
    const values = parts.map(Number);
    if (parts.length === 0 || values.some((v) => !Number.isFinite(v))) {
      throw new Error(`${path} must be a comma-separated list of numbers, got "${text}"`);
    }
    return values;
  }
  return text;
}

/** The value at `path` as text (inverse of parseLeaf). */
export function formatLeaf(value: Leaf): string {
  return Array.isArray(value) ? value.join(',') : String(value);
}

/**
 * Builds a full config from a partial object (an imported JSON, an old checkpoint): every
 * known leaf is taken if its type matches the default's; the rest is reported, never guessed.
 */
export function configFromPartial(partial: unknown): { config: RunConfig; problems: string[] } {
  const config = defaultConfig();
  const problems: string[] = [];
  if (typeof partial !== 'object' || partial === null) return { config, problems: ['the config is not a JSON object'] };
  const known = new Set(CONFIG_PATHS);
  const walk = (value: unknown, path: string) => {
    if (known.has(path)) {
      const template = leafAt(config, path) as Leaf;
      const ok = Array.isArray(template)
        ? Array.isArray(value) && value.every((v) => typeof v === 'number' && Number.isFinite(v))
        : typeof value === typeof template && (typeof value !== 'number' || Number.isFinite(value));
      if (ok) setLeaf(config, path, value as Leaf);
      else problems.push(`${path}: expected a ${Array.isArray(template) ? 'list of numbers' : typeof template}, got ${JSON.stringify(value)}`);
      return;
    }
    if (typeof value === 'object' && value !== null) {
      for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
      return;
    }
    problems.push(`${path}: unknown setting`);
  };
  walk(partial, '');
  return { config, problems };
}

// The user's download URLs (a mirror, a self-hosted copy), kept in localStorage: small, per
// browser, read synchronously at startup. Empty fields mean "the default" (data/catalog.ts).
import { resolveSources, type DatasetSources } from '../../data/catalog';
import type { CifarKind } from '../../data/formats';

export type SourceOverrides = Partial<Record<CifarKind, { train?: string; test?: string; archive?: string }>>;

const KEY = 'bottleneck-lab.data-sources';

export function loadOverrides(): SourceOverrides {
  try {
    const raw = globalThis.localStorage?.getItem(KEY);
    const parsed: unknown = raw ? JSON.parse(raw) : {};
    return typeof parsed === 'object' && parsed !== null ? (parsed as SourceOverrides) : {};
  } catch {
    return {}; // unreadable settings are not worth failing the panel for
  }
}

export function saveOverrides(overrides: SourceOverrides): void {
  try {
    globalThis.localStorage?.setItem(KEY, JSON.stringify(overrides));
  } catch {
    // private mode or a full localStorage: the URLs still apply to this session
  }
}

export function sourcesFor(kind: CifarKind, overrides: SourceOverrides): DatasetSources {
  return resolveSources(kind, overrides[kind]);
}

// Storage space: how much this origin uses and may use, and persistence (so the browser does
// not evict 180 MB of CIFAR under storage pressure). estimate() works in workers too;
// persist() exists on the main thread only (and returns false in headless Chromium), so it is
// asked by the page's client (data/worker/client.ts), outside what the data worker compiles.

export interface StorageInfo {
  usage?: number; // bytes this origin stores (all databases, caches)
  quota?: number; // bytes it may store
  persisted?: boolean; // undefined where the API is missing
}

export async function storageEstimate(): Promise<StorageInfo> {
  const storage = typeof navigator === 'undefined' ? undefined : navigator.storage;
  if (!storage?.estimate) return {};
  const [estimate, persisted] = await Promise.all([storage.estimate(), storage.persisted ? storage.persisted().catch(() => undefined) : undefined]);
  return { usage: estimate.usage, quota: estimate.quota, persisted };
}

// One import, verify or delete per dataset at a time, across tabs: Web Locks are shared by
// every page and worker of the origin. Where the API is missing (Node tests), a module-level
// set gives the same exclusion within this realm.
import type { DatasetId } from '../catalog';
import { DatasetBusyError } from './failure';

const held = new Set<string>();

export async function withDatasetLock<T>(id: DatasetId, what: string, run: () => Promise<T>): Promise<T> {
  const name = `bottleneck-lab-data/${id}`;
  const busy = (): DatasetBusyError =>
    new DatasetBusyError(
      `${id} is busy (an import, verification or deletion is running in this or another tab); try again when it has finished. ${what} did not start.`,
    );
  const locks = typeof navigator !== 'undefined' ? navigator.locks : undefined;
  if (locks) {
    return locks.request(name, { ifAvailable: true }, async (lock) => {
      if (!lock) throw busy();
      return run();
    }) as Promise<T>;
  }
  if (held.has(name)) throw busy();
  held.add(name);
  try {
    return await run();
  } finally {
    held.delete(name);
  }
}

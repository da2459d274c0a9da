// This origin's storage: used, available, and whether the browser keeps it under pressure.
import type { StorageInfo } from '../../data/cache';
import { formatBytes } from './format';

export function StorageMeter({ storage }: { storage?: StorageInfo }) {
  if (!storage || storage.usage === undefined || storage.quota === undefined) {
    return <p className="dataset-note">Storage: this browser does not report its space.</p>;
  }
  const available = Math.max(0, storage.quota - storage.usage);
  const persistence =
    storage.persisted === true
      ? 'persistent (kept under storage pressure)'
      : storage.persisted === false
        ? 'not persistent (the browser may evict it when space runs low)'
        : '';
  return (
    <p className="dataset-note" data-testid="storage-meter" data-usage={storage.usage} data-quota={storage.quota}>
      Storage: {formatBytes(storage.usage)} used, {formatBytes(available)} available
      {persistence ? `; ${persistence}` : ''}.
    </p>
  );
}

// Opening the dataset database. Works on the main thread, in the data worker and in the engine
// worker (IndexedDB exists in all three); Node tests use fake-indexeddb.
import { openDB, type IDBPDatabase } from 'idb';
import { DATA_DB_NAME, DATA_DB_VERSION, type DataSchema } from './schema';

export type DataDb = IDBPDatabase<DataSchema>;

export function openDataDb(name = DATA_DB_NAME): Promise<DataDb> {
  return openDB<DataSchema>(name, DATA_DB_VERSION, {
    upgrade(db) {
      const manifests = db.createObjectStore('manifests', { keyPath: 'copyId' });
      manifests.createIndex('byDataset', 'id');
      db.createObjectStore('chunks', { keyPath: ['copyId', 'split', 'slot', 'part'] });
    },
    // Another tab upgrading (a newer build) must not be blocked by this connection.
    blocking(_current, _next, event) {
      (event.target as IDBDatabase).close();
    },
  });
}

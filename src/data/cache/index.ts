// The dataset cache's public surface. Consumers (the engine worker, evaluation) need only
// loadDataset(id); the data worker writes through beginAttempt / CopyWriter.
export { beginAttempt, describeSource, type Attempt, type AttemptOptions } from './attempt';
export { overallChecksum, sha256Hex } from './checksum';
export { CopyWriter, deleteCopy, type CopyInit } from './copy-writer';
export { DatasetCache, loadDataset, type CachedDataset, type DatasetCacheState } from './dataset-cache';
export { openDataDb, type DataDb } from './db';
export { CacheCorruptError, CacheFullError, DatasetNotCachedError, asCacheError, isQuotaError } from './errors';
export {
  CACHE_FORMAT_VERSION,
  CHUNK_IMAGES,
  DATA_DB_NAME,
  type ChunkInfo,
  type CopyStatus,
  type DatasetManifest,
  type DatasetSource,
  type Interruption,
  type RemoteFile,
  type SplitManifest,
  type SplitOrigin,
} from './schema';
export { planResume, splitsToProbe, storedOrigin, type DropReason, type SplitPlan } from './resume-plan';
export { storageEstimate, type StorageInfo } from './storage';
export { chunkBytes, verifyCopy, type VerifyReport } from './verify';

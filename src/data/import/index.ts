// Import pipelines (run by the data worker; also usable directly, e.g. in Node tests).
export { importArchive, type ArchiveInput } from './import-archive';
export { describeFetched, importParquet, type FetchedSplit, type ParquetInput, type ParquetOutcome } from './import-parquet';
export { importSynthetic, type SyntheticInput } from './import-synthetic';
export { loadSyntheticDataset } from './load-synthetic';
export { describeFailure, DatasetBusyError, type FailureKind, type ImportFailure } from './failure';
export { ProgressTracker, type ImportPhase, type ImportProgress, type ProgressListener } from './progress';
export type { ImportContext, ImportOutcome } from './run-import';

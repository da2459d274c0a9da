// The dataset panel for the lab: mount <DatasetPanel />; read readiness with useReadyDatasets()
// or useDatasetsStore; start imports from code with the actions.
export { DatasetPanel } from './DatasetPanel';
export { DatasetsStandalone } from './standalone';
export {
  cancelJob,
  deleteDataset,
  downloadDataset,
  generateSynthetic,
  getDataClient,
  importArchiveFile,
  refreshDatasets,
  useDatasetsStore,
  useReadyDatasets,
  verifyDataset,
  type DatasetsState,
} from './actions';

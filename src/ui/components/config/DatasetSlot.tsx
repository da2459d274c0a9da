// The dataset side of the form: a note on what the chosen dataset needs, the Datasets panel
// (src/ui/datasets: cache status, download/import with progress, storage used) in its own
// section, and the bridge that tells validation which datasets are ready to train on.
import { useEffect } from 'react';
import { DatasetPanel, useReadyDatasets } from '../../datasets';
import { useLab } from '../../state/store';
import { Section } from './Section';

export function DatasetSlot() {
  const dataset = useLab((s) => s.draft.data.dataset);
  return (
    <p className="field-hint dataset-slot">
      {dataset === 'synthetic'
        ? 'Generated in your browser from a fixed seed: ten shape classes under colour, texture and position nuisances. Nothing to download.'
        : 'CIFAR must be downloaded or imported into this browser first: see “Datasets in this browser” below.'}
    </p>
  );
}

/** Keeps the store's list of trainable datasets in step with the dataset cache. */
export function DatasetReadiness() {
  const ready = useReadyDatasets();
  const setReady = useLab((s) => s.setReadyDatasets);
  const key = ready.join(',');
  useEffect(() => setReady(key.split(',').filter(Boolean)), [key, setReady]);
  return null;
}

export function DatasetsSection() {
  return (
    <Section title="Datasets in this browser" paths={['data.dataset']}>
      <DatasetReadiness />
      <div className="dataset-panel-host">
        <DatasetPanel title="Cached datasets" />
      </div>
    </Section>
  );
}

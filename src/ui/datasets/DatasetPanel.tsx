// The dataset panel: synthetic, CIFAR-10 and CIFAR-100 with their cache status; download,
// import (file input or drag and drop), verify, delete; the running import's progress;
// storage space; messages in live regions. No TF.js here: the work happens in the data worker.
import { useEffect, useId, useState, type DragEvent } from 'react';
import { archiveKindFromName, DATASET_IDS, hostsOf, isCifar } from '../../data/catalog';
import type { CifarKind } from '../../data/formats';
import { DatasetRow } from './DatasetRow';
import { ImportProgressBar } from './ImportProgressBar';
import { sourcesFor } from './sources';
import { SourcesEditor } from './SourcesEditor';
import { StorageMeter } from './StorageMeter';
import {
  cancelJob,
  deleteDataset,
  dismissMessage,
  downloadDataset,
  generateSynthetic,
  importArchiveFile,
  refreshDatasets,
  say,
  setSourceOverrides,
  useDatasetsStore,
  verifyDataset,
} from './actions';

export function DatasetPanel({ title = 'Datasets' }: { title?: string }) {
  const { loaded, datasets, job, busy, messages, storage, stats, overrides } = useDatasetsStore();
  const [dragging, setDragging] = useState(false);
  const headingId = useId();

  useEffect(() => {
    void refreshDatasets();
  }, []);

  // A tarball dropped anywhere on the panel: its name says which CIFAR it is (rows know theirs).
  const drop = (event: DragEvent<HTMLElement>): void => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (!file) return;
    const kind = archiveKindFromName(file.name);
    if (kind) importArchiveFile(kind, file);
    else say('error', `${file.name}: the name does not say whether it is CIFAR-10 or CIFAR-100; drop it onto the matching row.`);
  };

  const parquetHostOf = (id: CifarKind): string => {
    const { parquet } = sourcesFor(id, overrides);
    return hostsOf([parquet.train, parquet.test]);
  };
  const notes = messages.filter((m) => m.tone !== 'error');
  const errors = messages.filter((m) => m.tone === 'error');

  return (
    <section
      className={`dataset-panel${dragging ? ' is-drop-target' : ''}`}
      aria-labelledby={headingId}
      data-testid="dataset-panel"
      data-loaded={loaded}
      data-imports={stats?.imports}
      data-parsed-files={stats?.parsedFiles}
      data-fetches={stats?.fetches}
      onDragOver={(e) => (e.preventDefault(), setDragging(true))}
      onDragLeave={() => setDragging(false)}
      onDrop={drop}
    >
      <h2 id={headingId}>{title}</h2>
      <StorageMeter storage={storage} />
      <ul className="dataset-list">
        {DATASET_IDS.map((id) => {
          const state = datasets[id];
          const importing = job?.id === id;
          return (
            <DatasetRow
              key={id}
              state={state}
              importing={importing}
              parquetHost={isCifar(id) ? parquetHostOf(id) : ''}
              disabled={!!job || busy?.id === id}
              onDownload={(via) => isCifar(id) && downloadDataset(id, via)}
              onFile={(file) => isCifar(id) && importArchiveFile(id, file)}
              onGenerate={() => generateSynthetic()}
              onVerify={() => void verifyDataset(id)}
              onDelete={() => void deleteDataset(id)}
            />
          );
        })}
      </ul>
      {job && <ImportProgressBar job={job} onCancel={cancelJob} />}
      {busy && (
        <p className="dataset-note" role="status">
          {busy.what === 'verify' ? 'Verifying' : 'Deleting'} {busy.id}…
        </p>
      )}
      <ul className="dataset-messages" role="status" aria-live="polite" aria-label="Dataset messages" data-testid="dataset-messages">
        {notes.map((m) => (
          <li key={m.key} className={`tone-${m.tone}`} data-tone={m.tone}>
            {m.text}{' '}
            <button type="button" onClick={() => dismissMessage(m.key)} aria-label="Dismiss message">
              ×
            </button>
          </li>
        ))}
      </ul>
      <ul className="dataset-messages" role="alert" aria-label="Dataset errors" data-testid="dataset-errors">
        {errors.map((m) => (
          <li key={m.key} className="tone-error" data-tone="error">
            {m.text}{' '}
            <button type="button" onClick={() => dismissMessage(m.key)} aria-label="Dismiss error">
              ×
            </button>
          </li>
        ))}
      </ul>
      <SourcesEditor overrides={overrides} onChange={setSourceOverrides} />
    </section>
  );
}

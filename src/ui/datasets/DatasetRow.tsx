// One dataset: its cache status and what can be done with it. A CIFAR row is also a drop
// target for its Toronto tarball.
import { useId, useState, type DragEvent } from 'react';
import { describeSource, storedOrigin, type DatasetCacheState, type DatasetManifest } from '../../data/cache';
import { CATALOG, hostOf, isCifar } from '../../data/catalog';
import { formatBytes, formatCount } from './format';

export interface DatasetRowProps {
  state: DatasetCacheState;
  importing: boolean; // an import of this dataset runs
  parquetHost: string; // where a parquet download of this dataset would come from now
  disabled: boolean; // another import, or a verify/delete of this dataset, runs
  onDownload: (via: 'parquet' | 'archive') => void;
  onFile: (file: File) => void;
  onGenerate: () => void;
  onVerify: () => void;
  onDelete: () => void;
}

function when(ms: number | undefined): string {
  return ms ? new Date(ms).toLocaleString('en-GB', { dateStyle: 'medium', timeStyle: 'short' }) : '';
}

/** The host each split came from ("huggingface.co", or "huggingface.co (train) and mirror.example (test)"). */
function parquetHosts(m: DatasetManifest): string {
  const [train, test] = (['train', 'test'] as const).map((s) => hostOf(storedOrigin(m, s)?.url ?? ''));
  return train === test ? train : `${train} (train) and ${test} (test)`;
}

function sourceText(m: DatasetManifest): string {
  const s = m.source;
  if (s.kind === 'archive') return s.url ? `downloaded ${s.fileName}` : `imported from ${s.fileName}`;
  if (s.kind === 'parquet') return `downloaded from ${parquetHosts(m)}`;
  return `generated from seed ${s.seed}`;
}

/** The cached copy's own class names (an archive's meta file may name other classes than CIFAR's). */
function classesText(names: readonly string[]): string {
  const shown = names.slice(0, 10).join(', ');
  return `${names.length} classes: ${shown}${names.length > 10 ? `, … (${names.length - 10} more)` : ''}`;
}

function capitalize(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "The train split is stored (2,000 images from huggingface.co)" for each finished split. */
function storedSplits(p: DatasetManifest): string[] {
  return (['train', 'test'] as const)
    .filter((s) => p.splits[s].complete)
    .map((s) => {
      const origin = storedOrigin(p, s);
      return `the ${s} split is stored (${formatCount(p.splits[s].count)} images${origin ? ` from ${hostOf(origin.url)}` : ''})`;
    });
}

function statusText(state: DatasetCacheState, importing: boolean): string {
  const m = state.complete;
  const parts: string[] = [];
  if (m) {
    parts.push(
      `Cached: ${formatCount(m.splits.train.count)} train · ${formatCount(m.splits.test.count)} test images · ${formatBytes(m.bytes)} · ` +
        `${sourceText(m)} · verified ${when(m.verifiedAt)}`,
    );
  } else if (!importing) {
    parts.push(state.id === 'synthetic' ? 'Not cached (generated when a run needs it)' : 'Not cached');
  }
  const p = state.partial;
  if (p && !importing) {
    const kept = storedSplits(p);
    const fraction = Math.round((p.interruption?.fraction ?? p.progress?.fraction ?? 0) * 100);
    const how = p.interruption?.reason === 'cancelled' ? 'was cancelled' : p.interruption?.reason === 'failed' ? 'stopped' : 'was interrupted';
    const it = kept.length > 1 ? 'each' : 'it';
    const keep = p.source.kind === 'parquet' ? `the next download keeps ${it} while its URL and file are unchanged` : `the next attempt keeps ${it}`;
    const splits = kept.length ? ` ${capitalize(kept.join('; '))}; ${keep}.` : '';
    parts.push(`Unfinished ${describeSource(p.source)}: it ${how} at ${fraction}%.${splits}`);
  }
  // Sentences: "Not cached. Unfinished download from …", not "Not cached Unfinished …".
  return parts.map((part, i) => (i < parts.length - 1 && !part.endsWith('.') ? `${part}.` : part)).join(' ');
}

export function DatasetRow({ state, importing, parquetHost, disabled, onDownload, onFile, onGenerate, onVerify, onDelete }: DatasetRowProps) {
  const entry = CATALOG[state.id];
  const [via, setVia] = useState<'parquet' | 'archive'>('parquet');
  const [dragging, setDragging] = useState(false);
  const headingId = useId();
  const cifar = isCifar(state.id);
  const complete = state.complete;
  const status = complete ? 'complete' : state.partial ? 'partial' : 'missing';

  const drop = (event: DragEvent<HTMLLIElement>): void => {
    if (!cifar) return;
    event.preventDefault();
    event.stopPropagation(); // the panel's own drop target guesses the dataset; this row knows it
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
  };

  return (
    <li
      className={`dataset-row${dragging ? ' is-drop-target' : ''}`}
      aria-labelledby={headingId}
      data-testid={`dataset-${state.id}`}
      data-status={status}
      data-train-count={complete?.splits.train.count}
      data-test-count={complete?.splits.test.count}
      data-created-at={complete?.createdAt}
      data-checksum={complete?.checksum}
      onDragOver={cifar ? (e) => (e.preventDefault(), setDragging(true)) : undefined}
      onDragLeave={cifar ? () => setDragging(false) : undefined}
      onDrop={drop}
    >
      <div className="dataset-row-head">
        <h3 id={headingId} className="dataset-name">
          {entry.name}
        </h3>
        <span className="dataset-status" data-testid={`dataset-${state.id}-status`}>
          {statusText(state, importing)}
        </span>
      </div>
      <div className="dataset-actions">
        {cifar && (
          <>
            <select
              value={via}
              onChange={(e) => setVia(e.target.value as 'parquet' | 'archive')}
              disabled={disabled}
              aria-label={`${entry.name} download source`}
            >
              <option value="parquet">Parquet files from {parquetHost}</option>
              <option value="archive">Toronto tarball via this server</option>
            </select>
            <button type="button" onClick={() => onDownload(via)} disabled={disabled} aria-label={`Download ${entry.name}`}>
              Download
            </button>
            <label className="dataset-file-label">
              Import {entry.name} archive
              <input
                type="file"
                accept=".gz,.tgz,application/gzip,application/x-gzip"
                disabled={disabled}
                onChange={(e) => {
                  const file = e.target.files?.[0];
                  e.target.value = ''; // choosing the same file again must fire again
                  if (file) onFile(file);
                }}
              />
            </label>
          </>
        )}
        {!cifar && (
          <button type="button" onClick={onGenerate} disabled={disabled} aria-label={`Generate and cache ${entry.name}`}>
            Generate and cache
          </button>
        )}
        <button type="button" onClick={onVerify} disabled={disabled || !complete} aria-label={`Verify ${entry.name}`}>
          Verify
        </button>
        <button type="button" onClick={onDelete} disabled={disabled || (!complete && !state.partial)} aria-label={`Delete ${entry.name}`}>
          Delete
        </button>
      </div>
      {complete && complete.classNames.length > 0 && (
        <span className="dataset-note" data-testid={`dataset-${state.id}-classes`}>
          {classesText(complete.classNames)}
        </span>
      )}
      {cifar && entry.archiveName && <span className="dataset-note">Or drop {entry.archiveName} (from cs.toronto.edu/~kriz/cifar.html) onto this row.</span>}
    </li>
  );
}

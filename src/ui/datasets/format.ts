// Numbers for people: sizes, rates, durations, counts (en-US grouping, as the rest of the lab).
import type { ImportProgress } from '../../data/import/progress';
import { formatDuration } from '../components/format';

export function formatBytes(bytes: number | undefined): string {
  if (bytes === undefined || !Number.isFinite(bytes)) return '?';
  if (bytes < 1024) return `${bytes} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

export function formatCount(n: number): string {
  return n.toLocaleString('en-US');
}

const PHASE_LABEL: Record<ImportProgress['phase'], string> = {
  prepare: 'Preparing',
  download: 'Downloading',
  import: 'Storing',
  decode: 'Decoding',
  generate: 'Generating',
  verify: 'Verifying',
};

/** "Downloading train-….parquet: 43 MB of 120 MB · 12 MB/s · 8 s left" */
export function describeProgress(p: ImportProgress): string {
  const amount = (n: number | undefined): string => (p.unit === 'bytes' ? formatBytes(n) : n === undefined ? '?' : formatCount(n));
  const unitWord = p.unit === 'bytes' ? '' : ` ${p.unit}`;
  const done = p.total !== undefined ? `${amount(p.done)} of ${amount(p.total)}${unitWord}` : `${amount(p.done)}${unitWord}`;
  const rate = p.rate !== undefined ? (p.unit === 'bytes' ? `${formatBytes(p.rate)}/s` : `${formatCount(Math.round(p.rate))} ${p.unit}/s`) : '';
  const phase = p.phase === 'import' && p.unit === 'bytes' ? 'Importing' : PHASE_LABEL[p.phase];
  const eta = p.etaSeconds !== undefined ? `${formatDuration(p.etaSeconds * 1000)} left` : '';
  return [`${phase}${p.file ? ` ${p.file}` : ''}: ${done}`, rate, eta].filter(Boolean).join(' · ');
}

// The running import: a progress bar with bytes or images, rate and time left, and Cancel.
import type { RunningJob } from './actions';
import { describeProgress } from './format';

export function ImportProgressBar({ job, onCancel }: { job: RunningJob; onCancel: () => void }) {
  const p = job.progress;
  const percent = p ? Math.round(p.fraction * 100) : 0;
  return (
    <div className="dataset-progress" data-testid="import-progress">
      <div className="dataset-actions">
        <strong>{job.what}</strong>
        <button type="button" onClick={onCancel} aria-label={`Cancel: ${job.what}`}>
          Cancel
        </button>
      </div>
      <progress max={100} value={percent} aria-label={`${job.what}: progress`} aria-valuetext={`${percent}%`} />
      <span className="dataset-note" data-testid="import-progress-text">
        {p ? `${percent}% · ${describeProgress(p)}` : 'Starting…'}
      </span>
    </div>
  );
}

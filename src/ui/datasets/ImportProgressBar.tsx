// The running import: a progress bar with bytes or images, rate and time left, and Cancel.
import type { RunningJob } from './store';
import { describeProgress } from './format';
import { styles } from './styles';

export function ImportProgressBar({ job, onCancel }: { job: RunningJob; onCancel: () => void }) {
  const p = job.progress;
  const percent = p ? Math.round(p.fraction * 100) : 0;
  return (
    <div className="dataset-progress" style={styles.progress} data-testid="import-progress">
      <div style={styles.actions}>
        <strong>{job.what}</strong>
        <button type="button" onClick={onCancel} aria-label={`Cancel: ${job.what}`}>
          Cancel
        </button>
      </div>
      <progress style={styles.bar} max={100} value={percent} aria-label={`${job.what}: progress`} aria-valuetext={`${percent}%`} />
      <span style={styles.small} data-testid="import-progress-text">
        {p ? `${percent}% · ${describeProgress(p)}` : 'Starting…'}
      </span>
    </div>
  );
}

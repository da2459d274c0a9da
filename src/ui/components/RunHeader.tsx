// The followed run at a glance: state, backend and adapter, step, epoch, ETA.
import { styleFor } from '../state/run-styles';
import { displayStatus, etaMillis, stateLabel } from '../state/selectors';
import { useLab } from '../state/store';
import { noCheckpointNote } from '../state/resume-note';
import { formatDuration } from './format';
import { useFocusRunId } from './RunControls';
import { RunStyleSample } from './RunStyleSample';
import { useDeadRun } from './DeadRunBadge';
import { etaWarning } from '../state/run-flags';
import { describeAdapter } from '../../engine/backends/types';

export function RunHeader() {
  const id = useFocusRunId();
  const run = useLab((s) => (id ? s.runs[id] : undefined));
  const live = useLab((s) => (id ? s.live[id] : undefined));
  const metrics = useLab((s) => (id ? s.histories[id]?.metrics : undefined));
  const styleIndex = useLab((s) => (id ? s.styleIndex[id] : undefined));
  const theme = useLab((s) => s.theme);
  const dead = useDeadRun(run, metrics);
  // Before the first run the intro and the charts panel explain what will appear here.
  if (!run) return null;
  const status = displayStatus(run, live);
  const step = live?.step ?? run.step;
  const total = live?.totalSteps || run.totalSteps;
  const epoch = live?.epoch ?? (total ? (step / total) * run.config.train.epochs : 0);
  const eta = status === 'running' ? etaMillis(metrics ?? [], step, total) : undefined;
  const backend = live?.backend;
  // The live report when there is one; else what the record kept (only a WebGPU run has an adapter).
  const adapter = backend ? describeAdapter(backend) : run.backend === 'webgpu' ? run.adapter : undefined;
  const label = stateLabel(status, live);
  const longEta = status === 'running' ? etaWarning(eta, run.config.train.epochs) : undefined;
  return (
    <section className="run-header panel" aria-label="Current run" data-testid="run-header" data-state={label}>
      <div className="run-title">
        {styleIndex !== undefined && <RunStyleSample style={styleFor(styleIndex)} theme={theme} />}
        <h2>{run.name}</h2>
        <span className={`state state-${status}`} data-testid="run-state">
          {label}
        </span>
        {dead && <span className="badge badge-error">dead run</span>}
      </div>
      <dl className="run-facts">
        <div>
          <dt>Step</dt>
          <dd data-testid="run-step">
            {step.toLocaleString('en')} / {total ? total.toLocaleString('en') : '…'}
          </dd>
        </div>
        <div>
          <dt>Epoch</dt>
          <dd>
            {epoch.toFixed(2)} / {run.config.train.epochs}
          </dd>
        </div>
        <div>
          <dt>ETA</dt>
          <dd>{status === 'running' ? formatDuration(eta) : status === 'done' ? 'finished' : '—'}</dd>
        </div>
        <div className="run-backend">
          <dt>Compute</dt>
          <dd title={backend?.reason}>
            {backend?.name ?? run.backend ?? '—'}
            {backend?.threads !== undefined && (
              <span className="muted" data-testid="backend-threads">
                {' '}
                · {backend.threads} {backend.threads === 1 ? 'thread' : 'threads'}
              </span>
            )}
            {adapter && <span className="muted"> · {adapter}</span>}
          </dd>
        </div>
      </dl>
      {(live?.message || run.message) && (status === 'diverged' || status === 'failed' || status === 'interrupted' || status === 'paused') && (
        <p className="run-message">{live?.message ?? run.message}</p>
      )}
      {dead && (
        <p className="run-message" role="status" data-testid="dead-run">
          {dead.message}
        </p>
      )}
      {longEta && (
        <p className="run-message run-warning" data-testid="eta-warning">
          {longEta}
        </p>
      )}
      {noCheckpointNote(run, status) && (
        <p className="run-message" data-testid="no-checkpoint">
          {noCheckpointNote(run, status)}
        </p>
      )}
    </section>
  );
}

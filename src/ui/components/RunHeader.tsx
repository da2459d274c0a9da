// The followed run at a glance: state, backend and adapter, step, epoch, ETA.
import { styleFor } from '../state/run-styles';
import { displayStatus, etaMillis, stateLabel } from '../state/selectors';
import { useLab } from '../state/store';
import { formatDuration } from './format';
import { useFocusRunId } from './RunControls';
import { RunStyleSample } from './RunStyleSample';

export function RunHeader() {
  const id = useFocusRunId();
  const run = useLab((s) => (id ? s.runs[id] : undefined));
  const live = useLab((s) => (id ? s.live[id] : undefined));
  const metrics = useLab((s) => (id ? s.histories[id]?.metrics : undefined));
  const styleIndex = useLab((s) => (id ? s.styleIndex[id] : undefined));
  const theme = useLab((s) => s.theme);
  // Before the first run the intro and the charts panel explain what will appear here.
  if (!run) return null;
  const status = displayStatus(run, live);
  const step = live?.step ?? run.step;
  const total = live?.totalSteps || run.totalSteps;
  const epoch = live?.epoch ?? (total ? (step / total) * run.config.train.epochs : 0);
  const eta = status === 'running' ? etaMillis(metrics ?? [], step, total) : undefined;
  const backend = live?.backend;
  const adapter = backend?.adapter;
  const label = stateLabel(status, live);
  return (
    <section className="run-header panel" aria-label="Current run" data-testid="run-header" data-state={label}>
      <div className="run-title">
        {styleIndex !== undefined && <RunStyleSample style={styleFor(styleIndex)} theme={theme} />}
        <h2>{run.name}</h2>
        <span className={`state state-${status}`} data-testid="run-state">
          {label}
        </span>
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
            {(adapter || run.adapter) && (
              <span className="muted"> · {adapter ? [adapter.vendor, adapter.architecture].filter(Boolean).join(' ') : run.adapter}</span>
            )}
            {adapter?.isFallback && <span className="muted"> (software)</span>}
          </dd>
        </div>
      </dl>
      {(live?.message || run.message) && (status === 'diverged' || status === 'failed' || status === 'interrupted' || status === 'paused') && (
        <p className="run-message">{live?.message ?? run.message}</p>
      )}
    </section>
  );
}

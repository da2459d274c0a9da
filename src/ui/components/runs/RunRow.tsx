// One run in the table: overlay toggle, style, status, what differs from the baseline, final
// metrics (never a best picked on the test split), duration, backend, and its actions.
import { memo } from 'react';
import type { RunConfig } from '../../../core/config';
import { styleFor } from '../../state/run-styles';
import { configDiff, displayStatus, summarize, trainingRunId } from '../../state/selectors';
import { labStore, useLab } from '../../state/store';
import { noCheckpointNote } from '../../state/resume-note';
import { formatDuration, formatNumber, formatPercent } from '../format';
import { RunStyleSample } from '../RunStyleSample';
import { useController } from '../services';
import { Menu } from '../Menu';
import { ExportMenu } from './ExportMenu';
import { DeadRunBadge } from '../DeadRunBadge';

const SHORT: Record<string, string> = {
  'loss.lmbd': 'lmbd',
  'projector.pointNum': 'point_num',
  'projector.sae.enabled': 'SAE',
  'projector.sae.topK': 'top-k',
  'projector.sae.latentDim': 'SAE latents',
};
const shortPath = (path: string) => SHORT[path] ?? path.replace(/^(projector|loss|optim|train|data|encoder)\./, '');

function Differences({ base, config, isBaseline }: { base: RunConfig; config: RunConfig; isBaseline: boolean }) {
  if (isBaseline) return <span className="badge">baseline</span>;
  const changes = configDiff(base, config);
  if (!changes.length) return <span className="muted">same as baseline</span>;
  const shown = changes.slice(0, 3);
  return (
    <span className="diff" title={changes.map((c) => `${c.path}: ${c.from} → ${c.to}`).join('\n')}>
      {shown.map((c) => (
        <mark key={c.path} className="diff-chip">
          {shortPath(c.path)} {c.to === 'true' ? 'on' : c.to === 'false' ? 'off' : c.to}
        </mark>
      ))}
      {changes.length > shown.length && <span className="muted"> +{changes.length - shown.length} more</span>}
    </span>
  );
}

export const RunRow = memo(function RunRow({ id, base, baselineId }: { id: string; base: RunConfig; baselineId?: string }) {
  const lab = useController();
  const run = useLab((s) => s.runs[id]);
  const live = useLab((s) => s.live[id]);
  const history = useLab((s) => s.histories[id]);
  const selected = useLab((s) => s.selected.includes(id));
  const styleIndex = useLab((s) => s.styleIndex[id] ?? 0);
  const theme = useLab((s) => s.theme);
  const focused = useLab((s) => s.focusId === id);
  const anyTraining = useLab((s) => trainingRunId(s) !== undefined);
  // Actions are stable functions on the state: read once, no subscription needed.
  const { toggleSelected, setBaseline, setFocus, setDraft, announce, pushNotice } = labStore.getState();
  if (!run) return null;
  const status = displayStatus(run, live);
  const summary = summarize(run, history);
  const training = status === 'running';
  const noCheckpoint = noCheckpointNote(run, status);
  // An imported or interrupted run continues from its checkpoint (the engine trains one at a time).
  const canContinue =
    !anyTraining && run.checkpointStep !== undefined && (status === 'paused' || status === 'interrupted' || status === 'stopped') && run.step < run.totalSteps;

  function onToggle() {
    if (!selected) void lab.ensureHistory(id);
    toggleSelected(id);
  }

  return (
    <tr className={focused ? 'focused' : undefined} data-run-id={id} data-status={status} data-checkpoint={run.checkpointStep}>
      <td>
        <input type="checkbox" checked={selected} onChange={onToggle} aria-label={`Overlay ${run.name}`} />
      </td>
      <th scope="row">
        <button type="button" className="link run-name" onClick={() => setFocus(id)} title="Follow this run in the header">
          <RunStyleSample style={styleFor(styleIndex)} theme={theme} />
          {run.name}
        </button>
        {run.origin === 'imported' && (
          <span
            className="badge"
            title={Array.isArray(run.importedFrom?.architecture) ? [run.importedFrom.fileName, ...run.importedFrom.architecture].join('\n') : undefined}
          >
            imported
          </span>
        )}
        <DeadRunBadge run={run} metrics={history?.metrics} />
      </th>
      <td>
        <span className={`state state-${status}`}>{status}</span>
        <span className="cell-note">{live?.backend?.name ?? run.backend ?? ''}</span>
        {noCheckpoint && <span className="run-warning">{noCheckpoint}</span>}
        {history?.problem && <span className="run-warning">{history.problem}</span>}
      </td>
      <td>
        <Differences base={base} config={run.config} isBaseline={baselineId === id} />
      </td>
      <td className="num">{formatNumber(summary.finalLoss)}</td>
      <td className="num">{formatNumber(summary.finalMi)}</td>
      <td className="num">{formatPercent(summary.finalLinearZ1)}</td>
      <td className="num">{formatPercent(summary.finalKnnZ1)}</td>
      <td className="num">{formatPercent(summary.finalLinearZ2)}</td>
      <td className="num">{formatDuration(summary.trainMillis)}</td>
      <td>
        <div className="row-actions">
          {canContinue && (
            <button type="button" className="tool" aria-label={`Continue training ${run.name}`} onClick={() => lab.resume(id)}>
              Continue
            </button>
          )}
          <ExportMenu runId={id} runName={run.name} />
          <Menu
            label="More"
            ariaLabel={`More actions for ${run.name}`}
            items={[
              { label: 'Use this config', onSelect: () => (setDraft(run.config), announce(`Loaded the config of “${run.name}” into the form.`)) },
              { label: 'Make it the baseline', onSelect: () => setBaseline(id), disabled: baselineId === id },
              {
                label: 'Delete',
                danger: true,
                disabled: training,
                onSelect: () => {
                  if (confirm(`Delete “${run.name}” and its history?`))
                    lab.deleteRun(id).catch((err: unknown) => pushNotice({ runId: id, kind: 'page', message: String(err) }));
                },
              },
            ]}
          />
        </div>
      </td>
    </tr>
  );
});

// The lab's main actions: pick a variant, Start; Pause, Resume and Stop act on the run the
// header follows. Start says why it is disabled (validation, a run already training).
import { useId } from 'react';
import { PRESETS, presetOf, type PresetId } from '../../core/config-presets';
import { displayStatus, startBlockReason, trainingRunId } from '../state/selectors';
import { useLab } from '../state/store';
import { useDraftProblems } from './config/use-problems';
import { useController } from './services';

export function useFocusRunId(): string | undefined {
  return useLab((s) => trainingRunId(s) ?? (s.focusId && s.runs[s.focusId] ? s.focusId : undefined));
}

export function RunControls() {
  const lab = useController();
  const reason = useLab(startBlockReason);
  const preset = useLab((s) => presetOf(s.draft));
  const applyPreset = useLab((s) => s.applyPresetToDraft);
  const runName = useLab((s) => s.runName);
  const setRunName = useLab((s) => s.setRunName);
  const focusId = useFocusRunId();
  const focus = useLab((s) => (focusId ? s.runs[focusId] : undefined));
  const status = useLab((s) => (focus ? displayStatus(focus, s.live[focus.id]) : undefined));
  const anotherTraining = useLab((s) => {
    const t = trainingRunId(s);
    return t !== undefined && t !== focusId;
  });
  const ids = { reason: useId(), preset: useId(), name: useId() };
  // Red only when the settings are wrong; "a run is training" is information, not an error.
  const settingsWrong = useDraftProblems().some((p) => p.blocking);
  const canResume =
    focus !== undefined && !anotherTraining && (status === 'paused' || status === 'interrupted' || status === 'stopped') && focus.checkpointStep !== undefined;
  const canStop = status === 'running' || status === 'paused' || status === 'interrupted';
  const live = useLab((s) => (focusId ? s.live[focusId] : undefined));
  const canEvaluate = (status === 'running' && live?.phase !== 'evaluating') || (status === 'paused' && live !== undefined);

  return (
    <div className="run-controls">
      <div className="field">
        <label htmlFor={ids.preset}>Projector variant</label>
        <select id={ids.preset} value={preset.id} onChange={(e) => applyPreset(e.target.value as PresetId)} aria-describedby={`${ids.preset}-d`}>
          {PRESETS.map((p) => (
            <option key={p.id} value={p.id}>
              {p.label}
            </option>
          ))}
        </select>
        <span id={`${ids.preset}-d`} className="field-hint">
          {preset.description}
        </span>
      </div>
      <div className="field">
        <label htmlFor={ids.name}>Run name</label>
        <input id={ids.name} type="text" value={runName} placeholder="automatic" onChange={(e) => setRunName(e.target.value)} />
      </div>
      <div className="action-buttons">
        <button
          type="button"
          className="primary"
          disabled={reason !== undefined}
          aria-describedby={reason ? ids.reason : undefined}
          onClick={() => lab.startRun()}
        >
          Start
        </button>
        <button type="button" disabled={status !== 'running'} onClick={() => focus && lab.pause(focus.id)}>
          Pause
        </button>
        <button type="button" disabled={!canResume} onClick={() => focus && lab.resume(focus.id)}>
          Resume
        </button>
        <button type="button" disabled={!canStop} onClick={() => focus && void lab.stop(focus.id)}>
          Stop
        </button>
        {/* The engine holds the run's weights while it trains or is paused: evaluate those. */}
        <button
          type="button"
          disabled={!canEvaluate}
          onClick={() => focus && lab.evaluateNow(focus.id)}
          title="Linear probe and kNN of Z1 and Z2 on the current weights"
        >
          Evaluate now
        </button>
      </div>
      <p id={ids.reason} className={`start-reason${settingsWrong ? ' start-reason-error' : ''}`} data-testid="start-reason" hidden={!reason}>
        {reason}
      </p>
    </div>
  );
}

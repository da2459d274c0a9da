// The sweep queue: tick presets, choose seeds per variant, run them one after another on the
// draft's data and budget, and see them overlaid when the last one ends (with several seeds:
// grouped per variant, as means with a band, and summarised in the study table).
import { useId } from 'react';
import { PRESETS, presetById } from '../../../core/config-presets';
import { startBlockReason } from '../../state/selectors';
import { useLab } from '../../state/store';
import { MAX_SEEDS, PAPER_STUDY, type Sweep } from '../../state/sweep';
import { useController } from '../services';

function SweepStatus({ sweep }: { sweep: Sweep }) {
  const lab = useController();
  const setSelected = useLab((s) => s.setSelected);
  const done = sweep.items.filter((i) => i.status === 'done').length;
  return (
    <li className="sweep" data-testid="sweep" data-state={sweep.state}>
      <div className="sweep-head">
        <strong>{sweep.label}</strong>
        <span className={`state state-${sweep.state === 'running' ? 'running' : sweep.state === 'done' ? 'done' : 'stopped'}`}>{sweep.state}</span>
        <span className="muted">
          {done} of {sweep.items.length} done
        </span>
        {sweep.state === 'running' ? (
          <button type="button" className="tool" onClick={() => lab.cancelSweep(sweep.id)}>
            Cancel sweep
          </button>
        ) : (
          <button type="button" className="tool" onClick={() => setSelected(sweep.items.flatMap((i) => (i.runId ? [i.runId] : [])))}>
            Overlay its runs
          </button>
        )}
      </div>
      <ol className="sweep-items">
        {sweep.items.map((item, i) => (
          <li key={i} data-status={item.status}>
            <span
              className={`state state-${item.status === 'waiting' ? 'queued' : item.status === 'running' ? 'running' : item.status === 'done' ? 'done' : 'stopped'}`}
            >
              {item.status}
            </span>{' '}
            {presetById(item.presetId)?.label}
            {sweep.seeds > 1 && <span className="muted"> · seed {item.seed}</span>}
          </li>
        ))}
      </ol>
    </li>
  );
}

export function SweepPanel() {
  const lab = useController();
  const chosen = useLab((s) => s.sweepPresets);
  const toggle = useLab((s) => s.toggleSweepPreset);
  const seeds = useLab((s) => s.sweepSeeds);
  const setSeeds = useLab((s) => s.setSweepSeeds);
  const setPresets = useLab((s) => s.setSweepPresets);
  const seedsId = useId();
  const sweeps = useLab((s) => s.sweeps);
  const strengths = useLab((s) => s.strengths);
  const reason = useLab(startBlockReason);
  const reasonId = useId();
  const why = reason ?? (chosen.length === 0 ? 'Tick at least one preset.' : undefined);
  const runs = chosen.length * seeds;
  return (
    <section className="sweep-panel panel" aria-labelledby="sweep-title">
      <div className="section-head">
        <h2 id="sweep-title">Sweep queue</h2>
        <p className="muted">
          Runs each ticked variant in turn on the current data, encoder and budget (lmbd {strengths.lmbd}, point_num {strengths.pointNum} where switched on),
          then overlays them. With several seeds per variant (the same seeds for every variant), the runs of a variant are grouped: their mean with a 95%
          interval, and each variant&apos;s difference to the baseline paired by seed.
        </p>
      </div>
      <button
        type="button"
        className="tool"
        title="Baseline, +Regulariser, +Discrete and +Sparse AE with seeds 0, 1, 2 (as npm run study does by default); then press Run"
        onClick={() => (setPresets([...PAPER_STUDY.presets]), setSeeds(PAPER_STUDY.seeds))}
      >
        The paper&apos;s study
      </button>
      <fieldset className="preset-checks">
        <legend className="visually-hidden">Presets to sweep</legend>
        {PRESETS.map((p) => (
          <label key={p.id} className="check-chip" title={p.description}>
            <input type="checkbox" checked={chosen.includes(p.id)} onChange={() => toggle(p.id)} />
            {p.label}
          </label>
        ))}
      </fieldset>
      <div className="sweep-actions">
        <label htmlFor={seedsId} className="sweep-seeds">
          Seeds per variant
          <input
            id={seedsId}
            type="number"
            min={1}
            max={MAX_SEEDS}
            step={1}
            value={seeds}
            onChange={(e) => {
              const n = Math.round(Number(e.target.value));
              if (Number.isFinite(n)) setSeeds(Math.min(MAX_SEEDS, Math.max(1, n)));
            }}
          />
        </label>
        <button
          type="button"
          disabled={why !== undefined}
          aria-describedby={why ? reasonId : undefined}
          onClick={() => lab.startSweep(PRESETS.filter((p) => chosen.includes(p.id)).map((p) => p.id))}
        >
          {seeds > 1 ? `Run sweep of ${runs} (${chosen.length} variants × ${seeds} seeds)` : `Run sweep of ${chosen.length}`}
        </button>
        {why && (
          <span id={reasonId} className="start-reason">
            {why}
          </span>
        )}
      </div>
      {sweeps.length > 0 && (
        <ul className="sweeps">
          {[...sweeps].reverse().map((sw) => (
            <SweepStatus key={sw.id} sweep={sw} />
          ))}
        </ul>
      )}
    </section>
  );
}

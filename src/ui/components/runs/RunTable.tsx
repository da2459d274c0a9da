// All stored runs: select to overlay, follow, compare against a baseline, export, delete; and
// importing a run bundle from another browser or opening a PyTorch checkpoint. Each row has its
// own error boundary, and records that failed validation on read are rows of their own: one bad
// run never hides the others, Delete or Import.
import { probeProtocolText, ZERO_ROW_SHORT } from '../../../eval/labels';
import { baselineConfig } from '../../state/selectors';
import { useLab } from '../../state/store';
import { ErrorBoundary } from '../ErrorBoundary';
import { ImportRun } from './ImportRun';
import { OpenPytorch } from './OpenPytorch';
import { RunRow } from './RunRow';
import { UnreadableRow } from './UnreadableRow';

export function RunTable() {
  const runOrder = useLab((s) => s.runOrder);
  const loaded = useLab((s) => s.runsLoaded);
  const baseline = useLab((s) => s.baselineId);
  const runs = useLab((s) => s.runs);
  const unreadable = useLab((s) => s.unreadable);
  const base = baselineConfig({ baselineId: baseline, runs, runOrder });
  return (
    <section className="runs panel" aria-labelledby="runs-title">
      <div className="section-head">
        <h2 id="runs-title">Runs</h2>
        <p className="muted">
          Stored in this browser. Tick runs to overlay them in every chart; differences are against the baseline run. Accuracies are final values of the{' '}
          <abbr title={probeProtocolText()}>lab probe</abbr> (frozen features; not solo-learn&apos;s 100-epoch protocol).
        </p>
        <ImportRun />
        <OpenPytorch />
      </div>
      {runOrder.length === 0 && Object.keys(unreadable).length === 0 ? (
        <p className="empty-note">{loaded ? 'No runs yet: press Start above, or import a run bundle.' : 'Reading stored runs…'}</p>
      ) : (
        <div className="table-scroll">
          <table className="run-table">
            <thead>
              <tr>
                <th scope="col">
                  <span className="visually-hidden">Overlay</span>
                </th>
                <th scope="col">Run</th>
                <th scope="col">Status, backend</th>
                <th scope="col">Differs from baseline</th>
                <th scope="col" className="num">
                  SSL loss
                </th>
                <th scope="col" className="num" title={`Mean over the last logging interval. ${ZERO_ROW_SHORT}`}>
                  I(Z1;Z2)
                </th>
                <th scope="col" className="num">
                  Linear Z1
                </th>
                <th scope="col" className="num">
                  kNN Z1
                </th>
                <th scope="col" className="num">
                  Linear Z2
                </th>
                <th scope="col" className="num">
                  Time
                </th>
                <th scope="col">
                  <span className="visually-hidden">Actions</span>
                </th>
              </tr>
            </thead>
            <tbody>
              {[...runOrder].reverse().map((id) => (
                <ErrorBoundary
                  key={id}
                  area={`run ${id}`}
                  fallback={(error) => <UnreadableRow id={id} name={runs[id]?.name ?? id} problem={`it could not be shown (${error.message})`} />}
                >
                  <RunRow id={id} base={base.config} baselineId={base.id} />
                </ErrorBoundary>
              ))}
              {Object.values(unreadable).map((u) => (
                <UnreadableRow key={u.id} id={u.id} name={u.name} problem={u.problem} />
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

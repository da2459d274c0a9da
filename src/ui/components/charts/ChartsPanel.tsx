// Every chart for the overlaid runs, grouped (loss, information, accuracy, speed), with one
// switch for all x-axes. Charts read histories from the store, which the frame batcher
// updates at most once per animation frame.
import { CHART_SPECS, GROUP_TITLES, type ChartGroup } from './chart-specs';
import { MetricChart } from './MetricChart';
import { useLab } from '../../state/store';
import type { ChartGrouping } from '../../state/ui-slice';

const GROUPINGS: { value: ChartGrouping; label: string; title: string }[] = [
  { value: 'runs', label: 'each run', title: 'One line per run' },
  {
    value: 'ci95',
    label: 'variant mean ± 95% CI',
    title: 'Runs of one study variant (a sweep with seeds) as their mean, with a 95% confidence band over seeds',
  },
  { value: 'minmax', label: 'variant mean, min–max', title: 'Runs of one study variant as their mean, with the band from the lowest to the highest seed' },
];

const GROUPS: ChartGroup[] = ['loss', 'information', 'accuracy', 'speed'];

export function ChartsPanel() {
  const selected = useLab((s) => s.selected);
  const xAxis = useLab((s) => s.xAxis);
  const setXAxis = useLab((s) => s.setXAxis);
  const grouping = useLab((s) => s.chartGrouping);
  const setGrouping = useLab((s) => s.setChartGrouping);
  return (
    <section className="charts" aria-labelledby="charts-title">
      <div className="section-head">
        <h2 id="charts-title">Live charts</h2>
        <p className="muted">
          {selected.length === 0
            ? 'No run overlaid: select runs in the table below.'
            : `${selected.length} ${selected.length === 1 ? 'run' : 'runs'} overlaid. Hover a chart for values.`}
        </p>
        <div role="group" aria-label="x-axis of all charts" className="segmented">
          {(['step', 'epoch'] as const).map((v) => (
            <button key={v} type="button" aria-pressed={xAxis === v} onClick={() => setXAxis(v)}>
              by {v}
            </button>
          ))}
        </div>
        <div role="group" aria-label="Lines of study variants" className="segmented">
          {GROUPINGS.map((g) => (
            <button key={g.value} type="button" aria-pressed={grouping === g.value} title={g.title} onClick={() => setGrouping(g.value)}>
              {g.label}
            </button>
          ))}
        </div>
      </div>
      {selected.length === 0 ? (
        <div className="panel charts-empty">
          <p>
            Charts appear here as soon as a run starts: the SSL loss; the information proxies I(Z1;Z2), I(Z1;R), H(Z1), H(Z2) and the paper&apos;s bounds; the
            online classifier and, at each evaluation, linear-probe and kNN accuracy of Z1 and Z2; learning rate and speed. Runs you tick in the table are
            overlaid, each in its own colour, dash and marker.
          </p>
        </div>
      ) : (
        GROUPS.map((group) => (
          <div key={group} className="chart-group">
            <h3 className="group-title">{GROUP_TITLES[group]}</h3>
            <div className="chart-grid">
              {CHART_SPECS.filter((s) => s.group === group).map((spec) => (
                <MetricChart key={spec.id} spec={spec} runIds={selected} slot={CHART_SPECS.indexOf(spec)} />
              ))}
            </div>
          </div>
        ))
      )}
    </section>
  );
}

// One study as a table: per variant the number of seeds, mean [95% CI] of the final Z1/Z2
// probe and kNN accuracies and of I(Z1;Z2), and the difference to the baseline paired by seed
// with its interval. The cells are formatted by the same functions as the headless study.md.
import { differenceOf, differenceParts, formatInterval, formatMetric } from '../../../engine/study/markdown';
import type { StudyDifference, StudyJson, StudyMetric, StudyStat } from '../../../engine/study/types';
import { PROBE_SHORT, ZERO_ROW_SHORT } from '../../../eval/labels';
import { styleFor } from '../../state/run-styles';
import { useLab } from '../../state/store';
import { RunStyleSample } from '../RunStyleSample';

const COLUMNS: { metric: StudyMetric; label: string; probe?: boolean }[] = [
  { metric: 'z1LinearTop1', label: 'Linear Z1', probe: true },
  { metric: 'z2LinearTop1', label: 'Linear Z2', probe: true },
  { metric: 'z1KnnTop1', label: 'kNN Z1', probe: true },
  { metric: 'z2KnnTop1', label: 'kNN Z2', probe: true },
  { metric: 'miZ1Z2', label: 'I(Z1;Z2)' },
];

/** Mean on the first line, its interval below (a table this wide must stay readable). */
function StatCell({ metric, stat }: { metric: StudyMetric; stat: StudyStat }) {
  const interval = stat.mean === null ? '' : formatInterval(metric, stat);
  return (
    <td className="num">
      {formatMetric(metric, stat.mean)}
      {interval && <span className="cell-note">{interval}</span>}
    </td>
  );
}

function DifferenceCell({ difference, testId }: { difference: StudyDifference | undefined; testId?: string }) {
  const [value, rest] = differenceParts(difference);
  return (
    <td className="num" data-testid={testId}>
      {value}
      {rest && <span className="cell-note">{rest}</span>}
    </td>
  );
}

export function StudyTable({ study, pending = 0 }: { study: StudyJson; pending?: number }) {
  const styleIndex = useLab((s) => s.styleIndex);
  const theme = useLab((s) => s.theme);
  const base = study.differences[0]?.against ?? study.variants[0]?.name;
  const discrete = study.protocol.zeroRows !== undefined;
  return (
    <div className="table-scroll">
      <table className="run-table study-table" data-study={study.label}>
        <caption className="study-caption">
          Final values over seeds {study.protocol.seeds.join(', ')}: mean [95% CI]. Δ: the variant minus {base} on the same seed, averaged over the seeds both
          have, with its 95% CI. Accuracies: {study.protocol.probe}.{discrete && ` ${ZERO_ROW_SHORT}`}
          {pending > 0 && ` ${pending} run${pending === 1 ? ' is' : 's are'} not counted yet (training, not finished, or stopped).`}
        </caption>
        <thead>
          <tr>
            <th scope="col">Variant</th>
            <th scope="col" className="num">
              n
            </th>
            {COLUMNS.map((c) => (
              <th key={c.metric} scope="col" className="num" title={c.probe ? study.protocol.probe : undefined}>
                {c.label}
                {c.probe && <span className="cell-note">{PROBE_SHORT}</span>}
              </th>
            ))}
            <th scope="col" className="num">
              Δ Linear Z1 vs {base}
            </th>
            <th scope="col" className="num">
              Δ I(Z1;Z2) vs {base}
            </th>
          </tr>
        </thead>
        <tbody>
          {study.variants.map((v, i) => {
            const isBase = v.name === base;
            const runId = v.runs[0]?.runId;
            const n = v.summary.z1LinearTop1.n;
            return (
              <tr key={v.name} data-variant={v.name} data-n={n}>
                <th scope="row">
                  <span className="run-name">
                    <RunStyleSample style={styleFor(runId !== undefined ? (styleIndex[runId] ?? 0) : i)} theme={theme} />
                    {v.name}
                  </span>
                  <span className="cell-note">seeds {v.runs.map((r) => r.seed).join(', ') || '—'}</span>
                </th>
                <td className="num">{n}</td>
                {COLUMNS.map((c) => (
                  <StatCell key={c.metric} metric={c.metric} stat={v.summary[c.metric]} />
                ))}
                {isBase ? (
                  <td className="num">
                    <span className="badge">baseline</span>
                  </td>
                ) : (
                  <DifferenceCell difference={differenceOf(study, v.name, 'z1LinearTop1')} testId="paired-difference" />
                )}
                {isBase ? <td /> : <DifferenceCell difference={differenceOf(study, v.name, 'miZ1Z2')} />}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

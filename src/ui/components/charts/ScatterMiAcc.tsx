// Final linear-probe accuracy against I(Z1;Z2), one point per run (all runs with an
// evaluation, not only the overlaid ones), in each run's colour and marker. Studies (sweeps
// with seeds, imported study.json files) show each variant's mean with error bars in both
// directions (95% CI over seeds, or min-max) when the charts group variants.
import { useEffect, useId, useMemo } from 'react';
import { CartesianGrid, ErrorBar, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { PROBE_NOT_SOLO_LEARN, PROBE_SHORT, ZERO_ROW_SHORT } from '../../../eval/labels';
import { markerIsOpen, markerPath, styleFor } from '../../state/run-styles';
import { useLab } from '../../state/store';
import { useChartHistories } from './chart-histories';
import { CHART_SPECS } from './chart-specs';
import { runColor, RunStyleSample } from '../RunStyleSample';
import { useController } from '../services';
import { ChartLegend } from './ChartLegend';
import { chartColors, compactTick } from './chart-theme';
import { scatterPoint, type ScatterPoint } from './scatter-points';
import { accuracyDomain } from './accuracy-axis';
import { studyPoints } from './study-points';
import { bandLabel } from './band-label';
import { useLabStudies } from '../study/use-lab-studies';

export function ScatterMiAcc() {
  const lab = useController();
  const runs = useLab((s) => s.runs);
  const runOrder = useLab((s) => s.runOrder);
  const histories = useChartHistories(CHART_SPECS.length); // the slot after the metric charts'
  const styleIndex = useLab((s) => s.styleIndex);
  const theme = useLab((s) => s.theme);
  const titleId = useId();
  const colors = chartColors(theme);
  const grouping = useLab((s) => s.chartGrouping);
  const imported = useLab((s) => s.importedStudies);
  const labStudyList = useLabStudies();
  const evaluated = useMemo(() => runOrder.filter((id) => runs[id]?.lastEval), [runOrder, runs]);
  useEffect(() => {
    for (const id of evaluated) void lab.ensureHistory(id);
  }, [lab, evaluated]);
  const band = grouping === 'minmax' ? 'minmax' : 'ci95';
  // Grouped: a lab study's runs are drawn as their variants' means; imported studies always are.
  const grouped = grouping !== 'runs';
  const inStudies = useMemo(() => new Set(grouped ? labStudyList.flatMap((s) => s.runIds) : []), [grouped, labStudyList]);
  const points = useMemo(
    () =>
      runOrder
        .map((id) => (runs[id] && !inStudies.has(id) ? scatterPoint(runs[id], histories[id]) : undefined))
        .filter((p): p is ScatterPoint => p !== undefined),
    [runOrder, runs, histories, inStudies],
  );
  const variants = useMemo(
    () => studyPoints([...(grouped ? labStudyList.map((s) => s.study) : []), ...imported.map((i) => i.study)], band),
    [grouped, labStudyList, imported, band],
  );
  const errorBars = variants.reduce((n, p) => n + (p.miErr ? 1 : 0) + (p.accuracyErr ? 1 : 0), 0);
  const anyDiscrete = useMemo(() => Object.values(runs).some((r) => r.config.projector.pointNum > 0), [runs]);

  if (runOrder.length === 0 && imported.length === 0) return null; // nothing to compare yet
  return (
    <section
      className="chart panel scatter"
      aria-labelledby={titleId}
      data-chart="mi-vs-accuracy"
      data-points={points.length}
      data-variant-points={variants.length}
      data-error-bars={errorBars}
    >
      <header className="chart-head">
        <h2 id={titleId}>Accuracy against I(Z1;Z2), {variants.length ? 'one point per run or study variant' : 'one point per run'}</h2>
      </header>
      <p className="chart-hint">
        The paper&apos;s claim: a projector that passes less information from the encoder (lower I(Z1;Z2)) leaves better features in Z1 (higher linear-probe
        accuracy). Accuracy: final {PROBE_SHORT} on frozen Z1, {PROBE_NOT_SOLO_LEARN}.
        {variants.length > 0 && ` Study variants: mean over seeds, error bars: ${bandLabel(band)}.`}
        {anyDiscrete && ` ${ZERO_ROW_SHORT}`}
      </p>
      {points.length === 0 && variants.length === 0 ? (
        <div className="chart-empty" style={{ height: 120 }}>
          Each run appears here after its first evaluation (linear probe on Z1).
        </div>
      ) : (
        <div className="chart-surface">
          <ScatterChart responsive style={{ width: '100%', height: 220 }} margin={{ top: 8, right: 16, bottom: 18, left: 2 }}>
            <CartesianGrid stroke={colors.grid} />
            <XAxis
              type="number"
              dataKey="mi"
              name="I(Z1;Z2)"
              domain={['auto', 'auto']}
              stroke={colors.axis}
              tick={{ fill: colors.muted, fontSize: 11 }}
              tickFormatter={compactTick}
              label={{ value: 'I(Z1;Z2), nats (mean of the last logging interval)', position: 'insideBottom', offset: -10, fill: colors.muted, fontSize: 11 }}
            />
            <YAxis
              type="number"
              dataKey="accuracy"
              name="linear probe Z1"
              width={58}
              domain={accuracyDomain}
              allowDataOverflow
              stroke={colors.axis}
              tick={{ fill: colors.muted, fontSize: 11 }}
              tickFormatter={(v: number) => `${Number((v * 100).toFixed(1))}%`}
              label={{
                value: 'linear probe, Z1',
                angle: -90,
                position: 'insideLeft',
                offset: 2,
                fill: colors.muted,
                fontSize: 11,
                style: { textAnchor: 'middle' },
              }}
            />
            <Tooltip
              isAnimationActive={false}
              formatter={(value, name) => [name === 'linear probe Z1' ? `${(Number(value) * 100).toFixed(1)}%` : Number(value).toFixed(3), name]}
            />
            {points.map((p) => {
              const style = styleFor(styleIndex[p.runId] ?? 0);
              const color = runColor(style, theme);
              const open = markerIsOpen(style.marker);
              return (
                <Scatter
                  key={p.runId}
                  name={runs[p.runId]?.name}
                  data={[p]}
                  isAnimationActive={false}
                  shape={(props: { cx?: number; cy?: number }) => (
                    <path
                      d={markerPath(style.marker, 6)}
                      transform={`translate(${props.cx ?? 0} ${props.cy ?? 0})`}
                      fill={open ? 'none' : color}
                      stroke={color}
                      strokeWidth={open ? 2.4 : 1.2}
                    />
                  )}
                />
              );
            })}
            {variants.map((p) => {
              const style = styleFor(p.runId !== undefined ? (styleIndex[p.runId] ?? 0) : p.variantIndex);
              const color = runColor(style, theme);
              return (
                <Scatter
                  key={`variant-${p.id}`}
                  name={p.name}
                  data={[p]}
                  isAnimationActive={false}
                  className="variant-point"
                  shape={(props: { cx?: number; cy?: number }) => (
                    <path
                      d={markerPath(style.marker, 7)}
                      transform={`translate(${props.cx ?? 0} ${props.cy ?? 0})`}
                      fill={color}
                      stroke={colors.background}
                      strokeWidth={1.2}
                    />
                  )}
                >
                  {p.accuracyErr && <ErrorBar dataKey="accuracyErr" direction="y" width={6} stroke={color} strokeWidth={1.6} isAnimationActive={false} />}
                  {p.miErr && <ErrorBar dataKey="miErr" direction="x" width={6} stroke={color} strokeWidth={1.6} isAnimationActive={false} />}
                </Scatter>
              );
            })}
          </ScatterChart>
        </div>
      )}
      <ChartLegend runIds={points.map((p) => p.runId)} />
      {variants.length > 0 && (
        <ul className="chart-legend" aria-label="Study variants">
          {variants.map((p) => {
            const style = styleFor(p.runId !== undefined ? (styleIndex[p.runId] ?? 0) : p.variantIndex);
            return (
              <li key={p.id}>
                <RunStyleSample style={style} theme={theme} />
                <span>{p.name}</span>
              </li>
            );
          })}
        </ul>
      )}
    </section>
  );
}

// Final linear-probe accuracy against I(Z1;Z2), one point per run (all runs with an
// evaluation, not only the overlaid ones), in each run's colour and marker.
import { useEffect, useId, useMemo } from 'react';
import { CartesianGrid, Scatter, ScatterChart, Tooltip, XAxis, YAxis } from 'recharts';
import { markerIsOpen, markerPath, styleFor } from '../../state/run-styles';
import { useLab } from '../../state/store';
import { useChartHistories } from './chart-histories';
import { CHART_SPECS } from './chart-specs';
import { runColor } from '../RunStyleSample';
import { useController } from '../services';
import { ChartLegend } from './ChartLegend';
import { chartColors, compactTick } from './chart-theme';
import { scatterPoint, type ScatterPoint } from './scatter-points';
import { accuracyDomain } from './accuracy-axis';

export function ScatterMiAcc() {
  const lab = useController();
  const runs = useLab((s) => s.runs);
  const runOrder = useLab((s) => s.runOrder);
  const histories = useChartHistories(CHART_SPECS.length); // the slot after the metric charts'
  const styleIndex = useLab((s) => s.styleIndex);
  const theme = useLab((s) => s.theme);
  const titleId = useId();
  const colors = chartColors(theme);
  const evaluated = useMemo(() => runOrder.filter((id) => runs[id]?.lastEval), [runOrder, runs]);
  useEffect(() => {
    for (const id of evaluated) void lab.ensureHistory(id);
  }, [lab, evaluated]);
  const points = useMemo(
    () => runOrder.map((id) => (runs[id] ? scatterPoint(runs[id], histories[id]) : undefined)).filter((p): p is ScatterPoint => p !== undefined),
    [runOrder, runs, histories],
  );

  if (runOrder.length === 0) return null; // nothing to compare yet
  return (
    <section className="chart panel scatter" aria-labelledby={titleId} data-chart="mi-vs-accuracy" data-points={points.length}>
      <header className="chart-head">
        <h2 id={titleId}>Accuracy against I(Z1;Z2), one point per run</h2>
      </header>
      <p className="chart-hint">
        The paper&apos;s claim: a projector that passes less information from the encoder (lower I(Z1;Z2)) leaves better features in Z1 (higher linear-probe
        accuracy).
      </p>
      {points.length === 0 ? (
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
              label={{ value: 'I(Z1;Z2), nats (mean of the last logged steps)', position: 'insideBottom', offset: -10, fill: colors.muted, fontSize: 11 }}
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
          </ScatterChart>
        </div>
      )}
      <ChartLegend runIds={points.map((p) => p.runId)} />
    </section>
  );
}

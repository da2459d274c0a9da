// One metric, every overlaid run: title, axis labels, per-chart x-axis switch, hover values,
// a table view of the exact data, PNG/SVG export, and a legend of run styles. Runs of one
// study variant can be drawn as their mean with a band (95% CI or min-max over seeds).
import { memo, useId, useMemo, useRef } from 'react';
import { Area, CartesianGrid, ComposedChart, Line, LineChart, Tooltip, XAxis, YAxis } from 'recharts';
import { styleFor } from '../../state/run-styles';
import { RunMarkers } from './RunMarkers';
import { useLab } from '../../state/store';
import { useChartHistories } from './chart-histories';
import { runColor } from '../RunStyleSample';
import { ChartLegend } from './ChartLegend';
import { ChartTable } from './ChartTable';
import { SaveTools, ViewTools } from './ChartTools';
import { ChartTooltip } from './ChartTooltip';
import { chartColors, compactTick, paddedRange, tickFormatter } from './chart-theme';
import type { ChartSpec } from './chart-specs';
import { finiteCount, markerRows } from './series';
import { useInView } from './use-in-view';
import { bandKeys, isGroupSeries, seriesRows, seriesWithBands } from './group-series';
import { useChartSeries } from './use-chart-series';

const HEIGHT = 168;

export const MetricChart = memo(function MetricChart({ spec, runIds, slot }: { spec: ChartSpec; runIds: readonly string[]; slot: number }) {
  // Throttled, one chart per task (chart-histories.ts): the page stays responsive mid-redraw.
  const histories = useChartHistories(slot);
  const [sectionRef, inView] = useInView<HTMLElement>();
  // Lines to draw: one per run, or one per study variant (mean and band); stable while no name or group changes.
  const { series, names, styles, band, bandText } = useChartSeries(runIds);
  const theme = useLab((s) => s.theme);
  const x = useLab((s) => s.chartX[spec.id] ?? s.xAxis);
  const showTable = useLab((s) => s.chartTable[spec.id] === true);
  const titleId = useId();
  const surfaceRef = useRef<HTMLDivElement>(null);
  const colors = chartColors(theme);

  const rows = useMemo(() => seriesRows(spec, series, histories, x, band), [spec, series, histories, x, band]);
  const banded = useMemo(() => seriesWithBands(rows, series), [rows, series]);
  // A band needs an Area, which only ComposedChart takes; plain lines keep the lighter LineChart.
  const Chart = banded.length > 0 ? ComposedChart : LineChart;
  // Exact count of finite values drawn or tabled (tests wait on it; the table shows them all).
  const points = useMemo(() => runIds.reduce((n, id) => n + finiteCount(spec, histories[id]), 0), [spec, runIds, histories]);
  const seriesIds = useMemo(() => series.map((s) => s.id), [series]);
  const markers = useMemo(() => Object.fromEntries(series.map((s) => [s.id, markerRows(rows, s.id, styles[s.id] ?? 0)])), [rows, series, styles]);
  const y = useMemo(() => {
    let lo = Infinity;
    let hi = -Infinity;
    // The band's edges count too: a band cut off by the axis would hide the spread.
    const columns = series.flatMap((s) => (isGroupSeries(s) ? [s.id, bandKeys(s.id).lo, bandKeys(s.id).hi] : [s.id]));
    for (const row of rows)
      for (const id of columns) {
        const v = row[id];
        if (typeof v === 'number') {
          lo = Math.min(lo, v);
          hi = Math.max(hi, v);
        }
      }
    const [min, max] = paddedRange(lo, hi);
    // Recharts' 'auto' domain of a constant series is empty (five identical ticks): pad it.
    const domain: [number | 'auto', number | 'auto'] = min !== lo || max !== hi ? [min, max] : ['auto', 'auto'];
    return { domain, format: tickFormatter(min, max, spec.percent) };
  }, [rows, series, spec.percent]);

  return (
    <section
      ref={sectionRef}
      className="chart panel"
      aria-labelledby={titleId}
      data-chart={spec.id}
      data-points={points}
      data-series={series.length}
      data-bands={banded.length}
    >
      <header className="chart-head">
        <h4 id={titleId}>{spec.title}</h4>
        <ViewTools spec={spec} x={x} showTable={showTable} />
      </header>
      <p className="chart-hint">
        {spec.hint}
        {banded.length > 0 && ` Lines of a variant: mean over its seeds; band: ${bandText}.`}
      </p>
      {showTable ? (
        <ChartTable spec={spec} series={series} names={names} x={x} slot={slot} band={band} />
      ) : points === 0 ? (
        <div className="chart-empty" style={{ height: HEIGHT }}>
          {runIds.length === 0
            ? 'Select runs in the table to overlay them.'
            : spec.source === 'evaluations'
              ? 'Appears after the first evaluation.'
              : 'Waiting for the first logged step…'}
        </div>
      ) : !inView ? (
        <div className="chart-surface" style={{ height: HEIGHT }} />
      ) : (
        <div ref={surfaceRef} className="chart-surface">
          <Chart responsive style={{ width: '100%', height: HEIGHT }} data={rows} margin={{ top: 6, right: 14, bottom: 16, left: 2 }}>
            <CartesianGrid stroke={colors.grid} vertical={false} />
            <XAxis
              dataKey="x"
              type="number"
              domain={[0, 'dataMax']}
              stroke={colors.axis}
              tick={{ fill: colors.muted, fontSize: 11 }}
              tickFormatter={(v: number) => (x === 'epoch' ? Number(v.toFixed(2)).toString() : compactTick(v))}
              label={{ value: x, position: 'insideBottom', offset: -10, fill: colors.muted, fontSize: 11 }}
            />
            <YAxis
              width={58}
              stroke={colors.axis}
              tick={{ fill: colors.muted, fontSize: 11 }}
              domain={y.domain}
              tickFormatter={y.format}
              label={{ value: spec.yLabel, angle: -90, position: 'insideLeft', offset: 2, fill: colors.muted, fontSize: 11, style: { textAnchor: 'middle' } }}
            />
            <Tooltip
              content={(props) => <ChartTooltip {...props} names={names} styles={styles} theme={theme} x={x} percent={spec.percent} />}
              isAnimationActive={false}
            />
            {banded.map((id) => {
              const keys = bandKeys(id);
              const color = runColor(styleFor(styles[id] ?? 0), theme);
              return (
                <Area
                  key={`${id}-band`}
                  className="variant-band"
                  dataKey={(row: Record<string, number | null | undefined>) => [row[keys.lo] ?? null, row[keys.hi] ?? null]}
                  name={`${names[id]} band`}
                  type="linear"
                  stroke="none"
                  fill={color}
                  fillOpacity={0.18}
                  isAnimationActive={false}
                  activeDot={false}
                  legendType="none"
                />
              );
            })}
            {seriesIds.map((id) => {
              const style = styleFor(styles[id] ?? 0);
              const color = runColor(style, theme);
              return (
                <Line
                  key={id}
                  dataKey={id}
                  name={names[id]}
                  type="linear"
                  stroke={color}
                  strokeWidth={1.8}
                  strokeDasharray={style.dash || undefined}
                  connectNulls
                  isAnimationActive={false}
                  activeDot={{ r: 3.5, fill: color, stroke: colors.background }}
                  dot={false}
                />
              );
            })}
            <RunMarkers rows={rows} runIds={seriesIds} markers={markers} styleIndex={styles} theme={theme} />
          </Chart>
        </div>
      )}
      <footer className="chart-foot">
        <ChartLegend runIds={runIds} series={series} names={names} styles={styles} />
        <SaveTools spec={spec} showTable={showTable} surfaceRef={surfaceRef} runIds={runIds} series={series} names={names} styles={styles} />
      </footer>
    </section>
  );
});

// The 2-D embedding of Z1 beside Z2 (PCA or UMAP of a test sample, computed by the engine at
// each evaluation), points coloured and shaped by class. The paper's claim in a picture: Z1 keeps
// more of the class structure than the projector output Z2.
import { memo, useId, useMemo, useState } from 'react';
import { CartesianGrid, Legend, Scatter, ScatterChart, Symbols, Tooltip, XAxis, YAxis } from 'recharts';
import type { Embedding2D } from '../../../eval/types';
import { useLab } from '../../state/store';
import type { Theme } from '../../state/ui-slice';
import { useChartHistories } from '../charts/chart-histories';
import { CHART_SPECS } from '../charts/chart-specs';
import { chartColors, compactTick } from '../charts/chart-theme';
import { useFocusRunId } from '../RunControls';
import { useClassNames } from './class-names';
import { classStyle, pointsByClass } from './class-styles';

const HEIGHT = 260;
const SYMBOL_AREA = 22;
const LEGEND_LIMIT = 20; // CIFAR-100's hundred names would bury the plot

interface Shown {
  runId: string;
  step: number;
  embedding: Embedding2D;
}

export function EmbeddingView() {
  const histories = useChartHistories(CHART_SPECS.length + 1); // the slot after the scatter's
  const selected = useLab((s) => s.selected);
  const focusId = useFocusRunId();
  const runs = useLab((s) => s.runs);
  const theme = useLab((s) => s.theme);
  const [chosen, setChosen] = useState<string | undefined>(undefined);
  const [method, setMethod] = useState<'pca' | 'umap'>('pca');
  const titleId = useId();
  const pickId = useId();

  // The newest evaluation with an embedding, per overlaid run (history first, then the record).
  const candidates = useMemo(() => {
    const out: Shown[] = [];
    for (const runId of selected) {
      const evals = histories[runId]?.evaluations ?? [];
      const last = [...evals].reverse().find((e) => e.embedding) ?? (runs[runId]?.lastEval?.embedding ? runs[runId].lastEval : undefined);
      if (last?.embedding) out.push({ runId, step: last.step, embedding: last.embedding });
    }
    return out;
  }, [selected, histories, runs]);
  const shown = candidates.find((c) => c.runId === chosen) ?? candidates.find((c) => c.runId === focusId) ?? candidates[candidates.length - 1];
  const classNames = useClassNames((shown && runs[shown.runId]?.datasetId) ?? '');
  if (!shown) return null;
  const run = runs[shown.runId];
  const umap = shown.embedding.umap;
  const view = method === 'umap' && umap ? { z1: umap.z1, z2: umap.z2, name: 'UMAP' } : { z1: shown.embedding.z1, z2: shown.embedding.z2, name: 'PCA' };

  return (
    <section
      className="chart panel embedding"
      aria-labelledby={titleId}
      data-chart="embedding"
      data-points={shown.embedding.labels.length}
      data-run={shown.runId}
      data-method={view.name.toLowerCase()}
    >
      <header className="chart-head">
        <h2 id={titleId}>Embeddings of Z1 and Z2 ({view.name})</h2>
        <div role="group" aria-label="2-D projection" className="segmented">
          <button type="button" aria-pressed={view.name === 'PCA'} onClick={() => setMethod('pca')}>
            PCA
          </button>
          <button
            type="button"
            aria-pressed={view.name === 'UMAP'}
            disabled={!umap}
            title={umap ? undefined : 'No UMAP in this evaluation (too few points)'}
            onClick={() => setMethod('umap')}
          >
            UMAP
          </button>
        </div>
        {candidates.length > 1 && (
          <div className="field inline-field">
            <label htmlFor={pickId}>Run</label>
            <select id={pickId} value={shown.runId} onChange={(e) => setChosen(e.target.value)}>
              {candidates.map((c) => (
                <option key={c.runId} value={c.runId}>
                  {runs[c.runId]?.name ?? c.runId}
                </option>
              ))}
            </select>
          </div>
        )}
      </header>
      <p className="chart-hint">
        {shown.embedding.labels.length} test images of “{run?.name ?? shown.runId}” at step {shown.step}.{' '}
        {view.name === 'PCA'
          ? 'PCA: each feature set’s two directions of largest variance.'
          : 'UMAP: neighbourhoods in cosine distance (cluster sizes and gaps between clusters mean little).'}{' '}
        Colour and symbol show the class: compare how well the classes separate before (Z1) and after (Z2) the projection head.
      </p>
      <div className="embedding-pair">
        <EmbeddingPlot title="Z1 (encoder)" points={view.z1} labels={shown.embedding.labels} classNames={classNames} theme={theme} />
        <EmbeddingPlot title="Z2 (projector)" points={view.z2} labels={shown.embedding.labels} classNames={classNames} theme={theme} />
      </div>
    </section>
  );
}

interface PlotProps {
  title: string;
  points: readonly (readonly [number, number])[];
  labels: readonly number[];
  classNames: readonly string[];
  theme: Theme;
}

// Memoised on the embedding's arrays: a new metrics point does not redraw hundreds of symbols.
const EmbeddingPlot = memo(function EmbeddingPlot({ title, points, labels, classNames, theme }: PlotProps) {
  const colors = chartColors(theme);
  const groups = useMemo(() => pointsByClass(points, labels), [points, labels]);
  const name = (label: number) => classNames[label] ?? `class ${label}`;
  return (
    <figure className="embedding-plot" data-classes={groups.length}>
      <figcaption>{title}</figcaption>
      <ScatterChart responsive style={{ width: '100%', height: HEIGHT }} margin={{ top: 6, right: 10, bottom: 6, left: 0 }}>
        <CartesianGrid stroke={colors.grid} />
        <XAxis
          type="number"
          dataKey="x"
          name="axis 1"
          domain={['auto', 'auto']}
          stroke={colors.axis}
          tick={{ fill: colors.muted, fontSize: 10 }}
          tickFormatter={compactTick}
        />
        <YAxis
          type="number"
          dataKey="y"
          name="axis 2"
          width={44}
          domain={['auto', 'auto']}
          stroke={colors.axis}
          tick={{ fill: colors.muted, fontSize: 10 }}
          tickFormatter={compactTick}
        />
        <Tooltip isAnimationActive={false} formatter={(value) => compactTick(Number(value))} />
        {groups.length <= LEGEND_LIMIT && <Legend iconSize={8} wrapperStyle={{ fontSize: 11, color: colors.muted }} />}
        {groups.map((g) => {
          const style = classStyle(g.label);
          // Small symbols (area in px²): hundreds of points must not hide each other.
          const shape = (p: { cx?: number; cy?: number }) => <Symbols cx={p.cx} cy={p.cy} type={style.symbol} size={SYMBOL_AREA} fill={style.color} />;
          return (
            <Scatter key={g.label} name={name(g.label)} data={g.points} fill={style.color} shape={shape} legendType={style.symbol} isAnimationActive={false} />
          );
        })}
      </ScatterChart>
    </figure>
  );
});

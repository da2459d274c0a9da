// A chart's own controls: x-axis (step/epoch), table view, and saving it as PNG or SVG.
import type { RefObject } from 'react';
import { styleFor } from '../../state/run-styles';
import type { ChartSeries } from '../../state/studies';
import { labStore, useLab } from '../../state/store';
import type { XAxis } from '../../state/ui-slice';
import { download } from '../../export/download';
import { runColor } from '../RunStyleSample';
import { composeChartSvg, svgToPng } from './chart-export';
import { PROBE_NOT_SOLO_LEARN, PROBE_SHORT } from '../../../eval/labels';
import { chartColors } from './chart-theme';
import type { ChartSpec } from './chart-specs';

/** A drawn line as the saved file's legend shows it. */
interface LegendSource {
  series: readonly ChartSeries[];
  names: Record<string, string>;
  styles: Record<string, number>;
}

async function saveChart(spec: ChartSpec, container: HTMLElement | null, source: LegendSource, format: 'png' | 'svg'): Promise<void> {
  const surface = container?.querySelector<SVGSVGElement>('svg.recharts-surface');
  const s = labStore.getState();
  if (!surface) {
    s.pushNotice({ kind: 'page', message: `“${spec.title}” has nothing drawn to save yet (or shows its table).` });
    return;
  }
  const legend = source.series
    .filter((line) => line.runIds.some((id) => s.runs[id]))
    .map((line) => {
      const style = styleFor(source.styles[line.id] ?? 0);
      return { name: source.names[line.id] ?? line.id, style, color: runColor(style, s.theme) };
    });
  // An accuracy chart names its probe protocol in the file too (docs/method.md: in every export).
  const title = `${spec.title} (${spec.yLabel}${spec.source === 'evaluations' ? `, ${PROBE_SHORT}: ${PROBE_NOT_SOLO_LEARN}` : ''})`;
  const { svg, width, height } = composeChartSvg(surface, title, legend, chartColors(s.theme));
  if (format === 'svg') download(svg, `${spec.id}.svg`, 'image/svg+xml');
  else download(await svgToPng(svg, width, height), `${spec.id}.png`, 'image/png');
}

/** Header tools: x-axis for this chart, plot or table. */
export function ViewTools({ spec, x, showTable }: { spec: ChartSpec; x: XAxis; showTable: boolean }) {
  const setChartX = useLab((s) => s.setChartX);
  const toggleTable = useLab((s) => s.toggleChartTable);
  return (
    <div className="chart-tools">
      <div role="group" aria-label={`x-axis of ${spec.title}`} className="segmented">
        {(['step', 'epoch'] as const).map((v) => (
          <button key={v} type="button" aria-pressed={x === v} onClick={() => setChartX(spec.id, v)}>
            {v}
          </button>
        ))}
      </div>
      <button type="button" className="tool" aria-pressed={showTable} onClick={() => toggleTable(spec.id)} aria-label={`Table of ${spec.title}`}>
        Table
      </button>
    </div>
  );
}

/** Footer tools: save the drawn chart as PNG or SVG. */
export function SaveTools({
  spec,
  showTable,
  surfaceRef,
  runIds,
  series,
  names,
  styles,
}: {
  spec: ChartSpec;
  showTable: boolean;
  surfaceRef: RefObject<HTMLDivElement | null>;
  runIds: readonly string[];
} & LegendSource) {
  const pushNotice = useLab((s) => s.pushNotice);
  if (showTable || runIds.length === 0) return null;
  const save = (format: 'png' | 'svg') =>
    saveChart(spec, surfaceRef.current, { series, names, styles }, format).catch((err: unknown) => pushNotice({ kind: 'page', message: String(err) }));
  return (
    <div className="chart-tools save-tools">
      <button type="button" className="tool" onClick={() => void save('png')} aria-label={`Save ${spec.title} as PNG`}>
        PNG
      </button>
      <button type="button" className="tool" onClick={() => void save('svg')} aria-label={`Save ${spec.title} as SVG`}>
        SVG
      </button>
    </div>
  );
}

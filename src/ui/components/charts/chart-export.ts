// A chart as a file: the drawn recharts SVG plus a title and a legend (which recharts keeps in
// HTML) composed into one standalone SVG; the PNG is that SVG rasterised at 2x.
import { markerIsOpen, markerPath, type RunStyle } from '../../state/run-styles';
import type { ChartColors } from './chart-theme';

export interface LegendEntry {
  name: string;
  style: RunStyle;
  color: string;
}

const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);

/** Standalone SVG text for a chart surface (the `svg` recharts rendered). */
export function composeChartSvg(
  surface: SVGSVGElement,
  title: string,
  legend: readonly LegendEntry[],
  colors: ChartColors,
): { svg: string; width: number; height: number } {
  const width = Math.ceil(surface.width.baseVal.value || surface.getBoundingClientRect().width);
  const chartHeight = Math.ceil(surface.height.baseVal.value || surface.getBoundingClientRect().height);
  const titleHeight = 28;
  const rowHeight = 18;
  const legendHeight = legend.length * rowHeight + 8;
  const height = titleHeight + chartHeight + legendHeight;
  const inner = new XMLSerializer().serializeToString(surface);
  const legendRows = legend
    .map((entry, i) => {
      const y = titleHeight + chartHeight + 4 + i * rowHeight + rowHeight / 2;
      const open = markerIsOpen(entry.style.marker);
      return [
        `<line x1="12" y1="${y}" x2="40" y2="${y}" stroke="${entry.color}" stroke-width="2"${entry.style.dash ? ` stroke-dasharray="${entry.style.dash}"` : ''}/>`,
        `<path d="${markerPath(entry.style.marker, 3.5)}" transform="translate(26 ${y})" fill="${open ? 'none' : entry.color}" stroke="${entry.color}" stroke-width="${open ? 1.8 : 1}"/>`,
        `<text x="48" y="${y + 4}" font-size="12" fill="${colors.text}" font-family='${FONT}'>${escapeXml(entry.name)}</text>`,
      ].join('');
    })
    .join('');
  const svg = [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}">`,
    `<rect width="100%" height="100%" fill="${colors.background}"/>`,
    `<text x="12" y="19" font-size="14" font-weight="600" fill="${colors.text}" font-family='${FONT}'>${escapeXml(title)}</text>`,
    `<g transform="translate(0 ${titleHeight})" font-family='${FONT}'>${inner}</g>`,
    legendRows,
    '</svg>',
  ].join('');
  return { svg, width, height };
}

/** Rasterises standalone SVG text to PNG bytes. */
export async function svgToPng(svg: string, width: number, height: number, scale = 2): Promise<Uint8Array> {
  const url = URL.createObjectURL(new Blob([svg], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    const loaded = new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error('the chart could not be drawn as an image'));
    });
    image.src = url;
    await loaded;
    const canvas = document.createElement('canvas');
    canvas.width = Math.round(width * scale);
    canvas.height = Math.round(height * scale);
    const ctx = canvas.getContext('2d');
    if (!ctx) throw new Error('no 2D canvas in this browser');
    ctx.scale(scale, scale);
    ctx.drawImage(image, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error('the browser could not encode the PNG');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    URL.revokeObjectURL(url);
  }
}

// The pieces of a standalone SVG plot, written as text (no browser, no DOM): frame, scales,
// nice ticks, axes, a wrapped caption, a legend. study-svg.ts draws the study's figures with
// them; the files open in any browser or vector editor and paste into papers.

export const FONT = 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif';
// Okabe-Ito: distinguishable with the common colour-vision deficiencies.
export const PALETTE = ['#0072B2', '#D55E00', '#009E73', '#CC79A7', '#E69F00', '#56B4E9', '#000000', '#F0E442'];

export const escapeXml = (s: string) => s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] as string);
export const fmt = (v: number) => (Math.abs(v) < 1e-9 ? '0' : Number(v.toPrecision(6)).toString());

/** About `count` round tick values covering [lo, hi]. */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo];
  const raw = (hi - lo) / count;
  const power = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * power).find((s) => s >= raw) ?? 10 * power;
  const out: number[] = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** [lo, hi] of the finite values, padded by 6% (and by 1 unit of the value's size when flat). */
export function paddedDomain(values: readonly number[], floor?: number): [number, number] {
  const xs = values.filter(Number.isFinite);
  if (!xs.length) return [0, 1];
  let lo = Math.min(...xs);
  let hi = Math.max(...xs);
  const pad = hi > lo ? (hi - lo) * 0.06 : Math.max(Math.abs(hi) * 0.05, 1e-3);
  lo -= pad;
  hi += pad;
  if (floor !== undefined) lo = Math.max(floor, lo);
  return [lo, hi];
}

export interface Frame {
  width: number;
  height: number;
  left: number;
  right: number;
  top: number;
  bottom: number;
  x: (v: number) => number;
  y: (v: number) => number;
  xDomain: [number, number];
  yDomain: [number, number];
}

export function frame(
  width: number,
  height: number,
  margin: { left: number; right: number; top: number; bottom: number },
  xDomain: [number, number],
  yDomain: [number, number],
): Frame {
  const left = margin.left;
  const right = width - margin.right;
  const top = margin.top;
  const bottom = height - margin.bottom;
  return {
    width,
    height,
    left,
    right,
    top,
    bottom,
    xDomain,
    yDomain,
    x: (v) => left + ((v - xDomain[0]) / (xDomain[1] - xDomain[0])) * (right - left),
    y: (v) => bottom - ((v - yDomain[0]) / (yDomain[1] - yDomain[0])) * (bottom - top),
  };
}

/** Grid, ticks and axis titles. */
export function axes(f: Frame, xLabel: string, yLabel: string, yFormat: (v: number) => string, xFormat: (v: number) => string = fmt): string {
  const parts: string[] = [`<rect x="${f.left}" y="${f.top}" width="${f.right - f.left}" height="${f.bottom - f.top}" fill="none" stroke="#999"/>`];
  for (const v of niceTicks(f.yDomain[0], f.yDomain[1])) {
    const y = f.y(v).toFixed(1);
    parts.push(`<line x1="${f.left}" x2="${f.right}" y1="${y}" y2="${y}" stroke="#e3e3e3"/>`);
    parts.push(`<text x="${f.left - 6}" y="${y}" dy="4" text-anchor="end" font-size="11" fill="#555">${escapeXml(yFormat(v))}</text>`);
  }
  for (const v of niceTicks(f.xDomain[0], f.xDomain[1], 6)) {
    const x = f.x(v).toFixed(1);
    parts.push(`<line y1="${f.top}" y2="${f.bottom}" x1="${x}" x2="${x}" stroke="#efefef"/>`);
    parts.push(`<text x="${x}" y="${f.bottom + 16}" text-anchor="middle" font-size="11" fill="#555">${escapeXml(xFormat(v))}</text>`);
  }
  parts.push(`<text x="${(f.left + f.right) / 2}" y="${f.bottom + 34}" text-anchor="middle" font-size="12" fill="#222">${escapeXml(xLabel)}</text>`);
  const cy = (f.top + f.bottom) / 2;
  parts.push(`<text transform="translate(16 ${cy}) rotate(-90)" text-anchor="middle" font-size="12" fill="#222">${escapeXml(yLabel)}</text>`);
  return parts.join('');
}

/** Splits text into lines of at most `width` characters, at spaces. */
export function wrap(text: string, width: number): string[] {
  const lines: string[] = [];
  let line = '';
  for (const word of text.split(/\s+/)) {
    if (line && line.length + 1 + word.length > width) {
      lines.push(line);
      line = word;
    } else line = line ? `${line} ${word}` : word;
  }
  if (line) lines.push(line);
  return lines;
}

export function textLines(lines: readonly string[], x: number, y: number, size = 11, color = '#444'): string {
  return lines.map((l, i) => `<text x="${x}" y="${y + i * (size + 4)}" font-size="${size}" fill="${color}">${escapeXml(l)}</text>`).join('');
}

export function svgDocument(width: number, height: number, title: string, body: string): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family='${FONT}'>`,
    `<title>${escapeXml(title)}</title>`,
    `<rect width="100%" height="100%" fill="#ffffff"/>`,
    `<text x="16" y="22" font-size="15" font-weight="600" fill="#111">${escapeXml(title)}</text>`,
    body,
    '</svg>',
    '',
  ].join('\n');
}

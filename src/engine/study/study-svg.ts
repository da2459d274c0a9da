// The study's figures as standalone SVG: final Z1 linear-probe accuracy against I(Z1;Z2) with
// each variant's mean and 95% error bars in both directions (seeds as small dots), and mean
// curves over seeds with a band. Written as text by the headless study (no browser).
import { ZERO_ROW_SHORT } from '../../eval/labels';
import type { CurvePoint } from '../../eval/stats';
import { axes, svgDocument, escapeXml, fmt, frame, paddedDomain, PALETTE, textLines, wrap } from './svg-plot';
import type { StudyJson } from './types';

const pct = (v: number) => `${Math.round(v * 1000) / 10}%`;

/** Accuracy (Z1 linear probe) against I(Z1;Z2): one point per variant, error bars = 95% CI over seeds. */
export function scatterSvg(study: StudyJson): string {
  const width = 720;
  const captionLines = [
    `Each variant: mean over seeds, error bars = 95% CI (t over seeds; none where n = 1); small dots = single seeds. Final values, nothing selected on the test split.`,
    `Accuracy: ${study.protocol.probe}.`,
    ...(study.protocol.zeroRows ? [ZERO_ROW_SHORT] : []),
  ].flatMap((t) => wrap(t, 118));
  const height = 440 + captionLines.length * 15;
  const xs: number[] = [];
  const ys: number[] = [];
  for (const v of study.variants) {
    const mi = v.summary.miZ1Z2;
    const acc = v.summary.z1LinearTop1;
    for (const r of v.runs) {
      xs.push(r.miZ1Z2 ?? NaN);
      ys.push(r.z1LinearTop1 ?? NaN);
    }
    if (mi.ci95) xs.push(...mi.ci95);
    if (acc.ci95) ys.push(...acc.ci95);
  }
  const f = frame(width, height, { left: 64, right: 150, top: 40, bottom: 70 + captionLines.length * 15 }, paddedDomain(xs), paddedDomain(ys, 0));
  const parts = [axes(f, 'I(Z1;Z2), nats (mean of the last logging interval)', 'Z1 linear probe, test top-1 (lab probe)', pct)];
  // Error bars and dots are clipped to the plot area (an interval of two seeds can be wide).
  parts.push(
    `<clipPath id="plot"><rect x="${f.left}" y="${f.top}" width="${f.right - f.left}" height="${f.bottom - f.top}"/></clipPath><g clip-path="url(#plot)">`,
  );
  const legend: string[] = [];
  study.variants.forEach((v, i) => {
    const color = PALETTE[i % PALETTE.length];
    for (const r of v.runs) {
      if (r.miZ1Z2 === null || r.z1LinearTop1 === null) continue;
      parts.push(`<circle cx="${f.x(r.miZ1Z2).toFixed(1)}" cy="${f.y(r.z1LinearTop1).toFixed(1)}" r="2.5" fill="${color}" fill-opacity="0.45"/>`);
    }
    const mi = v.summary.miZ1Z2;
    const acc = v.summary.z1LinearTop1;
    if (mi.mean === null || acc.mean === null) return;
    const cx = f.x(mi.mean);
    const cy = f.y(acc.mean);
    const bar = (x1: number, y1: number, x2: number, y2: number) =>
      `<line class="error-bar" x1="${x1.toFixed(1)}" y1="${y1.toFixed(1)}" x2="${x2.toFixed(1)}" y2="${y2.toFixed(1)}" stroke="${color}" stroke-width="1.6"/>`;
    if (mi.ci95) {
      const [a, b] = mi.ci95.map(f.x);
      parts.push(bar(a, cy, b, cy), bar(a, cy - 4, a, cy + 4), bar(b, cy - 4, b, cy + 4));
    }
    if (acc.ci95) {
      const [a, b] = acc.ci95.map(f.y);
      parts.push(bar(cx, a, cx, b), bar(cx - 4, a, cx + 4, a), bar(cx - 4, b, cx + 4, b));
    }
    parts.push(`<circle class="variant-mean" cx="${cx.toFixed(1)}" cy="${cy.toFixed(1)}" r="5" fill="${color}" stroke="#fff"/>`);
    const y = f.top + 8 + i * 18;
    legend.push(`<circle cx="${f.right + 16}" cy="${y}" r="5" fill="${color}"/>`);
    legend.push(`<text x="${f.right + 26}" y="${y + 4}" font-size="12" fill="#222">${escapeXml(`${v.name} (n = ${acc.n})`)}</text>`);
  });
  parts.push('</g>', ...legend, textLines(captionLines, 16, f.bottom + 56));
  return svgDocument(width, height, `${study.label}: accuracy against I(Z1;Z2)`, parts.join('\n'));
}

export interface CurveSeries {
  name: string;
  points: CurvePoint[];
}

/** Mean curves over seeds with a band (95% CI where n ≥ 2), x = training step. */
export function curvesSvg(title: string, yLabel: string, series: readonly CurveSeries[], options: { percent?: boolean; caption?: string[] } = {}): string {
  const width = 720;
  const captionLines = ['Line: mean over seeds at each logged step; band: 95% CI over seeds (t; absent where n = 1).', ...(options.caption ?? [])].flatMap(
    (t) => wrap(t, 118),
  );
  const height = 380 + captionLines.length * 15;
  const xs = series.flatMap((s) => s.points.map((p) => p.x));
  const ys = series.flatMap((s) => s.points.flatMap((p) => [p.mean, ...(p.band ?? [])]));
  const f = frame(
    width,
    height,
    { left: 64, right: 150, top: 40, bottom: 64 + captionLines.length * 15 },
    paddedDomain(xs, 0),
    paddedDomain(ys, options.percent ? 0 : undefined),
  );
  const parts = [axes(f, 'step', yLabel, options.percent ? pct : fmt, fmt)];
  parts.push(
    `<clipPath id="plot"><rect x="${f.left}" y="${f.top}" width="${f.right - f.left}" height="${f.bottom - f.top}"/></clipPath><g clip-path="url(#plot)">`,
  );
  const legend: string[] = [];
  series.forEach((s, i) => {
    const color = PALETTE[i % PALETTE.length];
    // A band is drawn over each stretch of consecutive points that have one.
    let stretch: CurvePoint[] = [];
    const flush = () => {
      if (stretch.length >= 2) {
        const upper = stretch.map((p) => `${f.x(p.x).toFixed(1)},${f.y(p.band![1]).toFixed(1)}`);
        const lower = [...stretch].reverse().map((p) => `${f.x(p.x).toFixed(1)},${f.y(p.band![0]).toFixed(1)}`);
        parts.push(`<polygon class="band" points="${[...upper, ...lower].join(' ')}" fill="${color}" fill-opacity="0.18" stroke="none"/>`);
      }
      stretch = [];
    };
    for (const p of s.points) {
      if (p.band) stretch.push(p);
      else flush();
    }
    flush();
    const line = s.points.map((p) => `${f.x(p.x).toFixed(1)},${f.y(p.mean).toFixed(1)}`).join(' ');
    if (s.points.length === 1) parts.push(`<circle cx="${f.x(s.points[0].x).toFixed(1)}" cy="${f.y(s.points[0].mean).toFixed(1)}" r="3" fill="${color}"/>`);
    else parts.push(`<polyline class="mean" points="${line}" fill="none" stroke="${color}" stroke-width="1.8"/>`);
    const n = Math.max(0, ...s.points.map((p) => p.n));
    const y = f.top + 8 + i * 18;
    legend.push(`<line x1="${f.right + 8}" x2="${f.right + 24}" y1="${y}" y2="${y}" stroke="${color}" stroke-width="2"/>`);
    legend.push(`<text x="${f.right + 30}" y="${y + 4}" font-size="12" fill="#222">${escapeXml(`${s.name} (n = ${n})`)}</text>`);
  });
  parts.push('</g>', ...legend, textLines(captionLines, 16, f.bottom + 52));
  return svgDocument(width, height, title, parts.join('\n'));
}

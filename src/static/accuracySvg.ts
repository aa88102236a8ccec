/**
 * A reference run drawn as a self-contained SVG document at build time, with
 * no DOM and no script: the picture a reader without JavaScript sees in place
 * of a live figure, and the curve on each chapter's link-preview image.
 * Train is solid teal, test dashed orange (as in the live charts); the colours
 * follow the reader's colour scheme through a media query inside the SVG.
 */
import { ticks } from 'd3';

export interface AccuracyRun {
  readonly label?: string;
  readonly steps: readonly number[];
  readonly train: readonly number[];
  readonly test: readonly number[];
}

export interface PhaseBand {
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly label?: string;
}

export interface AccuracySvgOptions {
  readonly runs: readonly AccuracyRun[];
  readonly maxStep: number;
  /** Phase bands, drawn behind the first run only (they are that run's). */
  readonly phases?: readonly PhaseBand[];
  readonly title: string;
  readonly description: string;
  readonly labels: { readonly step: string; readonly train: string; readonly test: string };
  readonly lang: 'ja' | 'en';
  /** Width of one run's panel in SVG units. */
  readonly panelWidth?: number;
  readonly height?: number;
}

const escapeXml = (s: string) =>
  s.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c] ?? c);

/** Rough advance of a label at 12 px: wide for CJK, narrow otherwise (no font metrics at build time). */
export const textWidth = (s: string) => [...s].reduce((w, c) => w + (/[\u3000-\u9fff\uff00-\uffef]/.test(c) ? 12 : 7), 0);

const fmt = (v: number) => (Math.round(v * 10) / 10).toString();

function polyline(steps: readonly number[], values: readonly number[], x: (s: number) => number, y: (v: number) => number): string {
  const pts: string[] = [];
  for (let i = 0; i < Math.min(steps.length, values.length); i++) {
    const v = values[i];
    const s = steps[i];
    if (v === undefined || s === undefined || !Number.isFinite(v)) continue;
    pts.push(`${fmt(x(s))},${fmt(y(v))}`);
  }
  return pts.join(' ');
}

const STYLE = `
  svg { font-family: system-ui, -apple-system, "Segoe UI", "Hiragino Sans", "Noto Sans CJK JP", sans-serif; }
  .bg { fill: #ffffff; }
  .axis, .tick { stroke: #8c959f; stroke-width: 1; }
  .grid { stroke: #dcd8cf; stroke-width: 1; }
  .text { fill: #57606a; font-size: 12px; }
  .title { fill: #1f2328; font-size: 13px; font-weight: 600; }
  .train { fill: none; stroke: #0b6b63; stroke-width: 2.5; stroke-linejoin: round; }
  .test { fill: none; stroke: #9a5a00; stroke-width: 2.5; stroke-dasharray: 7 4; stroke-linejoin: round; }
  .band { fill: #0b6b63; opacity: 0.07; }
  .band:nth-of-type(even) { opacity: 0.13; }
  .key-train { fill: #0b6b63; }
  .key-test { fill: #9a5a00; }
  @media (prefers-color-scheme: dark) {
    .bg { fill: #1a2027; }
    .grid { stroke: #2c343d; }
    .text { fill: #a3abb5; }
    .title { fill: #e4e6e9; }
    .train { stroke: #5fd0c3; }
    .test { stroke: #f2a33a; }
    .band { fill: #5fd0c3; }
    .key-train { fill: #5fd0c3; }
    .key-test { fill: #f2a33a; }
  }`;

/** The SVG document: one panel per run side by side, accuracy 0–100% against steps. */
export function accuracySvg(options: AccuracySvgOptions): string {
  const { runs, maxStep, labels } = options;
  const panelWidth = options.panelWidth ?? 420;
  const height = options.height ?? 260;
  const m = { top: runs.length > 1 ? 34 : 16, right: 22, bottom: 58, left: 44 };
  const width = panelWidth * Math.max(1, runs.length);
  const plotH = height - m.top - m.bottom;
  const parts: string[] = [];
  runs.forEach((run, r) => {
    const x0 = r * panelWidth + m.left;
    const plotW = panelWidth - m.left - m.right;
    const x = (s: number) => x0 + (maxStep > 0 ? (s / maxStep) * plotW : 0);
    const y = (v: number) => m.top + (1 - Math.min(1, Math.max(0, v))) * plotH;
    if (run.label) parts.push(`<text class="title" x="${x0}" y="${m.top - 14}">${escapeXml(run.label)}</text>`);
    if (r === 0) {
      for (const band of options.phases ?? []) {
        const a = x(Math.max(0, band.start));
        const b = x(Math.min(maxStep, band.end));
        if (b > a) parts.push(`<rect class="band" x="${fmt(a)}" y="${m.top}" width="${fmt(b - a)}" height="${plotH}"><title>${escapeXml(band.label ?? band.id)}</title></rect>`);
      }
    }
    for (const v of [0, 0.5, 1]) {
      parts.push(`<line class="grid" x1="${x0}" x2="${x0 + plotW}" y1="${fmt(y(v))}" y2="${fmt(y(v))}"/>`);
      parts.push(`<text class="text" x="${x0 - 6}" y="${fmt(y(v) + 4)}" text-anchor="end">${v * 100}%</text>`);
    }
    parts.push(`<line class="axis" x1="${x0}" x2="${x0 + plotW}" y1="${m.top + plotH}" y2="${m.top + plotH}"/>`);
    const stepTicks = ticks(0, maxStep, 4);
    for (const s of stepTicks) {
      // The last label ends at its tick so it stays inside the panel.
      const anchor = s === stepTicks.at(-1) && s > 0.9 * maxStep ? 'end' : 'middle';
      parts.push(`<line class="tick" x1="${fmt(x(s))}" x2="${fmt(x(s))}" y1="${m.top + plotH}" y2="${m.top + plotH + 4}"/>`);
      parts.push(`<text class="text" x="${fmt(x(s))}" y="${m.top + plotH + 17}" text-anchor="${anchor}">${s.toLocaleString(options.lang)}</text>`);
    }
    parts.push(`<text class="text" x="${x0 + plotW}" y="${m.top + plotH + 33}" text-anchor="end">${escapeXml(labels.step)}</text>`);
    parts.push(`<polyline class="train" points="${polyline(run.steps, run.train, x, y)}"/>`);
    parts.push(`<polyline class="test" points="${polyline(run.steps, run.test, x, y)}"/>`);
  });
  // One legend for all panels: colour, dash and the word all say which line is which.
  const ly = height - 12;
  parts.push(`<line class="train" x1="${m.left}" x2="${m.left + 26}" y1="${ly - 4}" y2="${ly - 4}"/>`);
  parts.push(`<text class="text" x="${m.left + 32}" y="${ly}">${escapeXml(labels.train)}</text>`);
  const testX = m.left + 56 + textWidth(labels.train);
  parts.push(`<line class="test" x1="${testX}" x2="${testX + 26}" y1="${ly - 4}" y2="${ly - 4}"/>`);
  parts.push(`<text class="text" x="${testX + 32}" y="${ly}">${escapeXml(labels.test)}</text>`);

  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img" aria-labelledby="t d" lang="${options.lang}">`,
    `<title id="t">${escapeXml(options.title)}</title>`,
    `<desc id="d">${escapeXml(options.description)}</desc>`,
    `<style>${STYLE}</style>`,
    `<rect class="bg" width="100%" height="100%" rx="8"/>`,
    ...parts,
    '</svg>',
  ].join('');
}

/**
 * The link-preview picture (1200 × 630): the first run's curves large, on the
 * site's dark ground, with no words (the title travels beside it in the
 * preview, and a raster renderer at build time may have no CJK font).
 */
export function previewSvg(run: AccuracyRun, maxStep: number, phases: readonly PhaseBand[] = []): string {
  const W = 1200;
  const H = 630;
  const m = { top: 90, right: 90, bottom: 90, left: 90 };
  const pw = W - m.left - m.right;
  const ph = H - m.top - m.bottom;
  const x = (s: number) => m.left + (maxStep > 0 ? (s / maxStep) * pw : 0);
  const y = (v: number) => m.top + (1 - Math.min(1, Math.max(0, v))) * ph;
  const bands = phases
    .map((b, i) => {
      const a = x(Math.max(0, b.start));
      const e = x(Math.min(maxStep, b.end));
      return e > a ? `<rect x="${fmt(a)}" y="${m.top}" width="${fmt(e - a)}" height="${ph}" fill="#5fd0c3" opacity="${i % 2 ? 0.14 : 0.07}"/>` : '';
    })
    .join('');
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${H}" width="${W}" height="${H}">`,
    `<rect width="${W}" height="${H}" fill="#12161b"/>`,
    bands,
    `<line x1="${m.left}" x2="${W - m.right}" y1="${y(0)}" y2="${y(0)}" stroke="#2c343d" stroke-width="3"/>`,
    `<line x1="${m.left}" x2="${W - m.right}" y1="${y(1)}" y2="${y(1)}" stroke="#2c343d" stroke-width="3" stroke-dasharray="2 10"/>`,
    `<polyline points="${polyline(run.steps, run.train, x, y)}" fill="none" stroke="#5fd0c3" stroke-width="10" stroke-linejoin="round" stroke-linecap="round"/>`,
    `<polyline points="${polyline(run.steps, run.test, x, y)}" fill="none" stroke="#f2a33a" stroke-width="10" stroke-dasharray="26 14" stroke-linejoin="round"/>`,
    '</svg>',
  ].join('');
}

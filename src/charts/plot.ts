/**
 * Pieces shared by the step-based line charts (training curves, kernel
 * signal): scales over steps, decimated line paths, phase bands, lookup of the
 * current step.
 */
import type { Selection } from 'd3';
import type { Formats, PhaseId } from './labels.ts';
import { createScale, drawAxis, formatPowerOfTen, type AxisKind, type Scale } from './scale.ts';

export type { AxisKind } from './scale.ts';
export const SVG_NS = 'http://www.w3.org/2000/svg';

/** Index of the last entry of an ascending `steps` at or before `step` (0 if before all, −1 if empty). */
export function nearestIndex(steps: ArrayLike<number>, step: number): number {
  const n = steps.length;
  if (n === 0) return -1;
  let lo = 0;
  let hi = n - 1;
  if (step >= (steps[hi] ?? 0)) return hi;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if ((steps[mid] ?? 0) <= step) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/**
 * Indices that keep a line's shape at a given pixel resolution: within each
 * pixel column, the first, lowest, highest and last point (the M4 rule). A
 * 50,000-step run then costs a few thousand path segments, not 50,000.
 * `px` holds each point's x in pixels and must be ascending.
 */
export function decimate(px: ArrayLike<number>, values: ArrayLike<number>): number[] {
  const out: number[] = [];
  let column = Number.NaN;
  let first = -1;
  let low = -1;
  let high = -1;
  let last = -1;
  const flush = () => {
    if (first < 0) return;
    const kept = [...new Set([first, low, high, last])].sort((x, y) => x - y);
    out.push(...kept);
  };
  for (let i = 0; i < px.length; i++) {
    const c = Math.floor(px[i] ?? 0);
    const v = values[i] ?? Number.NaN;
    if (c !== column) {
      flush();
      column = c;
      first = low = high = last = i;
      continue;
    }
    last = i;
    if (v < (values[low] ?? Number.NaN) || Number.isNaN(values[low] ?? Number.NaN)) low = i;
    if (v > (values[high] ?? Number.NaN) || Number.isNaN(values[high] ?? Number.NaN)) high = i;
  }
  flush();
  return out;
}

export interface LinePath {
  d: string;
  /** Points in the path after decimation (for tests and for deciding on markers). */
  points: number;
}

/**
 * An SVG path through (steps[i], values[i]). Points that cannot be drawn
 * (NaN, or ≤ 0 on a log axis) leave a gap rather than a dive to the axis.
 */
export function linePath(steps: ArrayLike<number>, values: ArrayLike<number>, x: Scale, y: Scale): LinePath {
  const n = Math.min(steps.length, values.length);
  const px = new Float64Array(n);
  for (let i = 0; i < n; i++) px[i] = x(steps[i] ?? 0);
  const [r0, r1] = x.range;
  const indices = n > 2 * Math.abs(r1 - r0) ? decimate(px, values) : Array.from({ length: n }, (_, i) => i);
  let d = '';
  let points = 0;
  let pen = false;
  for (const i of indices) {
    const v = values[i] ?? Number.NaN;
    const py = Number.isFinite(v) && (y.kind !== 'log' || v > 0) ? y(v) : Number.NaN;
    const qx = px[i] ?? Number.NaN;
    if (!Number.isFinite(py) || !Number.isFinite(qx)) {
      pen = false;
      continue;
    }
    // One decimal is below a device pixel even at 3x and keeps long paths short.
    d += `${pen ? 'L' : 'M'}${Math.round(qx * 10) / 10},${Math.round(py * 10) / 10}`;
    pen = true;
    points += 1;
  }
  return { d, points };
}

/** A step axis that also works in log space (where step 0 cannot sit). */
export function stepScale(kind: AxisKind, maxStep: number, range: readonly [number, number]): Scale {
  const top = Math.max(maxStep, kind === 'log' ? 10 : 1);
  return createScale(kind, [kind === 'log' ? 1 : 0, top], range, { clamp: kind === 'log' });
}

export function drawStepAxis(
  g: Selection<SVGGElement, unknown, null, undefined>,
  x: Scale,
  height: number,
  width: number,
  rem: number,
  f: Formats,
): void {
  const count = Math.max(2, Math.floor(width / (4.5 * rem)));
  g.attr('class', 'chart-axis chart-axis--x').attr('transform', `translate(0,${height})`);
  drawAxis(g, x, { orient: 'bottom', values: x.ticks(count), format: x.kind === 'log' ? formatPowerOfTen : f.compact, line: true });
}

export function drawValueAxis(
  g: Selection<SVGGElement, unknown, null, undefined>,
  y: Scale,
  height: number,
  rem: number,
  format: (v: number) => string,
  gridWidth: number,
): void {
  const count = Math.max(2, Math.floor(height / (3.5 * rem)));
  g.attr('class', 'chart-axis chart-axis--y');
  drawAxis(g, y, {
    orient: 'left',
    values: y.ticks(y.kind === 'log' ? count + 1 : count),
    format: y.kind === 'log' ? formatPowerOfTen : format,
    tickSize: gridWidth,
  });
}

export interface Phase {
  /** 'memorization' | 'circuit' | 'cleanup' pick up default names; any other id needs `label`. */
  readonly id: string;
  readonly start: number;
  readonly end: number;
  readonly label?: string;
}

const KNOWN_PHASES: readonly string[] = ['memorization', 'circuit', 'cleanup'] satisfies readonly PhaseId[];

function isPhaseId(id: string): id is PhaseId {
  return KNOWN_PHASES.includes(id);
}

/** A phase's full and short display names: its own label, else the defaults for known ids, else its id. */
export function phaseNames(
  phase: Phase,
  names: Readonly<Record<PhaseId, string>>,
  shortNames: Readonly<Record<PhaseId, string>>,
): { full: string; short: string } {
  if (phase.label !== undefined) return { full: phase.label, short: phase.label };
  if (isPhaseId(phase.id)) return { full: names[phase.id], short: shortNames[phase.id] };
  return { full: phase.id, short: phase.id };
}

/** Rough rendered width of a label: CJK glyphs are about 1em wide, Latin about 0.58em. */
export function estimateTextWidth(text: string, fontPx: number): number {
  let em = 0;
  for (const ch of text) em += (ch.codePointAt(0) ?? 0) >= 0x2e80 ? 1 : 0.58;
  return em * fontPx;
}

export interface PhaseBandLayout {
  readonly id: string;
  readonly x: number;
  readonly width: number;
  readonly label: string;
  readonly active: boolean;
}

/**
 * Where each phase band sits and which name fits it: the full name, the short
 * one, or none when even that would spill into the next band.
 */
export function layoutPhases(
  phases: readonly Phase[],
  x: Scale,
  names: (phase: Phase) => { full: string; short: string },
  fontPx: number,
  active: string | null,
): PhaseBandLayout[] {
  return phases.map((phase) => {
    const x0 = x(Math.max(phase.start, x.domain[0]));
    const x1 = x(phase.end);
    const width = Math.max(0, x1 - x0);
    const { full, short } = names(phase);
    const room = width - fontPx * 0.6;
    const label = estimateTextWidth(full, fontPx) <= room ? full : estimateTextWidth(short, fontPx) <= room ? short : '';
    return { id: phase.id, x: x0, width, label, active: phase.id === active };
  });
}

export function drawPhaseBands(
  g: Selection<SVGGElement, unknown, null, undefined>,
  bands: readonly PhaseBandLayout[],
  height: number,
  fontPx: number,
  /** Baseline of the names; negative puts them in the margin above the plot, clear of the data. */
  labelY: number,
): void {
  const band = g
    .selectAll<SVGGElement, PhaseBandLayout>('g.chart-phase')
    .data(bands, (d) => d.id)
    .join((enter) => {
      const e = enter.append('g');
      e.append('rect');
      e.append('text');
      return e;
    })
    .attr('class', (d, i) => `chart-phase chart-phase--${i % 2 === 0 ? 'even' : 'odd'}${d.active ? ' is-active' : ''}`)
    .attr('data-phase', (d) => d.id);
  band.select('rect').attr('x', (d) => d.x).attr('y', 0).attr('width', (d) => d.width).attr('height', height);
  band
    .select('text')
    .attr('x', (d) => d.x + fontPx * 0.25)
    .attr('y', labelY)
    .text((d) => d.label);
}

/**
 * Labelled positions along an axis of p cells (0…p−1): a round stride that
 * gives at most `maxTicks` labels, plus p − 1 when it is not crowded out.
 */
export function indexTicks(p: number, maxTicks: number): number[] {
  if (p <= 0) return [];
  const strides = [1, 2, 5, 10, 20, 25, 50, 100, 200, 250, 500];
  const stride = strides.find((s) => Math.ceil(p / s) <= Math.max(1, maxTicks)) ?? Math.ceil(p / Math.max(1, maxTicks));
  const ticks: number[] = [];
  for (let v = 0; v < p; v += stride) ticks.push(v);
  const last = ticks[ticks.length - 1] ?? 0;
  if (last !== p - 1 && p - 1 - last >= stride / 2) ticks.push(p - 1);
  return ticks;
}

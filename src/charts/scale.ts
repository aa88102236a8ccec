/**
 * Linear and log scales and a plain SVG axis. d3-scale and d3-axis would do
 * this too, but they bring d3-interpolate, d3-color and d3-format along
 * (about 8 KB gzipped) for features the figures never use; these charts only
 * map numbers to pixels, so the mapping is written out here and the tick
 * arithmetic comes from d3-array.
 */
import { nice, ticks, type Selection } from 'd3';

export type AxisKind = 'linear' | 'log';

export interface Scale {
  (value: number): number;
  invert(px: number): number;
  readonly kind: AxisKind;
  readonly domain: readonly [number, number];
  readonly range: readonly [number, number];
  /** Round values inside the domain, at most about `count` of them. */
  ticks(count: number): number[];
}

export interface ScaleOptions {
  /** Widen the domain to round values (whole decades on a log scale). */
  nice?: boolean;
  /** Keep out-of-domain values at the edge instead of running off the plot. */
  clamp?: boolean;
}

const SUPERSCRIPT = '⁰¹²³⁴⁵⁶⁷⁸⁹';

/** A power of ten as 1, 10 or 10ⁿ (with a real minus sign), for log axes. */
export function formatPowerOfTen(value: number): string {
  const e = Math.round(Math.log10(value));
  if (e === 0 || e === 1) return String(10 ** e);
  const digits = [...String(Math.abs(e))].map((d) => SUPERSCRIPT[Number(d)]).join('');
  return `10${e < 0 ? '⁻' : ''}${digits}`;
}

/** Powers of ten inside [lo, hi], thinned to at most `max` so a wide range stays legible. */
export function decadeTicks(lo: number, hi: number, max: number): number[] {
  const first = Math.ceil(Math.log10(lo) - 1e-9);
  const last = Math.floor(Math.log10(hi) + 1e-9);
  const all: number[] = [];
  // Parsed rather than computed: 10 ** -4 is 0.00009999999999999999.
  for (let e = first; e <= last; e++) all.push(Number(`1e${e}`));
  const stride = Math.max(1, Math.ceil(all.length / Math.max(1, max)));
  return all.filter((_, i) => i % stride === 0);
}

export function createScale(
  kind: AxisKind,
  domain: readonly [number, number],
  range: readonly [number, number],
  options: ScaleOptions = {},
): Scale {
  let [d0, d1] = domain;
  if (kind === 'log') {
    d0 = d0 > 0 ? d0 : 1e-12;
    d1 = d1 > 0 ? d1 : d0;
    if (options.nice) {
      d0 = Number(`1e${Math.floor(Math.log10(d0) + 1e-9)}`);
      d1 = Number(`1e${Math.ceil(Math.log10(d1) - 1e-9)}`);
    }
  } else if (options.nice) {
    [d0, d1] = nice(d0, d1, 10);
  }
  const [r0, r1] = range;
  const t = kind === 'log' ? (v: number) => Math.log(v) : (v: number) => v;
  const tInv = kind === 'log' ? (v: number) => Math.exp(v) : (v: number) => v;
  const t0 = t(d0);
  const span = t(d1) - t0;
  const clamp = options.clamp ?? false;

  const scale = ((value: number) => {
    if (kind === 'log' && !(value > 0)) return clamp ? r0 : Number.NaN;
    let u = span === 0 ? 0.5 : (t(value) - t0) / span;
    if (clamp) u = Math.min(1, Math.max(0, u));
    return r0 + u * (r1 - r0);
  }) as Scale;
  return Object.assign(scale, {
    invert: (px: number) => tInv(t0 + ((px - r0) / (r1 - r0 || 1)) * span),
    kind,
    domain: [d0, d1] as const,
    range: [r0, r1] as const,
    ticks: (count: number) =>
      kind === 'log' ? decadeTicks(Math.min(d0, d1), Math.max(d0, d1), count) : ticks(Math.min(d0, d1), Math.max(d0, d1), count),
  });
}

export interface AxisOptions {
  orient: 'bottom' | 'left';
  values: readonly number[];
  format(value: number): string;
  /**
   * Signed length of the tick lines: by default 6 (down) for a bottom axis and
   * −6 (left) for a left one; a left axis given the plot width draws gridlines across.
   */
  tickSize?: number;
  /** Draw the axis line along the range (bottom axes). */
  line?: boolean;
}

/** Ticks as `g.tick` > line + text, like d3-axis, so styling and tests can address them. */
export function drawAxis(g: Selection<SVGGElement, unknown, null, undefined>, scale: Scale, options: AxisOptions): void {
  const bottom = options.orient === 'bottom';
  const size = options.tickSize ?? (bottom ? 6 : -6);
  g.selectAll<SVGPathElement, boolean>('path.domain')
    .data(options.line ? [true] : [])
    .join('path')
    .attr('class', 'domain')
    .attr('d', () => {
      const [r0, r1] = scale.range;
      return bottom ? `M${r0},0H${r1}` : `M0,${r0}V${r1}`;
    });
  const tick = g
    .selectAll<SVGGElement, number>('g.tick')
    .data(options.values)
    .join((enter) => {
      const t = enter.append('g').attr('class', 'tick');
      t.append('line');
      t.append('text');
      return t;
    })
    .attr('transform', (v) => (bottom ? `translate(${scale(v)},0)` : `translate(0,${scale(v)})`));
  tick
    .select('line')
    .attr('x2', bottom ? 0 : size)
    .attr('y2', bottom ? size : 0);
  tick
    .select('text')
    .attr('x', bottom ? 0 : -6)
    .attr('y', bottom ? Math.max(size, 0) + 3 : 0)
    .attr('dy', bottom ? '0.71em' : '0.32em')
    .attr('text-anchor', bottom ? 'middle' : 'end')
    .text((v) => options.format(v));
}

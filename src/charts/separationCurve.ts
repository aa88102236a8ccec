/**
 * The kernel lab's separation curve: test accuracy against the share of the
 * p² pairs used for training, for a network that learns features and for the
 * kernels that describe it at initialization. The network generalizes from a
 * modest fraction; the kernels stay at chance (or below) however much they
 * see. Each kind of learner has its own colour, dash and marker shape, and a
 * line at chance level anchors the reading.
 */
import { select, type Selection } from 'd3';
import { type Cell } from './a11y.ts';
import {
  SEPARATION_CURVE_LABELS,
  fill,
  formats,
  resolveLabels,
  type SeparationCurveLabels,
  type SeparationStyle,
} from './labels.ts';
import { SVG_NS, drawValueAxis } from './plot.ts';
import { createScale, drawAxis } from './scale.ts';
import { createShell, type Chart, type ChartOptions } from './shell.ts';

export type { SeparationStyle } from './labels.ts';

export interface SeparationSeries {
  /** Unique within a chart; `state.highlight` refers to it. */
  readonly id: string;
  readonly style: SeparationStyle;
  /** Legend name; by default the style's name. */
  readonly label?: string;
  /** Training fractions in (0, 1], ascending. */
  readonly fractions: ArrayLike<number>;
  /** Test accuracy at each fraction; NaN where it was not measured. */
  readonly accuracy: ArrayLike<number>;
  /** Spread across seeds at each fraction (one standard deviation), drawn as whiskers. */
  readonly spread?: ArrayLike<number>;
}

export interface SeparationCurveData {
  readonly p: number;
  readonly series: readonly SeparationSeries[];
  /** Accuracy of guessing; by default 1/p. */
  readonly chance?: number;
}

export interface SeparationCurveState {
  /** The reader's own run's training fraction, marked on the axis. */
  readonly fraction?: number | null;
  /** Series id to bring forward; the others fade. */
  readonly highlight?: string | null;
}

export type SeparationCurveOptions = ChartOptions<SeparationCurveLabels>;

export type SeparationCurve = Chart<SeparationCurveData, SeparationCurveState>;

/** Accuracy a learner must pass to count as generalizing in the description. */
export const GENERALIZES = 0.9;

/** The smallest measured fraction at which a series is above `threshold`, or null. */
export function firstAbove(series: SeparationSeries, threshold: number): number | null {
  for (let i = 0; i < series.fractions.length; i++) {
    if ((series.accuracy[i] ?? Number.NaN) > threshold) return series.fractions[i] ?? null;
  }
  return null;
}

/** A marker of the style's shape centred on (x, y): circle, square or triangle. */
export function markerPath(style: SeparationStyle, x: number, y: number, r: number): string {
  if (style === 'rich') return `M${x - r},${y}a${r},${r} 0 1,0 ${2 * r},0a${r},${r} 0 1,0 ${-2 * r},0Z`;
  if (style === 'kernel') return `M${x - r},${y - r}h${2 * r}v${2 * r}h${-2 * r}Z`;
  const h = r * 1.15;
  return `M${x},${y - h}L${x + h},${y + h * 0.8}H${x - h}Z`;
}

/** Every fraction measured by any series, ascending. */
export function allFractions(series: readonly SeparationSeries[]): number[] {
  const set = new Set<number>();
  for (const s of series) for (let i = 0; i < s.fractions.length; i++) set.add(s.fractions[i] ?? 0);
  return [...set].sort((a, b) => a - b);
}

type Point = { x: number; y: number };

export function createSeparationCurve(container: HTMLElement, options: SeparationCurveOptions): SeparationCurve {
  const { lang } = options;
  const labels = resolveLabels(SEPARATION_CURVE_LABELS, lang, options.labels);
  const f = formats(lang);

  let data: SeparationCurveData = { p: 0, series: [] };
  let state: SeparationCurveState = {};
  const nameOf = (s: SeparationSeries) => s.label ?? labels.styles[s.style];
  const chanceOf = () => data.chance ?? (data.p > 0 ? 1 / data.p : 0);

  const shell = createShell(container, {
    name: 'separation-curve',
    lang,
    label: labels.title,
    showTable: labels.showTable,
    draw,
    table() {
      const rows = allFractions(data.series).map((fraction) => {
        const row: Cell[] = [f.percent(fraction)];
        for (const s of data.series) {
          let value = Number.NaN;
          for (let i = 0; i < s.fractions.length; i++) if (s.fractions[i] === fraction) value = s.accuracy[i] ?? Number.NaN;
          row.push(f.percent(value));
        }
        return row;
      });
      return {
        caption: fill(labels.tableCaption, { p: data.p }),
        columns: [labels.fraction, ...data.series.map(nameOf)],
        rows,
      };
    },
  });
  const doc = shell.doc;

  const svg = select(doc.createElementNS(SVG_NS, 'svg')).attr('class', 'chart-svg').attr('aria-hidden', 'true');
  shell.figure.append(svg.node() as SVGSVGElement);
  const yTitle = svg.append('text').attr('class', 'chart-axis-title');
  const xTitle = svg.append('text').attr('class', 'chart-axis-title').attr('text-anchor', 'end');
  const plot = svg.append('g').attr('class', 'chart-plot');
  const yAxis = plot.append('g');
  const xAxis = plot.append('g').attr('class', 'chart-axis chart-axis--x');
  const chanceLine = plot.append('line').attr('class', 'chart-chance');
  const chanceText = plot.append('text').attr('class', 'chart-chance-label').attr('text-anchor', 'end');
  const seriesLayer = plot.append('g');
  const runLine = plot.append('line').attr('class', 'chart-step-line');
  const runText = plot.append('text').attr('class', 'chart-run-label').attr('text-anchor', 'middle');

  function drawLegend() {
    const items = select(shell.legend)
      .selectAll<HTMLSpanElement, SeparationSeries>('span.chart-legend__item')
      .data(data.series, (s) => s.id)
      .join((enter) => {
        const item = enter.append('span');
        const sw = item
          .append(() => doc.createElementNS(SVG_NS, 'svg'))
          .attr('class', 'chart-swatch')
          .attr('width', 30)
          .attr('height', 14)
          .attr('viewBox', '0 0 30 14')
          .attr('aria-hidden', 'true');
        sw.append('path').attr('class', 'chart-swatch-line');
        sw.append('path').attr('class', 'chart-swatch-marker');
        item.append('span').attr('class', 'chart-legend__name');
        return item;
      })
      .attr('class', (s) => `chart-legend__item chart-legend__item--${s.style}`);
    items.select('.chart-swatch-line').attr('class', (s) => `chart-swatch-line chart-line chart-line--${s.style}`).attr('d', 'M1,7H29');
    items.select('.chart-swatch-marker').attr('class', (s) => `chart-swatch-marker chart-marker chart-marker--${s.style}`).attr('d', (s) => markerPath(s.style, 15, 7, 4));
    items.select('.chart-legend__name').text(nameOf);
  }

  function draw({ width, rem }: { width: number; rem: number }) {
    drawLegend();
    // The right margin leaves room for half of the "100%" label.
    const margin = { top: 1.6 * rem, right: 1.6 * rem, bottom: 2.6 * rem, left: 3.3 * rem };
    const height = Math.round(Math.min(Math.max(width * 0.6, 14 * rem), 24 * rem));
    const innerW = Math.max(10, width - margin.left - margin.right);
    const innerH = Math.max(10, height - margin.top - margin.bottom);
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    plot.attr('transform', `translate(${margin.left},${margin.top})`);

    const x = createScale('linear', [0, 1], [0, innerW]);
    const y = createScale('linear', [0, 1], [innerH, 0]);
    drawValueAxis(yAxis, y, innerH, rem, f.percent, innerW);
    xAxis.attr('transform', `translate(0,${innerH})`);
    drawAxis(xAxis, x, { orient: 'bottom', values: x.ticks(Math.max(2, Math.floor(innerW / (4 * rem)))), format: f.percent, line: true });
    yTitle.attr('x', 0).attr('y', 1 * rem).text(labels.accuracy);
    xTitle.attr('x', width - margin.right).attr('y', height - 0.25 * rem).text(labels.fraction);

    const chance = chanceOf();
    chanceLine.attr('x1', 0).attr('x2', innerW).attr('y1', y(chance)).attr('y2', y(chance));
    chanceText.attr('x', innerW).attr('y', y(chance) - 0.35 * rem).text(`${labels.chance} ${f.percent(chance)}`);

    const highlight = state.highlight ?? null;
    const groups = seriesLayer
      .selectAll<SVGGElement, SeparationSeries>('g.chart-series')
      .data(data.series, (s) => s.id)
      .join((enter) => {
        const g = enter.append('g');
        g.append('path').attr('class', 'chart-series-line');
        g.append('g').attr('class', 'chart-series-marks');
        return g;
      })
      .attr('class', (s) => `chart-series chart-series--${s.style}${highlight !== null && s.id !== highlight ? ' is-dim' : ''}`)
      .attr('data-series', (s) => s.id);
    // The highlighted series is drawn last so it sits on top.
    groups.filter((s) => s.id === highlight).raise();

    const pointsOf = (s: SeparationSeries): (Point | null)[] =>
      Array.from({ length: Math.min(s.fractions.length, s.accuracy.length) }, (_, i) => {
        const v = s.accuracy[i] ?? Number.NaN;
        return Number.isFinite(v) ? { x: x(s.fractions[i] ?? 0), y: y(v) } : null;
      });
    groups.each(function (s) {
      const g = select(this) as unknown as Selection<SVGGElement, SeparationSeries, null, undefined>;
      const pts = pointsOf(s);
      // Unmeasured fractions are skipped, not gaps: the sweep is sparse by design.
      const d = pts
        .filter((pt): pt is Point => pt !== null)
        .map((pt, i) => `${i === 0 ? 'M' : 'L'}${Math.round(pt.x * 10) / 10},${Math.round(pt.y * 10) / 10}`)
        .join('');
      g.select('.chart-series-line').attr('class', `chart-series-line chart-line chart-line--${s.style}`).attr('d', d);
      // Whiskers of ± one standard deviation across seeds, clipped to [0, 1].
      const whiskers = Array.from({ length: s.spread ? Math.min(s.spread.length, s.accuracy.length) : 0 }, (_, i) => {
        const v = s.accuracy[i] ?? Number.NaN;
        const sd = s.spread?.[i] ?? Number.NaN;
        if (!Number.isFinite(v) || !(sd > 0)) return null;
        const px = x(s.fractions[i] ?? 0);
        return `M${px},${y(Math.max(0, v - sd))}L${px},${y(Math.min(1, v + sd))}`;
      }).filter((w): w is string => w !== null);
      g.selectAll<SVGPathElement, string>('path.chart-whisker')
        .data(whiskers)
        .join('path')
        .attr('class', `chart-whisker chart-whisker--${s.style}`)
        .attr('d', (w) => w);
      g.select('.chart-series-marks')
        .selectAll<SVGPathElement, Point>('path')
        .data(pts.filter((pt): pt is Point => pt !== null))
        .join('path')
        .attr('class', `chart-marker chart-marker--${s.style}`)
        .attr('d', (pt) => markerPath(s.style, pt.x, pt.y, 4.5));
    });

    const run = state.fraction ?? null;
    const showRun = run !== null && run >= 0 && run <= 1;
    runLine.attr('display', showRun ? null : 'none').attr('x1', x(run ?? 0)).attr('x2', x(run ?? 0)).attr('y1', 0).attr('y2', innerH);
    runText.attr('display', showRun ? null : 'none').attr('x', x(run ?? 0)).attr('y', -0.45 * rem).text(labels.yourRun);

    const summaries = data.series.map((s) => {
      const from = firstAbove(s, GENERALIZES);
      if (from !== null) return fill(labels.reaches, { label: nameOf(s), fraction: f.percent(from) });
      let max = Number.NaN;
      for (let i = 0; i < s.accuracy.length; i++) {
        const v = s.accuracy[i] ?? Number.NaN;
        if (Number.isFinite(v) && !(v <= max)) max = v;
      }
      return fill(labels.never, { label: nameOf(s), max: f.percent(max) });
    });
    shell.describe(fill(labels.description, { p: data.p, chance: f.percent(chance), summaries: summaries.join(lang === 'ja' ? '' : ' ') }));
  }

  return {
    update(next, nextState) {
      data = next;
      if (nextState) state = { ...state, ...nextState };
      shell.request(true);
    },
    resize: shell.resize,
    destroy: shell.destroy,
    table: shell.table,
  };
}

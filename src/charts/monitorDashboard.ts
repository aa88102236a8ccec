/**
 * The monitoring dashboard: small multiples on a shared step axis of what a
 * practitioner can watch during a run without a test set — training loss,
 * training accuracy and the share of examples at exactly zero loss, the
 * weight norm, how far the features move (eNTK change, distance from init),
 * and whether Fourier structure forms (tuned neurons, IPR) — under a strip
 * that shows the reading ("keep training", "intervene", …) over time. The
 * train–test gap is a sixth panel, drawn only when asked for: the figure is
 * about what can be seen without held-out data.
 *
 * Two columns when there is room, one on phones. Each panel has its own value
 * axis; the step axis is labelled under the last panel of each column.
 */
import { select, type Selection } from 'd3';
import { sampleIndices, type Cell } from './a11y.ts';
import {
  fill,
  formats,
  inSentence,
  list,
  resolveLabels,
  MONITOR_DASHBOARD_LABELS,
  type MonitorDashboardLabels,
  type MonitorPanelId,
  type MonitorSeriesLabel,
  type MonitorVerdictId,
} from './labels.ts';
import { SVG_NS, drawStepAxis, drawValueAxis, estimateTextWidth, linePath, nearestIndex, stepScale } from './plot.ts';
import { createScale, type Scale } from './scale.ts';
import { createShell, type Chart, type ChartOptions } from './shell.ts';

export const MONITOR_SERIES = [
  'trainLoss',
  'trainAccuracy',
  'zeroLoss',
  'weightNorm',
  'ntkChange',
  'distanceFromInit',
  'tunedFraction',
  'ipr',
  'testAccuracy',
] as const;
export type MonitorSeriesKey = (typeof MONITOR_SERIES)[number];

export type MonitorSeries = { readonly steps: ArrayLike<number> } & { readonly [K in MonitorSeriesKey]?: ArrayLike<number> };

export type { MonitorPanelId, MonitorVerdictId };

export interface MonitorVerdictSpan {
  readonly verdict: MonitorVerdictId;
  readonly start: number;
  readonly end: number;
}

export interface MonitorDashboardData extends MonitorSeries {
  /** The reference run, drawn faintly beneath. */
  readonly ghost?: MonitorSeries;
  /** The reading over time, as stretches of one verdict. */
  readonly verdicts?: readonly MonitorVerdictSpan[];
  readonly maxStep?: number;
}

export interface MonitorDashboardState {
  readonly step?: number;
  /** Draw the train–test gap panel (the reader has a held-out set). */
  readonly heldOut?: boolean;
  readonly showGhost?: boolean;
}

export type MonitorDashboardOptions = ChartOptions<MonitorDashboardLabels>;

export type MonitorDashboard = Chart<MonitorDashboardData, MonitorDashboardState>;

type LineStyle = 'primary' | 'secondary' | 'train' | 'test';
/** log; a share on 0–1 shown as percent; a ratio on 0–1; from 0 to the largest value; from the smallest to the largest. */
type ValueKind = 'log' | 'percent' | 'unit' | 'auto' | 'range';

interface LineSpec {
  readonly key: MonitorSeriesKey;
  readonly label: MonitorSeriesLabel;
  readonly style: LineStyle;
  /** How its values read; by default as the panel's axis. */
  readonly percent?: boolean;
}

interface PanelSpec {
  readonly lines: readonly LineSpec[];
  readonly y: ValueKind;
}

/** What each panel draws. Shares (accuracy, zero-loss share, tuned neurons) and the IPR sit on a fixed 0–1 axis, so runs compare at a glance. */
export const MONITOR_PANEL_SPECS: Readonly<Record<MonitorPanelId, PanelSpec>> = {
  loss: { lines: [{ key: 'trainLoss', label: 'trainLoss', style: 'primary' }], y: 'log' },
  fit: {
    lines: [
      { key: 'trainAccuracy', label: 'trainAccuracy', style: 'primary' },
      { key: 'zeroLoss', label: 'zeroLoss', style: 'secondary' },
    ],
    y: 'percent',
  },
  // The norm's trend is the signal (a few per cent per 50 steps), so its axis spans the values, not 0 to them.
  norm: { lines: [{ key: 'weightNorm', label: 'weightNorm', style: 'primary' }], y: 'range' },
  motion: {
    lines: [
      { key: 'ntkChange', label: 'ntkChange', style: 'primary' },
      { key: 'distanceFromInit', label: 'distanceFromInit', style: 'secondary' },
    ],
    y: 'auto',
  },
  structure: {
    lines: [
      { key: 'tunedFraction', label: 'tunedFraction', style: 'primary', percent: true },
      { key: 'ipr', label: 'ipr', style: 'secondary' },
    ],
    y: 'unit',
  },
  gap: {
    lines: [
      { key: 'trainAccuracy', label: 'train', style: 'train' },
      { key: 'testAccuracy', label: 'test', style: 'test' },
    ],
    y: 'percent',
  },
};

/** The panels drawn, in reading order (row by row when there are two columns). */
export function monitorPanels(heldOut: boolean): MonitorPanelId[] {
  const base: MonitorPanelId[] = ['loss', 'fit', 'norm', 'motion', 'structure'];
  return heldOut ? [...base, 'gap'] : base;
}

/** Two columns from this width (in rem): each then has room for about 15 rem of plot. */
const TWO_COLUMNS_REM = 34;
const TABLE_ROWS = 40;

function lastStepOf(s: MonitorSeries | undefined): number {
  return s && s.steps.length > 0 ? (s.steps[s.steps.length - 1] ?? 0) : 0;
}

/** Smallest positive and largest finite values, for a value axis. */
function extent(arrays: readonly (ArrayLike<number> | undefined)[]): { min: number; minPositive: number; max: number } {
  let min = Infinity;
  let minPositive = Infinity;
  let max = -Infinity;
  for (const a of arrays) {
    if (!a) continue;
    for (let i = 0; i < a.length; i++) {
      const v = a[i] ?? Number.NaN;
      if (!Number.isFinite(v)) continue;
      if (v < min) min = v;
      if (v > max) max = v;
      if (v > 0 && v < minPositive) minPositive = v;
    }
  }
  return { min, minPositive, max };
}

function valueScale(kind: ValueKind, values: readonly (ArrayLike<number> | undefined)[], height: number): Scale {
  if (kind === 'percent' || kind === 'unit') return createScale('linear', [0, 1], [height, 0]);
  const { min, minPositive, max } = extent(values);
  if (kind === 'log') {
    const hi = Number.isFinite(max) && max > 0 ? max : 1;
    const lo = Number.isFinite(minPositive) ? Math.min(minPositive, hi / 10) : hi / 10;
    return createScale('log', [lo, hi], [height, 0], { nice: true });
  }
  if (kind === 'range' && Number.isFinite(min) && Number.isFinite(max)) {
    const pad = max > min ? 0 : Math.abs(max) * 0.05 || 1;
    return createScale('linear', [min - pad, max + pad], [height, 0], { nice: true });
  }
  return createScale('linear', [0, Number.isFinite(max) && max > 0 ? max : 1], [height, 0], { nice: true });
}

type G = Selection<SVGGElement, unknown, null, undefined>;

export function createMonitorDashboard(container: HTMLElement, options: MonitorDashboardOptions): MonitorDashboard {
  const { lang } = options;
  const labels = resolveLabels(MONITOR_DASHBOARD_LABELS, lang, options.labels);
  const f = formats(lang);
  const formatValue = (percent: boolean, v: number) => (percent ? f.percent(v) : f.number(v));
  const isPercent = (spec: PanelSpec, line?: LineSpec) => line?.percent ?? spec.y === 'percent';

  let data: MonitorDashboardData = { steps: [] };
  let state: MonitorDashboardState = {};

  const currentVerdict = (step: number): MonitorVerdictId | undefined => {
    const spans = data.verdicts ?? [];
    let found: MonitorVerdictId | undefined;
    for (const s of spans) if (s.start <= step) found = s.verdict;
    return found;
  };

  const shell = createShell(container, {
    name: 'monitor',
    lang,
    label: labels.title,
    showTable: labels.showTable,
    draw,
    table() {
      const columns: { key: MonitorSeriesKey; name: string; percent: boolean }[] = [];
      for (const panel of monitorPanels(state.heldOut ?? false)) {
        const spec = MONITOR_PANEL_SPECS[panel];
        for (const line of spec.lines) {
          if (data[line.key] === undefined || columns.some((c) => c.key === line.key)) continue;
          columns.push({ key: line.key, name: labels.series[line.label], percent: isPercent(spec, line) });
        }
      }
      const hasVerdicts = (data.verdicts?.length ?? 0) > 0;
      const rows = sampleIndices(data.steps.length, TABLE_ROWS).map((i) => {
        const step = data.steps[i] ?? 0;
        const row: Cell[] = [f.integer(step)];
        for (const c of columns) row.push(formatValue(c.percent, data[c.key]?.[i] ?? Number.NaN));
        if (hasVerdicts) {
          const v = currentVerdict(step);
          row.push(v ? labels.verdicts[v] : '');
        }
        return row;
      });
      return {
        caption: labels.tableCaption,
        columns: [labels.step, ...columns.map((c) => c.name), ...(hasVerdicts ? [labels.reading] : [])],
        rows,
      };
    },
  });
  const doc = shell.doc;

  const swatch = (cls: string) => {
    const sw = select(doc.createElementNS(SVG_NS, 'svg'))
      .attr('class', 'chart-swatch')
      .attr('width', 30)
      .attr('height', 14)
      .attr('viewBox', '0 0 30 14')
      .attr('aria-hidden', 'true');
    sw.append('path').attr('class', cls).attr('d', 'M1,7H29');
    return sw.node() as SVGSVGElement;
  };
  const legendItem = (cls: string, name: string) => {
    const el = doc.createElement('span');
    el.className = 'chart-legend__item';
    const text = doc.createElement('span');
    text.textContent = name;
    el.append(swatch(cls), text);
    return el;
  };
  const legendLive = legendItem('chart-line chart-line--monitor-primary', labels.live);
  const legendGhost = legendItem('chart-line chart-line--monitor-primary chart-line--ghost', labels.ghost);
  const legendStep = doc.createElement('span');
  legendStep.className = 'chart-legend__item chart-legend__step';
  shell.legend.append(legendLive, legendGhost, legendStep);

  const svg = select(doc.createElementNS(SVG_NS, 'svg')).attr('class', 'chart-svg').attr('aria-hidden', 'true');
  shell.figure.append(svg.node() as SVGSVGElement);
  const strip = svg.append('g').attr('class', 'monitor-strip');
  strip.append('text').attr('class', 'monitor-strip-title').attr('text-anchor', 'end');
  const stripSpans = strip.append('g');
  strip.append('rect').attr('class', 'monitor-strip-frame');
  strip.append('line').attr('class', 'chart-step-line');
  const panelLayer = svg.append('g');

  function draw({ width, rem }: { width: number; rem: number }) {
    const keys = monitorPanels(state.heldOut ?? false);
    const ghost = data.ghost;
    const showGhost = (state.showGhost ?? true) && ghost !== undefined;
    const fontPx = 0.8125 * rem;
    const cols = width >= TWO_COLUMNS_REM * rem ? 2 : 1;
    const colGap = 1.5 * rem;
    const colW = (width - (cols - 1) * colGap) / cols;
    const margin = { left: 3.3 * rem, right: 0.8 * rem };
    const innerW = Math.max(10, colW - margin.left - margin.right);
    const headerH = 2.6 * rem;
    const plotH = Math.round(Math.min(Math.max(colW * 0.3, 5 * rem), 7.5 * rem));
    const axisH = 1.9 * rem;
    const rowGap = 0.9 * rem;
    const stripH = 1.5 * rem;
    const stripTop = 0.2 * rem;
    const panelsTop = stripTop + stripH + 0.9 * rem;
    const rows = Math.ceil(keys.length / cols);
    const height = panelsTop + rows * (headerH + plotH) + (rows - 1) * rowGap + axisH;
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);

    const maxStep = data.maxStep ?? Math.max(lastStepOf(data), lastStepOf(ghost), 1);
    const x = stepScale('linear', maxStep, [0, innerW]);
    const n = data.steps.length;
    const lastStep = n > 0 ? (data.steps[n - 1] ?? 0) : 0;
    const step = state.step ?? lastStep;
    const i = nearestIndex(data.steps, step);
    const mx = x(Math.max(step, x.domain[0]));

    // The reading over time: one strip across the full width, on its own step scale.
    const stripW = Math.max(10, width - margin.left - margin.right);
    const xs = stepScale('linear', maxStep, [0, stripW]);
    strip.attr('transform', `translate(${margin.left},${stripTop})`);
    strip.select('.monitor-strip-title').attr('x', -0.4 * rem).attr('y', stripH / 2).attr('dy', '0.32em').text(labels.reading);
    strip.select('.monitor-strip-frame').attr('width', stripW).attr('height', stripH);
    const spans = (data.verdicts ?? []).map((s) => {
      const x0 = xs(s.start);
      const w = Math.max(0, xs(s.end) - x0);
      const name = labels.verdicts[s.verdict];
      return { ...s, x0, w, name: estimateTextWidth(name, fontPx) + 0.6 * rem <= w ? name : '' };
    });
    const spanG = stripSpans
      .selectAll<SVGGElement, (typeof spans)[number]>('g.monitor-span')
      .data(spans)
      .join((enter) => {
        const g = enter.append('g');
        g.append('rect');
        g.append('text');
        return g;
      })
      .attr('class', (d) => `monitor-span monitor-span--${d.verdict}`)
      .attr('data-verdict', (d) => d.verdict)
      .attr('data-start', (d) => d.start);
    spanG.select('rect').attr('x', (d) => d.x0).attr('width', (d) => d.w).attr('height', stripH);
    spanG
      .select('text')
      .attr('x', (d) => d.x0 + 0.3 * rem)
      .attr('y', stripH / 2)
      .attr('dy', '0.32em')
      .text((d) => d.name);
    const smx = xs(Math.max(step, xs.domain[0]));
    strip
      .select('.chart-step-line')
      .attr('x1', smx)
      .attr('x2', smx)
      .attr('y1', -0.15 * rem)
      .attr('y2', stripH + 0.15 * rem)
      .attr('display', n > 0 ? null : 'none');

    const panels = panelLayer
      .selectAll<SVGGElement, MonitorPanelId>('g.chart-panel')
      .data(keys, (k) => k)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'chart-panel');
        g.append('text').attr('class', 'chart-panel-title');
        g.append('text').attr('class', 'chart-panel-value').attr('text-anchor', 'end');
        g.append('g').attr('class', 'monitor-keys');
        const plot = g.append('g').attr('class', 'chart-plot');
        plot.append('g').attr('class', 'chart-axis chart-axis--y');
        plot.append('path').attr('class', 'monitor-gap-area');
        plot.append('g').attr('class', 'monitor-ghosts');
        plot.append('g').attr('class', 'monitor-lines');
        plot.append('line').attr('class', 'chart-step-line');
        plot.append('g').attr('class', 'monitor-markers');
        plot.append('g').attr('class', 'chart-axis chart-axis--x');
        return g;
      })
      .attr('data-panel', (k) => k)
      .attr('transform', (_, j) => {
        const col = j % cols;
        const row = Math.floor(j / cols);
        return `translate(${col * (colW + colGap) + margin.left},${panelsTop + row * (headerH + plotH + rowGap)})`;
      });

    const described: string[] = [];
    panels.each(function (key, j) {
      const g = select(this) as unknown as G;
      const spec = MONITOR_PANEL_SPECS[key];
      const lastInColumn = j + cols >= keys.length;
      const values = spec.lines.flatMap((l) => [data[l.key], showGhost ? ghost?.[l.key] : undefined]);
      const y = valueScale(spec.y, values, plotH);
      const current = spec.lines.map((l) => {
        const v = i >= 0 ? (data[l.key]?.[i] ?? Number.NaN) : Number.NaN;
        return { line: l, value: v, text: Number.isFinite(v) ? formatValue(isPercent(spec, l), v) : '' };
      });

      g.select('.chart-panel-title').attr('x', -margin.left).attr('y', 0.95 * rem).text(labels.panels[key]);
      const single = spec.lines.length === 1;
      // One line: its value beside the title, a hint underneath. Several: a key of swatches with values.
      g.select('.chart-panel-value').attr('x', innerW).attr('y', 0.95 * rem).text(single ? (current[0]?.text ?? '') : '');
      const hint = single ? (labels.hints[key] ?? '') : '';
      const keyItems: { text: string; style: LineStyle | null }[] = single
        ? hint
          ? [{ text: hint, style: null }]
          : []
        : current.map((c) => ({ text: `${labels.series[c.line.label]}${c.text ? ` ${c.text}` : ''}`, style: c.line.style }));
      // Values are dropped from the key when it would not fit on one line (they stay in the table and description).
      const itemWidth = (t: string, style: LineStyle | null) => (style ? 1.9 * rem : 0) + estimateTextWidth(t, fontPx * 0.92) + 0.9 * rem;
      let items = keyItems;
      if (!single && items.reduce((w, it) => w + itemWidth(it.text, it.style), 0) > colW) {
        items = current.map((c) => ({ text: labels.series[c.line.label], style: c.line.style }));
      }
      let offset = -margin.left;
      const placed = items.map((it) => {
        const at = offset;
        offset += itemWidth(it.text, it.style);
        return { ...it, at };
      });
      const keyG = g
        .select<SVGGElement>('.monitor-keys')
        .attr('transform', `translate(0,${2.05 * rem})`)
        .selectAll<SVGGElement, (typeof placed)[number]>('g.monitor-key')
        .data(placed)
        .join((enter) => {
          const k = enter.append('g').attr('class', 'monitor-key');
          k.append('path');
          k.append('text');
          return k;
        })
        .attr('transform', (d) => `translate(${d.at},0)`);
      keyG
        .select('path')
        .attr('class', (d) => (d.style ? `chart-line chart-line--monitor-${d.style}` : ''))
        .attr('d', (d) => (d.style ? `M0,${-0.3 * rem}H${1.5 * rem}` : null));
      keyG
        .select('text')
        .attr('x', (d) => (d.style ? 1.9 * rem : 0))
        .text((d) => d.text);
      for (const c of current) if (c.text) described.push(`${inSentence(labels.series[c.line.label])} ${c.text}`);

      const plot = g.select<SVGGElement>('g.chart-plot').attr('transform', `translate(0,${headerH})`);
      drawValueAxis(plot.select<SVGGElement>('g.chart-axis--y'), y, plotH, rem, (v) => formatValue(isPercent(spec), v), innerW);
      const xAxis = plot.select<SVGGElement>('g.chart-axis--x');
      drawStepAxis(xAxis, x, plotH, innerW, rem, f);
      // Only the last panel of each column labels the steps; the others keep the baseline.
      xAxis.classed('is-quiet', !lastInColumn);

      const ghostLines = plot
        .select<SVGGElement>('.monitor-ghosts')
        .selectAll<SVGPathElement, LineSpec>('path')
        .data(showGhost ? spec.lines : [])
        .join('path')
        .attr('class', (l) => `chart-line chart-line--monitor-${l.style} chart-line--ghost`);
      ghostLines.each(function (l) {
        const gv = ghost?.[l.key];
        const { d, points } = ghost && gv ? linePath(ghost.steps, gv, x, y) : { d: '', points: 0 };
        select(this).attr('d', d || null).attr('data-points', points);
      });
      const lines = plot
        .select<SVGGElement>('.monitor-lines')
        .selectAll<SVGPathElement, LineSpec>('path')
        .data(spec.lines)
        .join('path')
        .attr('class', (l) => `chart-line chart-line--monitor-${l.style}`)
        .attr('data-series', (l) => l.key);
      lines.each(function (l) {
        const v = data[l.key];
        const { d, points } = v ? linePath(data.steps, v, x, y) : { d: '', points: 0 };
        select(this).attr('d', d || null).attr('data-points', points);
      });

      // The gap itself: the area between train and test accuracy.
      const area = plot.select<SVGPathElement>('.monitor-gap-area');
      if (key === 'gap' && data.trainAccuracy && data.testAccuracy && n > 0) {
        const top: string[] = [];
        const bottom: string[] = [];
        for (let k = 0; k < n; k++) {
          const a = data.trainAccuracy[k] ?? Number.NaN;
          const b = data.testAccuracy[k] ?? Number.NaN;
          if (!Number.isFinite(a) || !Number.isFinite(b)) continue;
          const px = Math.round(x(data.steps[k] ?? 0) * 10) / 10;
          top.push(`${px},${Math.round(y(a) * 10) / 10}`);
          bottom.push(`${px},${Math.round(y(b) * 10) / 10}`);
        }
        area.attr('d', top.length > 1 ? `M${top.join('L')}L${bottom.reverse().join('L')}Z` : null);
      } else area.attr('d', null);

      plot.select('.chart-step-line').attr('x1', mx).attr('x2', mx).attr('y1', 0).attr('y2', plotH).attr('display', n > 0 ? null : 'none');
      const drawable = current.filter((c) => Number.isFinite(c.value) && (y.kind !== 'log' || c.value > 0));
      const cx = i >= 0 ? x(data.steps[i] ?? 0) : 0;
      plot
        .select<SVGGElement>('.monitor-markers')
        .selectAll<SVGPathElement, (typeof drawable)[number]>('path')
        .data(drawable)
        .join('path')
        .attr('class', (c) => `chart-marker chart-marker--monitor-${c.line.style}`)
        .attr('d', (c) => marker(c.line.style))
        .attr('transform', (c) => `translate(${cx},${y(c.value)})`);
    });

    legendGhost.hidden = !showGhost;
    legendStep.textContent = n > 0 ? `${labels.step} ${f.integer(step)}` : '';
    const verdict = n > 0 ? currentVerdict(step) : undefined;
    shell.describe(
      n > 0 && described.length > 0
        ? fill(labels.description, { step: f.integer(step), values: list(lang, described) }) +
            (verdict ? fill(labels.readingSentence, { verdict: labels.verdicts[verdict] }) : '')
        : labels.empty,
    );
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

/** Marker shapes, so that the lines differ in more than colour: circle, diamond, circle, square. */
function marker(style: LineStyle): string {
  switch (style) {
    case 'secondary':
      return 'M0,-5.5L5.5,0L0,5.5L-5.5,0Z';
    case 'test':
      return 'M-4,-4H4V4H-4Z';
    default:
      return 'M-4.5,0A4.5,4.5 0 1,0 4.5,0A4.5,4.5 0 1,0 -4.5,0Z';
  }
}

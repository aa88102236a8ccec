/**
 * Small multiples of how far training moves the network: the change of the
 * empirical NTK, the distance of the weights from their initial values, and
 * the weight norm, one panel each on a shared step axis. In the kernel regime
 * the first two stay near zero while the training loss falls; their rise marks
 * the switch to feature learning. Each panel has its own value axis because
 * the three quantities have different units.
 */
import { select, type Selection } from 'd3';
import { sampleIndices, type Cell } from './a11y.ts';
import { fill, formats, inSentence, list, resolveLabels, KERNEL_SIGNAL_LABELS, type KernelSignalLabels } from './labels.ts';
import {
  SVG_NS,
  drawPhaseBands,
  drawStepAxis,
  drawValueAxis,
  estimateTextWidth,
  layoutPhases,
  linePath,
  nearestIndex,
  phaseNames,
  stepScale,
  type AxisKind,
  type Phase,
} from './plot.ts';
import { createScale } from './scale.ts';
import { createShell, type Chart, type ChartOptions } from './shell.ts';

export const SIGNALS = ['ntkChange', 'distanceFromInit', 'weightNorm'] as const;
export type SignalKey = (typeof SIGNALS)[number];

export type SignalSeries = { readonly steps: ArrayLike<number> } & { readonly [K in SignalKey]?: ArrayLike<number> };

export interface KernelSignalData extends SignalSeries {
  /** The reference run, drawn faintly beneath. */
  readonly ghost?: SignalSeries;
  readonly phases?: readonly Phase[];
  readonly maxStep?: number;
}

export interface KernelSignalState {
  readonly step?: number;
  readonly activePhase?: string | null;
  readonly showGhost?: boolean;
  readonly xScale?: AxisKind;
  /** Which panels, in order; by default every signal present in the run or the ghost. */
  readonly panels?: readonly SignalKey[];
}

export type KernelSignalOptions = ChartOptions<KernelSignalLabels>;

export type KernelSignal = Chart<KernelSignalData, KernelSignalState>;

const TABLE_ROWS = 40;

/** Panels to draw: the requested ones, or every signal with data. */
export function panelsFor(data: KernelSignalData, requested?: readonly SignalKey[]): SignalKey[] {
  if (requested) return [...requested];
  return SIGNALS.filter((key) => (data[key]?.length ?? 0) > 0 || (data.ghost?.[key]?.length ?? 0) > 0);
}

function lastStepOf(s: SignalSeries | undefined): number {
  return s && s.steps.length > 0 ? (s.steps[s.steps.length - 1] ?? 0) : 0;
}

function maxFinite(...arrays: (ArrayLike<number> | undefined)[]): number {
  let max = 0;
  for (const a of arrays) {
    if (!a) continue;
    for (let i = 0; i < a.length; i++) {
      const v = a[i] ?? Number.NaN;
      if (Number.isFinite(v) && v > max) max = v;
    }
  }
  return max;
}

type G = Selection<SVGGElement, unknown, null, undefined>;

export function createKernelSignal(container: HTMLElement, options: KernelSignalOptions): KernelSignal {
  const { lang } = options;
  const labels = resolveLabels(KERNEL_SIGNAL_LABELS, lang, options.labels);
  const f = formats(lang);
  const names: Record<SignalKey, string> = {
    ntkChange: labels.ntkChange,
    distanceFromInit: labels.distanceFromInit,
    weightNorm: labels.weightNorm,
  };
  const formulas: Record<SignalKey, string> = {
    ntkChange: labels.ntkChangeFormula,
    distanceFromInit: labels.distanceFromInitFormula,
    weightNorm: labels.weightNormFormula,
  };

  let data: KernelSignalData = { steps: [] };
  let state: KernelSignalState = {};

  const shell = createShell(container, {
    name: 'kernel-signal',
    lang,
    label: labels.title,
    showTable: labels.showTable,
    draw,
    table() {
      const keys = panelsFor(data, state.panels).filter((k) => data[k] !== undefined);
      const rows = sampleIndices(data.steps.length, TABLE_ROWS).map((i) => {
        const row: Cell[] = [f.integer(data.steps[i] ?? 0)];
        for (const k of keys) row.push(f.number(data[k]?.[i] ?? Number.NaN));
        return row;
      });
      return { caption: labels.tableCaption, columns: [labels.step, ...keys.map((k) => names[k])], rows };
    },
  });
  const doc = shell.doc;

  const legendItem = (kind: 'live' | 'ghost', name: string) => {
    const el = doc.createElement('span');
    el.className = `chart-legend__item chart-legend__item--${kind}`;
    const sw = select(doc.createElementNS(SVG_NS, 'svg'))
      .attr('class', 'chart-swatch')
      .attr('width', 30)
      .attr('height', 14)
      .attr('viewBox', '0 0 30 14')
      .attr('aria-hidden', 'true');
    sw.append('path').attr('class', `chart-line chart-line--signal${kind === 'ghost' ? ' chart-line--ghost' : ''}`).attr('d', 'M1,7H29');
    const text = doc.createElement('span');
    text.textContent = name;
    el.append(sw.node() as SVGSVGElement, text);
    return el;
  };
  const legendLive = legendItem('live', labels.live);
  const legendGhost = legendItem('ghost', labels.ghost);
  const legendStep = doc.createElement('span');
  legendStep.className = 'chart-legend__item chart-legend__step';
  shell.legend.append(legendLive, legendGhost, legendStep);

  const svg = select(doc.createElementNS(SVG_NS, 'svg')).attr('class', 'chart-svg').attr('aria-hidden', 'true');
  shell.figure.append(svg.node() as SVGSVGElement);
  const panelLayer = svg.append('g');
  const xAxisWrap = svg.append('g');
  const xAxis = xAxisWrap.append('g');
  const xTitle = svg.append('text').attr('class', 'chart-axis-title').attr('text-anchor', 'end');

  function draw({ width, rem }: { width: number; rem: number }) {
    const keys = panelsFor(data, state.panels);
    const ghost = data.ghost;
    const showGhost = (state.showGhost ?? true) && ghost !== undefined;
    const phases = data.phases ?? [];
    const fontPx = 0.8125 * rem;

    const margin = { top: phases.length > 0 ? 1.5 * rem : 0.2 * rem, right: 1.1 * rem, bottom: 2.6 * rem, left: 3.3 * rem };
    const titleH = 1.5 * rem;
    const gap = 0.8 * rem;
    const plotH = Math.round(Math.min(Math.max(width * 0.2, 5 * rem), 9 * rem));
    const panelH = titleH + plotH;
    const innerW = Math.max(10, width - margin.left - margin.right);
    const height = margin.top + keys.length * panelH + Math.max(0, keys.length - 1) * gap + margin.bottom;
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);

    const maxStep = data.maxStep ?? Math.max(lastStepOf(data), lastStepOf(ghost), ...phases.map((p) => p.end), 1);
    const x = stepScale(state.xScale ?? 'linear', maxStep, [0, innerW]);
    const n = data.steps.length;
    const lastStep = n > 0 ? (data.steps[n - 1] ?? 0) : 0;
    const step = state.step ?? lastStep;
    const i = nearestIndex(data.steps, step);
    const mx = x(Math.max(step, x.domain[0]));
    const bands = layoutPhases(phases, x, (p) => phaseNames(p, labels.phases, labels.phasesShort), fontPx * 0.92, state.activePhase ?? null);

    const panels = panelLayer
      .selectAll<SVGGElement, SignalKey>('g.chart-panel')
      .data(keys, (k) => k)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'chart-panel');
        const title = g.append('text').attr('class', 'chart-panel-title');
        title.append('tspan').attr('class', 'chart-panel-name');
        title.append('tspan').attr('class', 'chart-panel-formula').attr('dx', '0.5em');
        g.append('text').attr('class', 'chart-panel-value').attr('text-anchor', 'end');
        const plot = g.append('g').attr('class', 'chart-plot');
        plot.append('g').attr('class', 'chart-phases');
        plot.append('g').attr('class', 'chart-axis chart-axis--y');
        plot.append('path').attr('class', 'chart-line chart-line--signal chart-line--ghost');
        plot.append('path').attr('class', 'chart-line chart-line--signal chart-line--live');
        plot.append('line').attr('class', 'chart-step-line');
        plot.append('circle').attr('class', 'chart-marker chart-marker--train').attr('r', 4.5);
        return g;
      })
      .attr('data-signal', (k) => k)
      .attr('transform', (_, j) => `translate(${margin.left},${margin.top + j * (panelH + gap)})`);

    const described: string[] = [];
    panels.each(function (key, j) {
      const g = select(this) as unknown as G;
      const live = data[key];
      const ghostValues = ghost?.[key];
      const y = createScale('linear', [0, maxFinite(live, showGhost ? ghostValues : undefined) || 1], [plotH, 0], { nice: true });
      const plot = g.select<SVGGElement>('g.chart-plot').attr('transform', `translate(0,${titleH})`);
      g.select('.chart-panel-name').text(names[key]);
      const value = i >= 0 && live ? (live[i] ?? Number.NaN) : Number.NaN;
      const valueText = Number.isFinite(value) ? f.number(value) : '';
      // The formula goes first when the title and the value would not fit on one line.
      const fits = estimateTextWidth(`${names[key]}  ${formulas[key]}  ${valueText}`, fontPx) <= width;
      g.select('.chart-panel-formula').text(fits ? formulas[key] : '');
      g.select('.chart-panel-title').attr('x', -margin.left).attr('y', titleH - 0.45 * rem);
      g.select('.chart-panel-value').attr('x', innerW).attr('y', titleH - 0.45 * rem).text(valueText);
      if (Number.isFinite(value)) described.push(`${inSentence(names[key])} ${valueText}`);

      // Phase names go above the first panel only; the bands carry on below.
      drawPhaseBands(
        plot.select<SVGGElement>('g.chart-phases'),
        j === 0 ? bands : bands.map((b) => ({ ...b, label: '' })),
        plotH,
        fontPx * 0.92,
        -titleH - 0.45 * rem,
      );
      drawValueAxis(plot.select<SVGGElement>('g.chart-axis--y'), y, plotH, rem, f.number, innerW);

      const ghostPath = plot.select<SVGPathElement>('.chart-line--ghost');
      if (showGhost && ghost && ghostValues) {
        const { d, points } = linePath(ghost.steps, ghostValues, x, y);
        ghostPath.attr('d', d).attr('data-points', points).attr('display', null);
      } else {
        ghostPath.attr('d', null).attr('data-points', 0).attr('display', 'none');
      }
      const livePath = plot.select<SVGPathElement>('.chart-line--live');
      const { d, points } = live ? linePath(data.steps, live, x, y) : { d: '', points: 0 };
      livePath.attr('d', d).attr('data-points', points);

      plot.select('.chart-step-line').attr('x1', mx).attr('x2', mx).attr('y1', 0).attr('y2', plotH).attr('display', n > 0 ? null : 'none');
      plot
        .select('.chart-marker')
        .attr('cx', i >= 0 ? x(data.steps[i] ?? 0) : 0)
        .attr('cy', Number.isFinite(value) ? y(value) : 0)
        .attr('display', Number.isFinite(value) ? null : 'none');
    });

    const lastPlotTop = margin.top + Math.max(0, keys.length - 1) * (panelH + gap) + titleH;
    xAxisWrap.attr('transform', `translate(${margin.left},${lastPlotTop})`).attr('display', keys.length > 0 ? null : 'none');
    drawStepAxis(xAxis, x, plotH, innerW, rem, f);
    xTitle.attr('x', width - margin.right).attr('y', height - 0.25 * rem).text(labels.step);

    legendGhost.hidden = !showGhost;
    legendStep.textContent = n > 0 ? `${labels.step} ${f.integer(step)}` : '';
    shell.describe(n > 0 && described.length > 0 ? fill(labels.description, { step: f.integer(step), values: list(lang, described) }) : labels.empty);
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

/**
 * Train and test accuracy (or loss) over training steps: the live run drawn
 * over a faint reference run, the phases shaded behind, and a marker at the
 * current step. Train is a solid teal line with round markers, test a dashed
 * orange line with square markers, so neither colour nor dash alone carries
 * the distinction.
 */
import { select, type Selection } from 'd3';
import { sampleIndices, type Cell } from './a11y.ts';
import {
  fill,
  formats,
  inSentence,
  resolveLabels,
  TRAINING_CURVES_LABELS,
  type TrainingCurvesLabels,
} from './labels.ts';
import {
  SVG_NS,
  drawPhaseBands,
  drawStepAxis,
  drawValueAxis,
  layoutPhases,
  linePath,
  nearestIndex,
  phaseNames,
  stepScale,
  type AxisKind,
  type Phase,
} from './plot.ts';
import { createScale, type Scale } from './scale.ts';
import { createShell, type Chart, type ChartOptions } from './shell.ts';

export type { AxisKind, Phase } from './plot.ts';

export interface CurveSeries {
  /** Ascending training steps. */
  readonly steps: ArrayLike<number>;
  readonly train: ArrayLike<number>;
  readonly test: ArrayLike<number>;
}

export interface TrainingCurvesData {
  /** Accuracies in [0, 1]. */
  readonly accuracy: CurveSeries;
  readonly loss?: CurveSeries;
  /** The precomputed reference run, drawn faintly beneath the live one. */
  readonly ghost?: { readonly accuracy: CurveSeries; readonly loss?: CurveSeries };
  readonly phases?: readonly Phase[];
  /** Right end of the step axis; by default the furthest step of the run, the ghost or the phases. */
  readonly maxStep?: number;
}

export type Metric = 'accuracy' | 'loss';

export interface TrainingCurvesState {
  readonly metric?: Metric;
  /** Only loss can use a log axis; accuracy is always linear in [0, 1]. */
  readonly yScale?: AxisKind;
  readonly xScale?: AxisKind;
  /** Where the current-step marker sits; by default the live run's last step. */
  readonly step?: number;
  readonly activePhase?: string | null;
  readonly showGhost?: boolean;
}

export type TrainingCurvesOptions = ChartOptions<TrainingCurvesLabels>;

export type TrainingCurves = Chart<TrainingCurvesData, TrainingCurvesState>;

const TABLE_ROWS = 40;
/** Last step among the live run, the ghost and the phases: the axis must fit all three. */
export function furthestStep(data: TrainingCurvesData): number {
  if (data.maxStep !== undefined) return data.maxStep;
  const lastOf = (s: CurveSeries | undefined) => (s && s.steps.length > 0 ? (s.steps[s.steps.length - 1] ?? 0) : 0);
  return Math.max(
    lastOf(data.accuracy),
    lastOf(data.loss),
    lastOf(data.ghost?.accuracy),
    lastOf(data.ghost?.loss),
    ...(data.phases ?? []).map((p) => p.end),
    1,
  );
}

/** Smallest positive and largest finite value across series, for the loss axis. */
export function valueExtent(series: readonly ArrayLike<number>[]): { minPositive: number; max: number } {
  let minPositive = Number.POSITIVE_INFINITY;
  let max = 0;
  for (const values of series) {
    for (let i = 0; i < values.length; i++) {
      const v = values[i] ?? Number.NaN;
      if (!Number.isFinite(v)) continue;
      if (v > max) max = v;
      if (v > 0 && v < minPositive) minPositive = v;
    }
  }
  return { minPositive: Number.isFinite(minPositive) ? minPositive : 1e-3, max: max > 0 ? max : 1 };
}

function swatch(doc: Document, kind: 'train' | 'test' | 'ghost'): SVGSVGElement {
  const svg = select(doc.createElementNS(SVG_NS, 'svg'))
    .attr('class', `chart-swatch chart-swatch--${kind}`)
    .attr('width', 30)
    .attr('height', 14)
    .attr('viewBox', '0 0 30 14')
    .attr('aria-hidden', 'true');
  if (kind === 'ghost') {
    // The reference run repeats both lines, faint: show both.
    svg.append('path').attr('class', 'chart-line chart-line--train chart-line--ghost').attr('d', 'M1,4H29');
    svg.append('path').attr('class', 'chart-line chart-line--test chart-line--ghost').attr('d', 'M1,10H29');
  } else {
    svg.append('path').attr('class', `chart-line chart-line--${kind}`).attr('d', 'M1,7H29');
  }
  if (kind === 'train') svg.append('circle').attr('class', 'chart-marker chart-marker--train').attr('cx', 15).attr('cy', 7).attr('r', 4);
  if (kind === 'test') svg.append('rect').attr('class', 'chart-marker chart-marker--test').attr('x', 11).attr('y', 3).attr('width', 8).attr('height', 8);
  return svg.node() as SVGSVGElement;
}

export function createTrainingCurves(container: HTMLElement, options: TrainingCurvesOptions): TrainingCurves {
  const { lang } = options;
  const labels = resolveLabels(TRAINING_CURVES_LABELS, lang, options.labels);
  const f = formats(lang);

  let data: TrainingCurvesData = { accuracy: { steps: [], train: [], test: [] } };
  let state: TrainingCurvesState = {};

  const metricOf = (): Metric => (state.metric === 'loss' && data.loss ? 'loss' : 'accuracy');
  const metricName = (m: Metric) => (m === 'loss' ? labels.loss : labels.accuracy);
  const formatValue = (m: Metric) => (m === 'accuracy' ? f.percent : f.number);
  const seriesOf = (m: Metric) => (m === 'loss' ? data.loss : data.accuracy) ?? data.accuracy;

  const shell = createShell(container, {
    name: 'training-curves',
    lang,
    label: labels.title,
    showTable: labels.showTable,
    draw,
    table() {
      const metrics: Metric[] = data.loss ? ['accuracy', 'loss'] : ['accuracy'];
      const column = (split: string, m: Metric) =>
        lang === 'ja' ? `${split}の${metricName(m)}` : `${split} ${inSentence(metricName(m))}`;
      const columns = [labels.step, ...metrics.flatMap((m) => [column(labels.train, m), column(labels.test, m)])];
      const acc = data.accuracy;
      const rows = sampleIndices(acc.steps.length, TABLE_ROWS).map((i) => {
        const step = acc.steps[i] ?? 0;
        const row: Cell[] = [f.integer(step)];
        for (const m of metrics) {
          const s = seriesOf(m);
          const j = m === 'accuracy' ? i : nearestIndex(s.steps, step);
          row.push(formatValue(m)(s.train[j] ?? Number.NaN), formatValue(m)(s.test[j] ?? Number.NaN));
        }
        return row;
      });
      const caption = fill(labels.tableCaption, { metric: metrics.map((m) => inSentence(metricName(m))).join(' / ') });
      return { caption, columns, rows };
    },
  });

  const doc = shell.doc;
  const legendMetric = doc.createElement('span');
  legendMetric.className = 'chart-legend__title';
  const legendItem = (kind: 'train' | 'test' | 'ghost', name: string) => {
    const el = doc.createElement('span');
    el.className = `chart-legend__item chart-legend__item--${kind}`;
    const text = doc.createElement('span');
    text.textContent = name;
    el.append(swatch(doc, kind), text);
    return el;
  };
  const legendValue = () => {
    const el = doc.createElement('b');
    el.className = 'chart-legend__value';
    return el;
  };
  const legendTrain = legendItem('train', labels.train);
  const trainValueEl = legendValue();
  legendTrain.append(trainValueEl);
  const legendTest = legendItem('test', labels.test);
  const testValueEl = legendValue();
  legendTest.append(testValueEl);
  const legendGhost = legendItem('ghost', labels.ghost);
  const legendStep = doc.createElement('span');
  legendStep.className = 'chart-legend__item chart-legend__step';
  shell.legend.append(legendMetric, legendTrain, legendTest, legendGhost, legendStep);

  const svg = select(doc.createElementNS(SVG_NS, 'svg')).attr('class', 'chart-svg').attr('aria-hidden', 'true');
  shell.figure.append(svg.node() as SVGSVGElement);
  const xTitle = svg.append('text').attr('class', 'chart-axis-title chart-axis-title--x').attr('text-anchor', 'end');
  const plot = svg.append('g').attr('class', 'chart-plot');
  const phaseLayer = plot.append('g').attr('class', 'chart-phases');
  const yAxis = plot.append('g');
  const xAxis = plot.append('g');
  const ghostLayer = plot.append('g').attr('class', 'chart-ghost');
  const ghostTrain = ghostLayer.append('path').attr('class', 'chart-line chart-line--train chart-line--ghost');
  const ghostTest = ghostLayer.append('path').attr('class', 'chart-line chart-line--test chart-line--ghost');
  const liveLayer = plot.append('g').attr('class', 'chart-live');
  const liveTrain = liveLayer.append('path').attr('class', 'chart-line chart-line--train');
  const liveTest = liveLayer.append('path').attr('class', 'chart-line chart-line--test');
  const marker = plot.append('g').attr('class', 'chart-step-marker');
  const markerLine = marker.append('line').attr('class', 'chart-step-line');
  const markerTrain = marker.append('circle').attr('class', 'chart-marker chart-marker--train').attr('r', 4.5);
  const markerTest = marker.append('rect').attr('class', 'chart-marker chart-marker--test').attr('width', 9).attr('height', 9);

  function setPath(path: Selection<SVGPathElement, unknown, null, undefined>, steps: ArrayLike<number>, v: ArrayLike<number>, x: Scale, y: Scale) {
    const { d, points } = linePath(steps, v, x, y);
    path.attr('d', d).attr('data-points', points);
  }

  function draw({ width, rem }: { width: number; rem: number }) {
    const metric = metricOf();
    const live = seriesOf(metric);
    const ghost = metric === 'loss' ? data.ghost?.loss : data.ghost?.accuracy;
    const showGhost = (state.showGhost ?? true) && ghost !== undefined;
    const logY = metric === 'loss' && state.yScale === 'log';
    const fontPx = 0.8125 * rem;

    const margin = { top: 1.6 * rem, right: 1.1 * rem, bottom: 2.6 * rem, left: 3.3 * rem };
    const height = Math.round(Math.min(Math.max(width * 0.58, 14 * rem), 26 * rem));
    const innerW = Math.max(10, width - margin.left - margin.right);
    const innerH = Math.max(10, height - margin.top - margin.bottom);
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    plot.attr('transform', `translate(${margin.left},${margin.top})`);

    const x = stepScale(state.xScale ?? 'linear', furthestStep(data), [0, innerW]);
    let y: Scale;
    if (metric === 'accuracy') {
      y = createScale('linear', [0, 1], [innerH, 0]);
    } else {
      const pool = [live.train, live.test, ...(showGhost && ghost ? [ghost.train, ghost.test] : [])];
      const { minPositive, max } = valueExtent(pool);
      y = logY
        ? createScale('log', [minPositive, max], [innerH, 0], { nice: true, clamp: true })
        : createScale('linear', [0, max], [innerH, 0], { nice: true });
    }

    const bands = layoutPhases(
      data.phases ?? [],
      x,
      (phase) => phaseNames(phase, labels.phases, labels.phasesShort),
      fontPx * 0.92,
      state.activePhase ?? null,
    );
    drawPhaseBands(phaseLayer, bands, innerH, fontPx * 0.92, -0.45 * rem);

    drawValueAxis(yAxis, y, innerH, rem, formatValue(metric), innerW);
    drawStepAxis(xAxis, x, innerH, innerW, rem, f);
    legendMetric.textContent = metricName(metric);
    xTitle.attr('x', width - margin.right).attr('y', height - 0.25 * rem).text(labels.step);

    ghostLayer.attr('display', showGhost ? null : 'none');
    if (showGhost && ghost) {
      setPath(ghostTrain, ghost.steps, ghost.train, x, y);
      setPath(ghostTest, ghost.steps, ghost.test, x, y);
    }
    setPath(liveTrain, live.steps, live.train, x, y);
    setPath(liveTest, live.steps, live.test, x, y);

    const n = live.steps.length;
    const lastStep = n > 0 ? (live.steps[n - 1] ?? 0) : 0;
    const step = state.step ?? lastStep;
    const i = nearestIndex(live.steps, step);
    const trainValue = i >= 0 ? (live.train[i] ?? Number.NaN) : Number.NaN;
    const testValue = i >= 0 ? (live.test[i] ?? Number.NaN) : Number.NaN;
    const mx = x(Math.max(step, x.domain[0]));
    marker.attr('display', n > 0 || state.step !== undefined ? null : 'none');
    markerLine.attr('x1', mx).attr('x2', mx).attr('y1', 0).attr('y2', innerH);
    const at = (v: number) => (Number.isFinite(v) && (!logY || v > 0) ? y(v) : Number.NaN);
    const markerX = i >= 0 ? x(live.steps[i] ?? 0) : mx;
    // A NaN coordinate is an SVG error in the console, so hide the mark instead of placing it nowhere.
    const trainY = at(trainValue);
    const testY = at(testValue);
    markerTrain.attr('display', Number.isFinite(trainY) ? null : 'none');
    if (Number.isFinite(trainY)) markerTrain.attr('cx', markerX).attr('cy', trainY);
    markerTest.attr('display', Number.isFinite(testY) ? null : 'none');
    if (Number.isFinite(testY)) markerTest.attr('x', markerX - 4.5).attr('y', testY - 4.5);

    const fmt = formatValue(metric);
    trainValueEl.textContent = fmt(trainValue);
    testValueEl.textContent = fmt(testValue);
    legendGhost.hidden = !showGhost;
    legendStep.textContent = n > 0 ? `${labels.step} ${f.integer(step)}` : '';

    if (n === 0) {
      shell.describe(labels.empty + (showGhost ? labels.ghostSentence : ''));
      return;
    }
    // Name the phase the reader is looking at: the one containing the marker.
    const activePhase = data.phases?.find((p) => p.start <= step && step < p.end);
    const phaseName = activePhase ? phaseNames(activePhase, labels.phases, labels.phasesShort).full : null;
    shell.describe(
      fill(labels.description, {
        metric: inSentence(metricName(metric)),
        last: f.integer(lastStep),
        step: f.integer(step),
        train: fmt(trainValue),
        test: fmt(testValue),
      }) +
        (phaseName ? fill(labels.phaseSentence, { phase: phaseName }) : '') +
        (showGhost ? labels.ghostSentence : ''),
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

/**
 * Neurons as waves, and the numbers on a circle. Small multiples of a few
 * hidden neurons: dots for the input weight each number a gets, a line for
 * the cosine fitted to them, labelled with its frequency k. Beside them (below
 * on narrow screens) the embedding of every a in the plane of one frequency:
 * once the network has learned it the points form a ring, before that a cloud.
 *
 * Both views put a where a wave of frequency k visits it, at position
 * j = k·a mod p: the weights of a neuron tuned to k then trace one period
 * across the panel at any k (in the order of a, k periods would crowd into a
 * few pixels), and the circle's points are joined in that order, so a learned
 * circle reads as one ring and a cloud as a tangle. Points are coloured by j
 * on a cyclic ramp (Okabe–Ito hues, chosen to stay apart under colour-vision
 * deficiencies), and four, a quarter of the wave apart, are labelled with a,
 * so colour is never the only cue.
 */
import { select } from 'd3';
import { formatRgb, fromOklab, parseColor, toOklab, type Rgb } from './canvas.ts';
import { type Cell } from './a11y.ts';
import { NEURON_WAVES_LABELS, fill, formats, resolveLabels, type NeuronWavesLabels } from './labels.ts';
import { SVG_NS, estimateTextWidth } from './plot.ts';
import { createShell, type Chart, type ChartOptions } from './shell.ts';

export interface WaveNeuron {
  /** Hidden unit, shown in its title. */
  readonly index: number;
  readonly k: number;
  /** Input weight for each a = 0…p−1. */
  readonly weights: ArrayLike<number>;
  /** The fit offset + amplitude·cos(2πka/p + phase). */
  readonly amplitude: number;
  readonly phase: number;
  readonly offset: number;
  /** R² of the fit. */
  readonly fit: number;
}

export interface WaveCircle {
  readonly k: number;
  /** Position of each a = 0…p−1 (any scale; drawn centred on the origin). */
  readonly x: ArrayLike<number>;
  readonly y: ArrayLike<number>;
  /** 1 for a circle travelled in step with a, near 0 for a cloud. */
  readonly circularity: number;
}

export interface NeuronWavesData {
  readonly p: number;
  /** The dominant frequency, whose circle is shown unless the state asks for another. */
  readonly k: number;
  readonly neurons: readonly WaveNeuron[];
  readonly circles: readonly WaveCircle[];
  /** The training step these weights are from, for the table caption. */
  readonly step?: number;
}

export interface NeuronWavesState {
  /** Frequency of the circle to show; when the data has no circle for it, the dominant one. */
  readonly k?: number | null;
}

export type NeuronWavesOptions = ChartOptions<NeuronWavesLabels>;

export type NeuronWaves = Chart<NeuronWavesData, NeuronWavesState>;

/** R² at or above which a neuron "fits a cosine closely" in the description (a chosen threshold). */
export const CLOSE_FIT = 0.8;
/** Circularity at or above which the points "form a circle" (an ellipse with axes 2:1 scores 0.8). */
export const RING = 0.8;
/** Below this the points are "a cloud"; in between, "a rough ring". */
export const CLOUD = 0.4;
/** How many points of the circle carry their a as a label: those a quarter of a wave apart, starting at a = 0. */
export const LABELLED_POINTS = 4;
/** Width below which the circle goes under the neurons instead of beside them. */
const STACK_REM = 34;

/** Okabe–Ito blue, bluish green, orange, vermillion, reddish purple: a loop of hues that colour-blind readers still tell apart. */
const CYCLE = ['#0072b2', '#009e73', '#e69f00', '#d55e00', '#cc79a7'];

/** A colour for position t ∈ [0, 1) on the cycle (t and t + 1 are the same), interpolated in OKLab. */
export function cyclicColor(t: number): string {
  const n = CYCLE.length;
  const u = (((t % 1) + 1) % 1) * n;
  const i = Math.floor(u);
  const f = u - i;
  const a = toOklab(parseColor(CYCLE[i % n]!) as Rgb);
  const b = toOklab(parseColor(CYCLE[(i + 1) % n]!) as Rgb);
  return formatRgb(fromOklab([a[0] + (b[0] - a[0]) * f, a[1] + (b[1] - a[1]) * f, a[2] + (b[2] - a[2]) * f]));
}

/** Where a wave of frequency k visits a: j = k·a mod p. */
export function wavePosition(k: number, a: number, p: number): number {
  return (((k * a) % p) + p) % p;
}

/** The numbers a in the order a wave of frequency k visits them (by j = k·a mod p, then a). */
export function waveOrder(k: number, p: number): number[] {
  return Array.from({ length: p }, (_, a) => a).sort((a, b) => wavePosition(k, a, p) - wavePosition(k, b, p) || a - b);
}

/** The circle for frequency `k` if the data has one, else the dominant frequency's, else the first. */
export function pickCircle(data: NeuronWavesData, k?: number | null): WaveCircle | undefined {
  return data.circles.find((c) => c.k === k) ?? data.circles.find((c) => c.k === data.k) ?? data.circles[0];
}

/**
 * The a labelled on the circle: evenly spaced in wave order (a quarter turn
 * apart on a learned ring, so the labels do not collide), a = 0 first.
 */
export function labelledPoints(k: number, p: number): number[] {
  const order = waveOrder(k, p);
  const count = Math.min(LABELLED_POINTS, p);
  return [...new Set(Array.from({ length: count }, (_, q) => order[Math.floor((q * p) / count)] ?? 0))];
}

export type Shape = 'ring' | 'rough' | 'cloud';

export function shapeOf(circularity: number): Shape {
  return circularity >= RING ? 'ring' : circularity >= CLOUD ? 'rough' : 'cloud';
}

/** The fitted cosine at wave position j (continuous): offset + A·cos(2πj/p + φ), since 2πka/p ≡ 2πj/p. */
export function fitted(n: WaveNeuron, j: number, p: number): number {
  return n.offset + n.amplitude * Math.cos((2 * Math.PI * j) / p + n.phase);
}

/** SVG path of the fitted cosine over j ∈ [0, p − 1], one point per ~2 px. */
export function fitPath(n: WaveNeuron, p: number, x: (j: number) => number, y: (v: number) => number, samples: number): string {
  const count = Math.max(2, samples);
  let d = '';
  for (let s = 0; s < count; s++) {
    const j = ((p - 1) * s) / (count - 1);
    d += `${s === 0 ? 'M' : 'L'}${round(x(j))},${round(y(fitted(n, j, p)))}`;
  }
  return d;
}

const round = (v: number) => Math.round(v * 10) / 10;

export function createNeuronWaves(container: HTMLElement, options: NeuronWavesOptions): NeuronWaves {
  const { lang } = options;
  const labels = resolveLabels(NEURON_WAVES_LABELS, lang, options.labels);
  const f = formats(lang);

  let data: NeuronWavesData = { p: 0, k: 0, neurons: [], circles: [] };
  let state: NeuronWavesState = {};

  const shell = createShell(container, {
    name: 'neuron-waves',
    lang,
    label: labels.title,
    showTable: labels.showTable,
    draw,
    table() {
      const circle = pickCircle(data, state.k);
      const columns = [
        labels.a,
        ...data.neurons.map((n) => fill(labels.neuronColumn, { index: n.index, k: n.k, fit: f.percent(n.fit) })),
        ...(circle ? [fill(labels.xColumn, { k: circle.k }), fill(labels.yColumn, { k: circle.k })] : []),
      ];
      const rows: Cell[][] = Array.from({ length: data.p }, (_, a) => [
        a,
        ...data.neurons.map((n) => f.number(n.weights[a] ?? Number.NaN)),
        ...(circle ? [f.number(circle.x[a] ?? Number.NaN), f.number(circle.y[a] ?? Number.NaN)] : []),
      ]);
      return {
        caption: fill(labels.tableCaption, { step: data.step === undefined ? '–' : f.integer(data.step), k: circle ? circle.k : '–' }),
        columns,
        rows,
      };
    },
  });
  const doc = shell.doc;

  const swatch = (w: number, mark: (g: SVGSVGElement) => void): SVGSVGElement => {
    const el = doc.createElementNS(SVG_NS, 'svg');
    el.setAttribute('class', 'chart-swatch');
    el.setAttribute('width', String(w));
    el.setAttribute('height', '14');
    el.setAttribute('viewBox', `0 0 ${w} 14`);
    el.setAttribute('aria-hidden', 'true');
    mark(el);
    return el;
  };
  const legendItem = (mark: SVGSVGElement, text: string) => {
    const item = doc.createElement('span');
    item.className = 'chart-legend__item';
    item.append(mark, text);
    return item;
  };
  const legendDots = legendItem(
    swatch(14, (el) => select(el).append('circle').attr('class', 'chart-wave-dot').attr('cx', 7).attr('cy', 7).attr('r', 3)),
    labels.weights,
  );
  const legendFit = legendItem(
    swatch(30, (el) => select(el).append('path').attr('class', 'chart-wave-fit').attr('d', 'M1,7H29')),
    labels.fit,
  );
  shell.legend.append(legendDots, legendFit);

  const svg = select(doc.createElementNS(SVG_NS, 'svg')).attr('class', 'chart-svg').attr('aria-hidden', 'true');
  shell.figure.append(svg.node() as SVGSVGElement);
  const neuronLayer = svg.append('g').attr('class', 'chart-wave-neurons');
  const positionNote = svg.append('text').attr('class', 'chart-axis-title chart-wave-note');
  const circleLayer = svg.append('g').attr('class', 'chart-wave-circle');
  const circleTitle = circleLayer.append('text').attr('class', 'chart-panel-title');
  const circleValue = circleLayer.append('text').attr('class', 'chart-wave-value');
  const plane = circleLayer.append('g');
  const guide = plane.append('circle').attr('class', 'chart-wave-guide');
  const axisH = plane.append('line').attr('class', 'chart-zero');
  const axisV = plane.append('line').attr('class', 'chart-zero');
  const ring = plane.append('path').attr('class', 'chart-wave-ring');
  const points = plane.append('g');
  const pointLabels = plane.append('g');

  function draw({ width, rem }: { width: number; rem: number }) {
    const { p } = data;
    const circle = pickCircle(data, state.k);
    const stacked = width < STACK_REM * rem;
    const gap = 1.2 * rem;
    const circleSize = stacked ? Math.min(width, 16 * rem) : Math.min(Math.max(width * 0.36, 11 * rem), 18 * rem);
    const neuronsW = stacked ? width : Math.max(10, width - circleSize - gap);
    const cols = 2;
    const panelW = (neuronsW - gap) / cols;
    const titleH = 1.3 * rem;
    const plotH = Math.round(Math.min(Math.max(panelW * 0.45, 3.5 * rem), 6 * rem));
    const panelH = titleH + plotH;
    const rows = Math.ceil(data.neurons.length / cols);
    const neuronsH = rows > 0 ? rows * panelH + (rows - 1) * 0.8 * rem + 1.6 * rem : 0;
    const circleTop = stacked ? neuronsH + (neuronsH > 0 ? gap : 0) : 0;
    const circleH = circleSize + 2.6 * rem;
    const height = stacked ? circleTop + circleH : Math.max(neuronsH, circleH);
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);

    // Neurons: one small panel each, its own vertical scale (amplitudes differ; the shape is the point).
    const panels = neuronLayer
      .selectAll<SVGGElement, WaveNeuron>('g.chart-wave-neuron')
      .data(data.neurons, (n) => n.index)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'chart-wave-neuron');
        g.append('text').attr('class', 'chart-panel-title');
        g.append('line').attr('class', 'chart-zero');
        g.append('path').attr('class', 'chart-wave-fit');
        g.append('g').attr('class', 'chart-wave-dots');
        return g;
      })
      .attr('data-neuron', (n) => n.index)
      .attr('data-k', (n) => n.k)
      .attr('class', (n) => `chart-wave-neuron${n.fit >= CLOSE_FIT ? ' is-close' : ''}`)
      .attr('transform', (_, i) => `translate(${round((i % cols) * (panelW + gap))},${round(Math.floor(i / cols) * (panelH + 0.8 * rem))})`);
    panels.each(function (n) {
      const g = select(this);
      let max = Math.abs(n.offset) + Math.abs(n.amplitude);
      for (let a = 0; a < p; a++) max = Math.max(max, Math.abs(n.weights[a] ?? 0));
      const m = max > 0 ? max : 1;
      const x = (j: number) => (p > 1 ? (j / (p - 1)) * panelW : panelW / 2);
      const y = (v: number) => titleH + plotH / 2 - (v / m) * (plotH / 2 - 2);
      g.select('.chart-panel-title')
        .attr('x', 0)
        .attr('y', 0.95 * rem)
        .text(fill(labels.neuronTitle, { index: n.index, k: n.k, fit: f.percent(Math.round(n.fit * 100) / 100) }));
      g.select('.chart-zero').attr('x1', 0).attr('x2', panelW).attr('y1', y(0)).attr('y2', y(0));
      g.select('.chart-wave-fit').attr('d', fitPath(n, p, x, y, Math.round(panelW / 2)));
      g.select('.chart-wave-dots')
        .selectAll<SVGCircleElement, number>('circle')
        .data(Array.from({ length: p }, (_, a) => a))
        .join('circle')
        .attr('class', 'chart-wave-dot')
        .attr('r', p > 60 ? 1.6 : 2.2)
        .attr('cx', (a) => round(x(wavePosition(n.k, a, p))))
        .attr('cy', (a) => round(y(n.weights[a] ?? 0)));
    });
    positionNote
      .attr('display', data.neurons.length > 0 ? null : 'none')
      .attr('x', 0)
      .attr('y', neuronsH - 0.35 * rem)
      .text(labels.positionNote);

    // The circle panel.
    const cx0 = stacked ? (width - circleSize) / 2 : width - circleSize;
    circleLayer.attr('transform', `translate(${round(cx0)},${round(circleTop)})`).attr('display', circle ? null : 'none');
    const titleText = circle ? fill(labels.circleTitle, { k: circle.k, max: Math.max(0, p - 1) }) : '';
    const valueText = circle ? fill(labels.circularity, { value: f.number(circle.circularity) }) : '';
    // Texts wider than the panel start further left, never past the figure's left edge.
    const textX = (text: string, px: number) => -Math.min(cx0, Math.max(0, estimateTextWidth(text, px) - circleSize));
    circleTitle.attr('x', round(textX(titleText, 0.8125 * rem * 1.05))).attr('y', 0.95 * rem).text(titleText);
    circleValue.attr('x', round(textX(valueText, 0.75 * rem))).attr('y', 2.2 * rem).text(valueText);
    if (circle) {
      let m = 0;
      for (let a = 0; a < p; a++) m = Math.max(m, Math.abs(circle.x[a] ?? 0), Math.abs(circle.y[a] ?? 0));
      let ms = 0;
      for (let a = 0; a < p; a++) ms += ((circle.x[a] ?? 0) ** 2 + (circle.y[a] ?? 0) ** 2) / Math.max(p, 1);
      const half = circleSize / 2;
      const scale = m > 0 ? (half - 1.2 * rem) / m : 0;
      const top = 2.6 * rem;
      plane.attr('transform', `translate(${round(half)},${round(top + half)})`);
      guide.attr('r', round(Math.sqrt(ms) * scale));
      axisH.attr('x1', -half).attr('x2', half).attr('y1', 0).attr('y2', 0);
      axisV.attr('x1', 0).attr('x2', 0).attr('y1', -half).attr('y2', half);
      const px = (a: number) => round((circle.x[a] ?? 0) * scale);
      // y up, as on a clock face read mathematically.
      const py = (a: number) => round(-(circle.y[a] ?? 0) * scale);
      const order = waveOrder(circle.k, p);
      ring.attr('d', order.length > 0 ? `${order.map((a, i) => `${i === 0 ? 'M' : 'L'}${px(a)},${py(a)}`).join('')}Z` : '');
      points
        .selectAll<SVGCircleElement, number>('circle')
        .data(Array.from({ length: p }, (_, a) => a))
        .join('circle')
        .attr('class', 'chart-wave-point')
        .attr('data-a', (a) => a)
        .attr('r', p > 60 ? 3 : 3.6)
        .attr('cx', px)
        .attr('cy', py)
        .attr('fill', (a) => cyclicColor(wavePosition(circle.k, a, p) / Math.max(p, 1)));
      const labelled = labelledPoints(circle.k, p);
      pointLabels
        .selectAll<SVGTextElement, number>('text')
        .data(labelled)
        .join('text')
        .attr('class', 'chart-wave-label')
        .attr('text-anchor', 'middle')
        .attr('dy', '0.35em')
        .each(function (a) {
          // Outward from the centre, so the label sits off the ring.
          const x = px(a);
          const y = py(a);
          const r = Math.hypot(x, y) || 1;
          select(this)
            .attr('x', round(x + (x / r) * 0.85 * rem))
            .attr('y', round(y + (y / r) * 0.85 * rem))
            .text(a);
        });
    }

    if (data.neurons.length === 0 && !circle) {
      shell.describe(labels.empty);
      return;
    }
    const close = data.neurons.filter((n) => n.fit >= CLOSE_FIT).length;
    shell.describe(
      fill(labels.description, {
        close,
        n: data.neurons.length,
        shape: circle ? fill(labels.shapes[shapeOf(circle.circularity)], { k: circle.k }) : '',
        circularity: circle ? f.number(circle.circularity) : '–',
      }),
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

/**
 * How a grokked network reads off a + b: for each key frequency k it holds
 * cos ω(a + b − c) (ω = 2πk/p) as a wave over the candidate answers c. Every
 * wave peaks at c = (a + b) mod p and nowhere else lines up, so their sum has
 * one clear maximum there. Below the picture, the two identities that let the
 * network build those waves from a and b separately are worked with the
 * current numbers: cos ω(a + b) = cos ωa cos ωb − sin ωa sin ωb, and
 * (x + y)² − (x − y)² = 4xy, which is how a squaring neuron multiplies.
 */
import { select } from 'd3';
import { type Cell } from './a11y.ts';
import {
  LOGIT_CONSTRUCTION_LABELS,
  fill,
  formats,
  list,
  resolveLabels,
  type LogitConstructionLabels,
} from './labels.ts';
import { SVG_NS, indexTicks } from './plot.ts';
import { createScale, drawAxis } from './scale.ts';
import { createShell, type Chart, type ChartOptions } from './shell.ts';

export interface LogitConstructionData {
  readonly p: number;
  readonly a: number;
  readonly b: number;
  /** Key frequencies k (1 ≤ k ≤ ⌊p/2⌋), in the order the waves are introduced. */
  readonly frequencies: readonly number[];
  /** The network's logits over c, drawn over the sum for comparison. */
  readonly logits?: ArrayLike<number>;
}

export interface LogitConstructionState {
  /** How many of the frequencies are shown (steps can add one wave at a time); by default all. */
  readonly terms?: number;
  /** The frequency the identities are worked for; by default the first. */
  readonly k?: number;
}

export type LogitConstructionOptions = ChartOptions<LogitConstructionLabels>;

export type LogitConstruction = Chart<LogitConstructionData, LogitConstructionState>;

/** cos ω(a + b − c) with ω = 2πk/p, at any real c (the curves are drawn between the integers). */
export function wave(k: number, p: number, a: number, b: number, c: number): number {
  return Math.cos((2 * Math.PI * k * (a + b - c)) / p);
}

/** The sum of the waves at every integer c. */
export function waveSum(p: number, a: number, b: number, frequencies: readonly number[]): Float64Array {
  const out = new Float64Array(p);
  for (let c = 0; c < p; c++) for (const k of frequencies) out[c] = (out[c] ?? 0) + wave(k, p, a, b, c);
  return out;
}

/** Index of the largest value (the first, on ties); −1 when empty. */
export function argmax(values: ArrayLike<number>): number {
  let best = -1;
  let bestValue = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < values.length; i++) {
    const v = values[i] ?? Number.NaN;
    if (v > bestValue) {
      bestValue = v;
      best = i;
    }
  }
  return best;
}

export interface IdentityTerms {
  /** cos ωa, cos ωb, sin ωa, sin ωb. */
  readonly x: number;
  readonly y: number;
  readonly sa: number;
  readonly sb: number;
  /** cos ω(a + b), computed directly. */
  readonly sum: number;
  /** (x + y)², (x − y)² and their difference 4xy. */
  readonly plus: number;
  readonly minus: number;
  readonly product: number;
}

export function identityTerms(k: number, p: number, a: number, b: number): IdentityTerms {
  const w = (2 * Math.PI * k) / p;
  const x = Math.cos(w * a);
  const y = Math.cos(w * b);
  return {
    x,
    y,
    sa: Math.sin(w * a),
    sb: Math.sin(w * b),
    sum: Math.cos(w * (a + b)),
    plus: (x + y) ** 2,
    minus: (x - y) ** 2,
    product: 4 * x * y,
  };
}

export function createLogitConstruction(container: HTMLElement, options: LogitConstructionOptions): LogitConstruction {
  const { lang } = options;
  const labels = resolveLabels(LOGIT_CONSTRUCTION_LABELS, lang, options.labels);
  const f = formats(lang);
  const fixed = new Intl.NumberFormat(lang, { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  // A true minus sign: the hyphen Intl uses for en reads as a dash beside "−" in the formulas.
  const num = (v: number) => fixed.format(Math.abs(v) < 0.005 ? 0 : v).replace('-', '−');
  const paren = (v: number) => (v < -0.005 ? `(${num(v)})` : num(v));

  let data: LogitConstructionData = { p: 12, a: 0, b: 0, frequencies: [] };
  let state: LogitConstructionState = {};

  const shown = () => data.frequencies.slice(0, Math.max(0, state.terms ?? data.frequencies.length));
  const answer = () => (data.p > 0 ? (data.a + data.b) % data.p : 0);

  const shell = createShell(container, {
    name: 'logit-construction',
    lang,
    label: labels.title,
    showTable: labels.showTable,
    draw,
    table() {
      const ks = shown();
      const sum = waveSum(data.p, data.a, data.b, ks);
      const rows = Array.from({ length: data.p }, (_, c) => {
        const row: Cell[] = [c, ...ks.map((k) => num(wave(k, data.p, data.a, data.b, c))), num(sum[c] ?? 0)];
        if (data.logits) row.push(f.number(data.logits[c] ?? Number.NaN));
        return row;
      });
      return {
        caption: fill(labels.tableCaption, { a: data.a, b: data.b, p: data.p }),
        columns: [labels.candidate, ...ks.map((k) => fill(labels.wave, { k })), labels.sum, ...(data.logits ? [labels.model] : [])],
        rows,
      };
    },
  });
  const doc = shell.doc;

  const svg = select(doc.createElementNS(SVG_NS, 'svg')).attr('class', 'chart-svg').attr('aria-hidden', 'true');
  shell.figure.append(svg.node() as SVGSVGElement);
  const plot = svg.append('g').attr('class', 'chart-plot');
  const rowsLayer = plot.append('g').attr('class', 'chart-waves');
  const sumPanel = plot.append('g').attr('class', 'chart-sum');
  const sumZero = sumPanel.append('line').attr('class', 'chart-zero');
  const modelPath = sumPanel.append('path').attr('class', 'chart-line chart-line--test chart-line--model');
  const sumPath = sumPanel.append('path').attr('class', 'chart-line chart-line--sum');
  const sumDots = sumPanel.append('g');
  const sumTitle = sumPanel.append('text').attr('class', 'chart-panel-title');
  const peak = sumPanel.append('path').attr('class', 'chart-peak');
  const peakLabel = sumPanel.append('text').attr('class', 'chart-peak-label');
  const answerLine = plot.append('line').attr('class', 'chart-answer-line');
  const xAxis = plot.append('g').attr('class', 'chart-axis chart-axis--x');
  const xTitle = svg.append('text').attr('class', 'chart-axis-title').attr('text-anchor', 'end');

  const legendModel = doc.createElement('span');
  legendModel.className = 'chart-legend__item chart-legend__item--model';
  const modelSwatch = select(doc.createElementNS(SVG_NS, 'svg'))
    .attr('class', 'chart-swatch')
    .attr('width', 30)
    .attr('height', 14)
    .attr('viewBox', '0 0 30 14')
    .attr('aria-hidden', 'true');
  modelSwatch.append('path').attr('class', 'chart-line chart-line--test').attr('d', 'M1,7H29');
  const modelName = doc.createElement('span');
  modelName.textContent = labels.model;
  legendModel.append(modelSwatch.node() as SVGSVGElement, modelName);
  shell.legend.append(legendModel);

  // The worked identities are real text, outside the image, so they are read and can be selected.
  const identity = doc.createElement('div');
  identity.className = 'chart-identity';
  shell.root.insertBefore(identity, shell.figure.nextSibling);

  function line(className: string, text: string): HTMLParagraphElement {
    const el = doc.createElement('p');
    el.className = className;
    el.textContent = text;
    return el;
  }

  function drawIdentity() {
    const { p, a, b } = data;
    const k = state.k ?? data.frequencies[0];
    identity.replaceChildren();
    identity.hidden = k === undefined || p <= 0;
    if (k === undefined || p <= 0) return;
    const t = identityTerms(k, p, a, b);
    const cosSum = t.x * t.y - t.sa * t.sb;
    identity.append(
      line('chart-identity__title', labels.identityTitle),
      line('chart-identity__where', fill(labels.identityWhere, { k, p })),
      line('chart-identity__formula', 'cos ω(a + b) = cos ωa · cos ωb − sin ωa · sin ωb'),
      line(
        'chart-identity__numbers',
        `cos ω(${a} + ${b}) = ${paren(t.x)} · ${paren(t.y)} − ${paren(t.sa)} · ${paren(t.sb)} = ${num(cosSum)}`,
      ),
      line('chart-identity__title', labels.squaresTitle),
      line('chart-identity__formula', '(x + y)² − (x − y)² = 4xy'),
      line('chart-identity__numbers', `${num(t.plus)} − ${num(t.minus)} = ${num(t.plus - t.minus)} = 4 · ${paren(t.x)} · ${paren(t.y)}`),
    );
  }

  function draw({ width, rem }: { width: number; rem: number }) {
    const { p, a, b } = data;
    const ks = shown();
    const c = answer();
    const margin = { top: 0.6 * rem, right: 1.1 * rem, bottom: 2.6 * rem, left: 3.3 * rem };
    const rowH = 2.6 * rem;
    const gap = 0.6 * rem;
    const sumH = Math.round(Math.min(Math.max(width * 0.28, 8 * rem), 13 * rem));
    const titleH = 1.4 * rem;
    const innerW = Math.max(10, width - margin.left - margin.right);
    const wavesH = ks.length * rowH;
    const sumTop = wavesH + (ks.length > 0 ? gap : 0) + titleH;
    const height = margin.top + sumTop + sumH + margin.bottom;
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    plot.attr('transform', `translate(${margin.left},${margin.top})`);

    const x = createScale('linear', [0, Math.max(1, p - 1)], [0, innerW]);
    // Sample each curve finely enough for about 16 points per period, however fast it turns.
    const stepFor = (k: number) => Math.min(0.25, p / (Math.max(1, k) * 16));

    const rows = rowsLayer
      .selectAll<SVGGElement, number>('g.chart-wave')
      .data(ks, (k) => k)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'chart-wave');
        g.append('line').attr('class', 'chart-zero');
        g.append('path').attr('class', 'chart-line chart-line--wave');
        g.append('g').attr('class', 'chart-wave-dots');
        g.append('text').attr('class', 'chart-wave-label').attr('text-anchor', 'end').attr('dy', '0.35em');
        return g;
      })
      .attr('data-k', (k) => k)
      .attr('transform', (_, i) => `translate(0,${i * rowH + rowH / 2})`);
    const amp = rowH * 0.38;
    rows.select('.chart-zero').attr('x1', 0).attr('x2', innerW);
    rows.select('.chart-wave-label').attr('x', -0.5 * rem).text((k) => fill(labels.wave, { k }));
    rows.select('.chart-line--wave').attr('d', (k) => {
      const stepC = stepFor(k);
      let d = '';
      for (let cc = 0, i = 0; cc <= p - 1 + 1e-9; cc += stepC, i++) {
        d += `${i === 0 ? 'M' : 'L'}${Math.round(x(cc) * 10) / 10},${Math.round(-amp * wave(k, p, a, b, cc) * 10) / 10}`;
      }
      return d;
    });
    rows.each(function (k) {
      select(this)
        .select('.chart-wave-dots')
        .selectAll<SVGCircleElement, number>('circle')
        .data(Array.from({ length: p }, (_, cc) => cc))
        .join('circle')
        .attr('class', (cc) => (cc === c ? 'chart-dot is-answer' : 'chart-dot'))
        .attr('r', p > 40 ? 1.6 : 2.6)
        .attr('cx', (cc) => x(cc))
        .attr('cy', (cc) => -amp * wave(k, p, a, b, cc));
    });

    const sum = waveSum(p, a, b, ks);
    const n = Math.max(1, ks.length);
    const y = createScale('linear', [-n, n], [sumH, 0]);
    sumPanel.attr('transform', `translate(0,${sumTop})`);
    sumTitle.attr('x', -margin.left).attr('y', -0.45 * rem).text(labels.sum);
    sumZero.attr('x1', 0).attr('x2', innerW).attr('y1', y(0)).attr('y2', y(0));
    sumPath.attr('d', Array.from(sum, (v, cc) => `${cc === 0 ? 'M' : 'L'}${Math.round(x(cc) * 10) / 10},${Math.round(y(v) * 10) / 10}`).join(''));
    sumDots
      .selectAll<SVGCircleElement, number>('circle')
      .data(Array.from(sum.keys()))
      .join('circle')
      .attr('class', (cc) => (cc === c ? 'chart-dot is-answer' : 'chart-dot'))
      .attr('r', p > 40 ? 2 : 3)
      .attr('cx', (cc) => x(cc))
      .attr('cy', (cc) => y(sum[cc] ?? 0));

    // The network's logits, scaled so their largest magnitude matches the sum's height.
    const logits = data.logits;
    let modelTop = -1;
    if (logits && logits.length >= p) {
      let maxAbs = 0;
      for (let cc = 0; cc < p; cc++) maxAbs = Math.max(maxAbs, Math.abs(logits[cc] ?? 0));
      const scale = maxAbs > 0 ? n / maxAbs : 0;
      modelPath.attr(
        'd',
        Array.from({ length: p }, (_, cc) => `${cc === 0 ? 'M' : 'L'}${Math.round(x(cc) * 10) / 10},${Math.round(y((logits[cc] ?? 0) * scale) * 10) / 10}`).join(''),
      );
      modelTop = argmax(Array.from({ length: p }, (_, cc) => logits[cc] ?? Number.NaN));
    } else {
      modelPath.attr('d', null);
    }
    legendModel.hidden = modelTop < 0;

    const px = x(c);
    const py = y(sum[c] ?? 0);
    const s = 0.45 * rem;
    peak.attr('display', ks.length > 0 ? null : 'none').attr('d', `M${px},${py - 1.5 * s}l${s},${-s}h${-2 * s}Z`);
    // Beside the marker rather than above it, where the panel title sits; on the left near the right edge.
    const leftSide = px > innerW * 0.75;
    peakLabel
      .attr('display', ks.length > 0 ? null : 'none')
      .attr('x', px + (leftSide ? -1.6 : 1.6) * s)
      .attr('y', py - 1.6 * s)
      .attr('text-anchor', leftSide ? 'end' : 'start')
      .text(`${labels.answer} ${c}`);
    answerLine.attr('x1', px).attr('x2', px).attr('y1', 0).attr('y2', sumTop + sumH);

    xAxis.attr('transform', `translate(0,${sumTop + sumH})`);
    const ticks = indexTicks(p, Math.max(2, Math.floor(innerW / (2.4 * rem))));
    drawAxis(xAxis, x, { orient: 'bottom', values: ticks.includes(c) ? ticks : [...ticks, c].sort((i, j) => i - j), format: String, line: true });
    xAxis.selectAll<SVGGElement, number>('.tick').classed('is-answer', (v) => v === c);
    xTitle.attr('x', width - margin.right).attr('y', height - 0.25 * rem).text(labels.candidate);

    drawIdentity();

    let rest = Number.NEGATIVE_INFINITY;
    for (let cc = 0; cc < p; cc++) if (cc !== c) rest = Math.max(rest, sum[cc] ?? 0);
    shell.describe(
      fill(labels.description, { a, b, p, c, ks: list(lang, ks.map(String)), peak: num(sum[c] ?? 0), rest: num(rest) }) +
        (modelTop >= 0 ? fill(labels.modelSentence, { top: modelTop }) : ''),
    );
  }

  return {
    update(next, nextState) {
      const p = Math.max(1, Math.round(next.p));
      data = { ...next, p, a: ((Math.round(next.a) % p) + p) % p, b: ((Math.round(next.b) % p) + p) % p };
      if (nextState) state = { ...state, ...nextState };
      shell.request(true);
    },
    resize: shell.resize,
    destroy: shell.destroy,
    table: shell.table,
  };
}

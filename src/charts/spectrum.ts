/**
 * Fourier power of the embeddings per frequency k: a frequency × step heatmap
 * (canvas) of how the power spreads over training, beside bars for the
 * current step (SVG) on the same frequency axis. Key frequencies get an
 * orange marker and label on both; the inverse participation ratio (IPR)
 * is printed as a number. Each snapshot is shown as shares of its own total,
 * so weight decay shrinking every frequency does not read as a change of shape.
 */
import { select } from 'd3';
import { cellEdges, ramp, sizeCanvas } from './canvas.ts';
import { fill, formats, list, resolveLabels, SPECTRUM_LABELS, type SpectrumLabels } from './labels.ts';
import { SVG_NS, drawStepAxis, indexTicks, nearestIndex, stepScale, type AxisKind } from './plot.ts';
import { createScale, drawAxis, type Scale } from './scale.ts';
import { createShell, type Chart, type ChartOptions } from './shell.ts';
import type { Palette } from './theme.ts';

export interface SpectrumData {
  /** Snapshot steps, ascending. */
  readonly steps: ArrayLike<number>;
  /** Power per frequency per snapshot, row-major: power[t · frequencies + k]. */
  readonly power: ArrayLike<number>;
  /** Frequencies per snapshot, k = 0 … ⌊p/2⌋, so ⌊p/2⌋ + 1. */
  readonly frequencies: number;
  /** Most important first: the first `maxKeys` are marked and named, the rest counted. */
  readonly keyFrequencies?: readonly number[];
  /** IPR at each snapshot (1 = all power in one frequency). */
  readonly ipr?: ArrayLike<number>;
  /** Right end of the step axis, so a live run fills a fixed axis; by default the last snapshot. */
  readonly maxStep?: number;
}

export interface SpectrumState {
  /** The snapshot the bars show and the marker sits on; by default the last. */
  readonly step?: number;
  /** k = 0 is a constant offset, which says nothing about a mod p; hidden unless asked for. */
  readonly includeConstant?: boolean;
  readonly xScale?: AxisKind;
  /**
   * Key frequencies marked and named (default MAX_KEYS): a wide network can
   * tune neurons to nearly every frequency, and marking them all says nothing.
   */
  readonly maxKeys?: number;
}

/** By default the five leading key frequencies are marked. */
export const MAX_KEYS = 5;

export type SpectrumOptions = ChartOptions<SpectrumLabels>;

export type Spectrum = Chart<SpectrumData, SpectrumState>;

const RAMP_STEPS = 256;

export function snapshotCount(data: SpectrumData): number {
  return data.frequencies > 0 ? Math.min(data.steps.length, Math.floor(data.power.length / data.frequencies)) : 0;
}

/** Each shown frequency's share of the shown power in snapshot `t` (zeros for an all-zero snapshot). */
export function shares(data: SpectrumData, t: number, kMin: number): Float64Array {
  const nF = data.frequencies;
  const out = new Float64Array(Math.max(0, nF - kMin));
  let total = 0;
  for (let k = kMin; k < nF; k++) {
    const v = Math.max(0, data.power[t * nF + k] ?? 0);
    out[k - kMin] = Number.isFinite(v) ? v : 0;
    total += out[k - kMin] ?? 0;
  }
  if (total > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / total;
  return out;
}

/**
 * Heatmap intensity in [0, 1] for every snapshot × shown frequency
 * (row-major by snapshot): each share divided by the largest share anywhere,
 * so a frequency taking over stands out against the early, flat spectrum.
 */
export function intensities(data: SpectrumData, kMin: number): Float32Array {
  const n = snapshotCount(data);
  const rows = Math.max(0, data.frequencies - kMin);
  const out = new Float32Array(n * rows);
  let max = 0;
  for (let t = 0; t < n; t++) {
    const s = shares(data, t, kMin);
    out.set(s, t * rows);
    for (const v of s) if (v > max) max = v;
  }
  if (max > 0) for (let i = 0; i < out.length; i++) out[i] = (out[i] ?? 0) / max;
  return out;
}

/**
 * Which snapshot each of `columns` pixel columns shows (−1 for none). A
 * snapshot covers the steps up to the next one; the last covers one more
 * interval, and the rest of the axis stays empty until the run gets there.
 */
export function columnSnapshots(steps: ArrayLike<number>, n: number, x: Scale, columns: number, pxPerColumn: number): Int32Array {
  const out = new Int32Array(columns).fill(-1);
  if (n === 0) return out;
  const first = steps[0] ?? 0;
  const last = steps[n - 1] ?? 0;
  const end = n > 1 ? last + (last - (steps[n - 2] ?? last)) : last + 1;
  for (let c = 0; c < columns; c++) {
    const step = x.invert((c + 0.5) * pxPerColumn);
    if (step < first || step > end) continue;
    out[c] = Math.min(n - 1, nearestIndex(steps, step));
  }
  return out;
}

/** RGBA pixels, `columns` wide and one row per frequency, from intensities through a colour ramp. */
export function heatmapPixels(intensity: Float32Array, rows: number, columnIndex: Int32Array, lut: Uint8ClampedArray): Uint8ClampedArray {
  const columns = columnIndex.length;
  const pixels = new Uint8ClampedArray(columns * rows * 4);
  const top = lut.length / 3 - 1;
  for (let c = 0; c < columns; c++) {
    const t = columnIndex[c] ?? -1;
    if (t < 0) continue;
    for (let r = 0; r < rows; r++) {
      const v = intensity[t * rows + r] ?? 0;
      const j = Math.round(Math.min(1, Math.max(0, v)) * top) * 3;
      const o = (r * columns + c) * 4;
      pixels[o] = lut[j] ?? 0;
      pixels[o + 1] = lut[j + 1] ?? 0;
      pixels[o + 2] = lut[j + 2] ?? 0;
      pixels[o + 3] = 255;
    }
  }
  return pixels;
}

/** The `count` frequencies with the largest share, strongest first (ties: lower k). */
export function strongest(share: Float64Array, kMin: number, count: number): number[] {
  return [...share.keys()]
    .sort((i, j) => (share[j] ?? 0) - (share[i] ?? 0) || i - j)
    .slice(0, count)
    .filter((i) => (share[i] ?? 0) > 0)
    .map((i) => i + kMin);
}

export function createSpectrum(container: HTMLElement, options: SpectrumOptions): Spectrum {
  const { lang } = options;
  const labels = resolveLabels(SPECTRUM_LABELS, lang, options.labels);
  const f = formats(lang);

  let data: SpectrumData = { steps: [], power: [], frequencies: 0 };
  let state: SpectrumState = {};
  let cache: { kMin: number; values: Float32Array } | null = null;

  const kMinOf = () => (state.includeConstant ? 0 : 1);
  const shownKeys = (kMin: number) =>
    (data.keyFrequencies ?? []).slice(0, state.maxKeys ?? MAX_KEYS).filter((k) => k >= kMin && k < data.frequencies);
  /** "3, 5 and 7", or "3, 5, 7 and 12 more" when some are not named. */
  const keyList = (keys: readonly number[]) => {
    const hidden = (data.keyFrequencies ?? []).length - Math.min((data.keyFrequencies ?? []).length, state.maxKeys ?? MAX_KEYS);
    return hidden > 0 ? fill(labels.keysMore, { keys: keys.join(lang === 'ja' ? '、' : ', '), n: hidden }) : list(lang, keys.map(String));
  };
  const currentIndex = () => {
    const n = snapshotCount(data);
    if (n === 0) return -1;
    return state.step === undefined ? n - 1 : Math.min(n - 1, nearestIndex(data.steps, state.step));
  };

  const shell = createShell(container, {
    name: 'spectrum',
    lang,
    label: labels.title,
    showTable: labels.showTable,
    draw,
    table() {
      const t = currentIndex();
      const kMin = kMinOf();
      const keys = new Set(shownKeys(0));
      const share = t >= 0 ? shares(data, t, kMin) : new Float64Array(0);
      return {
        caption: fill(labels.tableCaption, { step: t >= 0 ? f.integer(data.steps[t] ?? 0) : '–' }),
        columns: [labels.frequency, labels.share, labels.key],
        rows: [...share].map((v, i) => [i + kMin, f.percent(v), keys.has(i + kMin) ? '✓' : '']),
      };
    },
  });
  const doc = shell.doc;

  const legendRamp = doc.createElement('span');
  legendRamp.className = 'chart-legend__item';
  const low = doc.createElement('span');
  low.textContent = labels.low;
  const bar = doc.createElement('span');
  bar.className = 'chart-ramp';
  const high = doc.createElement('span');
  high.textContent = labels.high;
  legendRamp.append(low, bar, high);
  const legendKeys = doc.createElement('span');
  legendKeys.className = 'chart-legend__item chart-legend__keys';
  const legendIpr = doc.createElement('span');
  legendIpr.className = 'chart-legend__item chart-ipr';
  shell.legend.append(legendRamp, legendKeys, legendIpr);

  const canvas = doc.createElement('canvas');
  canvas.className = 'chart-layer chart-heatmap';
  const scratch = doc.createElement('canvas');
  const svg = select(doc.createElementNS(SVG_NS, 'svg')).attr('class', 'chart-svg').attr('aria-hidden', 'true');
  shell.figure.append(canvas, svg.node() as SVGSVGElement);
  const yTitle = svg.append('text').attr('class', 'chart-axis-title');
  const barTitle = svg.append('text').attr('class', 'chart-axis-title').attr('text-anchor', 'end');
  const xTitle = svg.append('text').attr('class', 'chart-axis-title').attr('text-anchor', 'end');
  const heat = svg.append('g').attr('class', 'chart-heat');
  const xAxis = heat.append('g');
  const kTicks = heat.append('g').attr('class', 'chart-k-ticks');
  const keyMarks = heat.append('g').attr('class', 'chart-key-marks');
  const stepLine = heat.append('line').attr('class', 'chart-step-line');
  const bars = svg.append('g').attr('class', 'chart-bars');
  const barAxis = bars.append('g').attr('class', 'chart-axis chart-axis--x');
  const barMarks = bars.append('g');

  function draw({ width, rem, palette }: { width: number; rem: number; palette: () => Palette }) {
    const kMin = kMinOf();
    const n = snapshotCount(data);
    const rows = Math.max(0, data.frequencies - kMin);
    if (!cache || cache.kMin !== kMin) cache = { kMin, values: intensities(data, kMin) };
    const t = currentIndex();
    const share = t >= 0 ? shares(data, t, kMin) : new Float64Array(rows);
    const keys = shownKeys(kMin);

    const margin = { top: 1.5 * rem, bottom: 2.6 * rem, left: 2.6 * rem, right: 0.6 * rem };
    const gap = 1.8 * rem;
    const barW = Math.round(Math.min(Math.max(width * 0.24, 4.5 * rem), 12 * rem));
    const heatW = Math.max(10, Math.floor(width - margin.left - margin.right - gap - barW));
    const heatH = Math.round(Math.min(Math.max(width * 0.5, 12 * rem), 22 * rem));
    const height = margin.top + heatH + margin.bottom;
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    heat.attr('transform', `translate(${margin.left},${margin.top})`);
    const barX = margin.left + heatW + gap;
    bars.attr('transform', `translate(${barX},${margin.top})`);
    canvas.style.left = `${margin.left}px`;
    canvas.style.top = `${margin.top}px`;

    const lastStep = n > 0 ? (data.steps[n - 1] ?? 0) : 0;
    const x = stepScale(state.xScale ?? 'linear', data.maxStep ?? lastStep, [0, heatW]);
    const rowH = rows > 0 ? heatH / rows : 0;
    const rowY = (k: number) => (k - kMin + 0.5) * rowH;

    drawStepAxis(xAxis, x, heatH, heatW, rem, f);
    yTitle.attr('x', 0).attr('y', 1 * rem).text(labels.frequency);
    barTitle.attr('x', width - margin.right).attr('y', 1 * rem).text(labels.share);
    xTitle.attr('x', margin.left + heatW).attr('y', height - 0.25 * rem).text(labels.step);

    // Frequency labels: round strides, with key frequencies always labelled and
    // any regular label that would overlap a key one dropped.
    const fontPx = 0.75 * rem;
    const keySet = new Set(keys);
    const keyLabels: number[] = [];
    for (const k of [...keys].sort((i, j) => i - j)) {
      const prev = keyLabels[keyLabels.length - 1];
      if (prev === undefined || rowY(k) - rowY(prev) >= fontPx) keyLabels.push(k);
    }
    const clear = 1.3 * fontPx;
    const regular = indexTicks(data.frequencies, Math.max(2, Math.floor(heatH / (2 * rem))))
      .filter((k) => k >= kMin && !keySet.has(k) && keyLabels.every((key) => Math.abs(rowY(k) - rowY(key)) >= clear));
    kTicks
      .selectAll<SVGTextElement, number>('text')
      .data(regular)
      .join('text')
      .attr('class', 'chart-head')
      .attr('x', -0.9 * rem)
      .attr('y', rowY)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .text((k) => k);
    const marks = keyMarks
      .selectAll<SVGGElement, number>('g.chart-key')
      .data(keys, (k) => k)
      .join((enter) => {
        const g = enter.append('g').attr('class', 'chart-key');
        g.append('path').attr('class', 'chart-key-mark');
        g.append('text').attr('class', 'chart-key-label');
        return g;
      })
      .attr('data-k', (k) => k);
    marks.select('path').attr('d', (k) => {
      const y = rowY(k);
      const s = Math.min(0.3 * rem, Math.max(3, rowH / 2 + 1));
      return `M${-0.75 * rem},${y - s}L${-0.2 * rem},${y}L${-0.75 * rem},${y + s}Z`;
    });
    marks
      .select('text')
      .attr('x', -0.9 * rem)
      .attr('y', rowY)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .text((k) => (keyLabels.includes(k) ? k : ''));

    const mx = t >= 0 ? x(Math.max(data.steps[t] ?? 0, x.domain[0])) : 0;
    stepLine.attr('display', t >= 0 ? null : 'none').attr('x1', mx).attr('x2', mx).attr('y1', 0).attr('y2', heatH);

    const maxShare = Math.max(0, ...share);
    const bx = createScale('linear', [0, maxShare > 0 ? maxShare : 1], [0, barW], { nice: true });
    barAxis.attr('transform', `translate(0,${heatH})`);
    drawAxis(barAxis, bx, { orient: 'bottom', values: bx.domain, format: f.percent, line: true });
    barAxis.selectAll<SVGTextElement, number>('.tick text').attr('text-anchor', (_, i) => (i === 0 ? 'start' : 'end'));
    barMarks
      .selectAll<SVGRectElement, number>('rect')
      .data([...share.keys()])
      .join('rect')
      .attr('class', (i) => `chart-bar${keySet.has(i + kMin) ? ' is-key' : ''}`)
      .attr('data-k', (i) => i + kMin)
      .attr('x', 0)
      .attr('y', (i) => i * rowH + (rowH > 3 ? 0.5 : 0))
      .attr('height', Math.max(0.5, rowH - (rowH > 3 ? 1 : 0)))
      .attr('width', (i) => bx(share[i] ?? 0));

    legendKeys.replaceChildren();
    if (keys.length > 0) {
      // The marker glyph repeats the heatmap's; it means nothing read aloud.
      const glyph = doc.createElement('span');
      glyph.className = 'chart-key-glyph';
      glyph.setAttribute('aria-hidden', 'true');
      glyph.textContent = '▶';
      legendKeys.append(glyph, fill(labels.keysLegend, { keys: keyList(keys) }));
    }
    legendKeys.hidden = keys.length === 0;
    const ipr = t >= 0 && data.ipr ? (data.ipr[t] ?? Number.NaN) : Number.NaN;
    legendIpr.replaceChildren();
    legendIpr.hidden = !Number.isFinite(ipr);
    if (Number.isFinite(ipr)) {
      const value = doc.createElement('b');
      value.textContent = `${labels.ipr} ${f.number(ipr)}`;
      const hint = doc.createElement('span');
      hint.className = 'chart-ipr__hint';
      hint.textContent = lang === 'ja' ? `（${labels.iprHint}）` : `(${labels.iprHint})`;
      legendIpr.append(value, hint);
    }

    if (t < 0) {
      shell.describe(labels.empty);
      canvas.hidden = true;
      return;
    }
    shell.describe(
      fill(labels.description, {
        n: f.integer(n),
        last: f.integer(lastStep),
        step: f.integer(data.steps[t] ?? 0),
        top: list(lang, strongest(share, kMin, 3).map(String)),
        keys: keys.length > 0 ? fill(labels.keysSentence, { keys: keyList(keys) }) : '',
        ipr: f.number(ipr),
      }),
    );

    canvas.hidden = false;
    const sized = sizeCanvas(canvas, heatW, heatH);
    if (!sized || rows === 0) return;
    const { ctx, dpr } = sized;
    const columns = canvas.width;
    const pal = palette();
    const pixels = heatmapPixels(cache.values, rows, columnSnapshots(data.steps, n, x, columns, 1 / dpr), ramp(pal['bg-sunken'], pal['accent-strong'], RAMP_STEPS));
    scratch.width = columns;
    scratch.height = rows;
    const sctx = scratch.getContext('2d');
    if (!sctx) return;
    const image = sctx.createImageData(columns, rows);
    image.data.set(pixels);
    sctx.putImageData(image, 0, 0);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    ctx.imageSmoothingEnabled = false;
    // Row edges rounded to whole device pixels keep every frequency band the same height.
    const edges = cellEdges(rows, canvas.height);
    for (let r = 0; r < rows; r++) {
      const y0 = edges[r] ?? 0;
      ctx.drawImage(scratch, 0, r, columns, 1, 0, y0, columns, (edges[r + 1] ?? 0) - y0);
    }
  }

  return {
    update(next, nextState) {
      data = next;
      if (nextState) state = { ...state, ...nextState };
      cache = null;
      shell.request(true);
    },
    resize: shell.resize,
    destroy: shell.destroy,
    table: shell.table,
  };
}

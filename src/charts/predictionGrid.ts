/**
 * Every pair (a, b) as one cell of a p × p grid (row a, column b), coloured by
 * whether the network answers it right. Test cells are solid (teal right,
 * orange wrong); training cells are pale tints of the same two colours, so
 * the eye goes to the held-out pairs, where grokking shows. Wrong cells carry
 * a slash once cells are big enough to hold one. At p = 113 that is 12,769
 * cells, hence canvas, with the axes in SVG on top.
 */
import { select } from 'd3';
import { cellEdges, mix, parseColor, sizeCanvas } from './canvas.ts';
import { fill, formats, resolveLabels, PREDICTION_GRID_LABELS, type PredictionGridLabels } from './labels.ts';
import { SVG_NS, indexTicks } from './plot.ts';
import { createShell, type Chart, type ChartOptions } from './shell.ts';
import type { Palette } from './theme.ts';

export interface PredictionGridData {
  readonly p: number;
  /** 1 where pair a·p + b is a training pair. */
  readonly isTrain: ArrayLike<number>;
  /** 1 where the prediction for pair a·p + b is right. */
  readonly correct: ArrayLike<number>;
  /** Predicted class per pair, shown when the reader points at a cell. */
  readonly predicted?: ArrayLike<number>;
  /** The right answer per pair, shown alongside. */
  readonly answers?: ArrayLike<number>;
}

export interface PredictionGridState {
  /** Fade the other split so one can be read on its own. */
  readonly focus?: 'train' | 'test' | null;
}

export type PredictionGridOptions = ChartOptions<PredictionGridLabels>;

export type PredictionGrid = Chart<PredictionGridData, PredictionGridState>;

export const TRAIN_RIGHT = 0;
export const TRAIN_WRONG = 1;
export const TEST_RIGHT = 2;
export const TEST_WRONG = 3;
export type Category = typeof TRAIN_RIGHT | typeof TRAIN_WRONG | typeof TEST_RIGHT | typeof TEST_WRONG;
const CATEGORIES: readonly Category[] = [TRAIN_RIGHT, TRAIN_WRONG, TEST_RIGHT, TEST_WRONG];

/** How far training cells are tinted towards the background (matches the legend's color-mix). */
export const TRAIN_TINT = 0.6;
/** How far the unfocused split fades towards the background. */
export const FADED = 0.85;

export function cellCategory(isTrain: boolean, correct: boolean): Category {
  if (isTrain) return correct ? TRAIN_RIGHT : TRAIN_WRONG;
  return correct ? TEST_RIGHT : TEST_WRONG;
}

/** The category of every pair, by pair index a·p + b. */
export function cellCategories(data: Pick<PredictionGridData, 'p' | 'isTrain' | 'correct'>): Uint8Array {
  const n = data.p * data.p;
  const out = new Uint8Array(n);
  for (let i = 0; i < n; i++) out[i] = cellCategory((data.isTrain[i] ?? 0) > 0, (data.correct[i] ?? 0) > 0);
  return out;
}

/** Fill colour per category, in category order. */
export function categoryColors(palette: Palette, focus: 'train' | 'test' | null = null): readonly string[] {
  return CATEGORIES.map((c) => {
    const isTrain = c === TRAIN_RIGHT || c === TRAIN_WRONG;
    const base = c === TRAIN_RIGHT || c === TEST_RIGHT ? palette.accent : palette.warm;
    const tinted = isTrain ? mix(base, palette.bg, TRAIN_TINT) : base;
    const faded = focus !== null && (focus === 'train') !== isTrain;
    return faded ? mix(tinted, palette.bg, FADED) : tinted;
  });
}

/** RGBA pixels, one per pair in pair-index order (a row-major p × p image), in each category's colour. */
export function gridPixels(categories: Uint8Array, colors: readonly string[]): Uint8ClampedArray {
  const rgb = colors.map((c) => parseColor(c) ?? ([0, 0, 0] as const));
  const out = new Uint8ClampedArray(categories.length * 4);
  for (let i = 0; i < categories.length; i++) {
    const c = rgb[categories[i] ?? 0] ?? [0, 0, 0];
    out[i * 4] = c[0];
    out[i * 4 + 1] = c[1];
    out[i * 4 + 2] = c[2];
    out[i * 4 + 3] = 255;
  }
  return out;
}

export interface SplitCounts {
  trainTotal: number;
  trainRight: number;
  testTotal: number;
  testRight: number;
}

export function countCategories(categories: Uint8Array): SplitCounts {
  const counts = [0, 0, 0, 0];
  for (const c of categories) counts[c] = (counts[c] ?? 0) + 1;
  const [trainRight = 0, trainWrong = 0, testRight = 0, testWrong = 0] = counts;
  return { trainTotal: trainRight + trainWrong, trainRight, testTotal: testRight + testWrong, testRight };
}

function isComplete(data: PredictionGridData): boolean {
  const n = data.p * data.p;
  return data.p > 0 && data.isTrain.length >= n && data.correct.length >= n;
}

export function createPredictionGrid(container: HTMLElement, options: PredictionGridOptions): PredictionGrid {
  const { lang } = options;
  const labels = resolveLabels(PREDICTION_GRID_LABELS, lang, options.labels);
  const f = formats(lang);
  const categoryNames = [labels.trainRight, labels.trainWrong, labels.testRight, labels.testWrong];

  let data: PredictionGridData = { p: 0, isTrain: [], correct: [] };
  let state: PredictionGridState = {};
  let categories: Uint8Array = new Uint8Array(0);
  let counts = countCategories(categories);
  let layout = { left: 0, top: 0, size: 0 };

  const shell = createShell(container, {
    name: 'prediction-grid',
    lang,
    label: labels.title,
    showTable: labels.showTable,
    draw,
    table() {
      const c = counts;
      const row = (name: string, total: number, right: number) => [name, f.integer(total), f.integer(right), f.percent(total > 0 ? right / total : Number.NaN)];
      return {
        caption: labels.tableCaption,
        columns: [labels.split, labels.pairs, labels.correct, labels.accuracy],
        rows: [
          row(labels.train, c.trainTotal, c.trainRight),
          row(labels.test, c.testTotal, c.testRight),
          row(labels.all, c.trainTotal + c.testTotal, c.trainRight + c.testRight),
        ],
      };
    },
  });
  const doc = shell.doc;

  for (const [i, name] of categoryNames.entries()) {
    const item = doc.createElement('span');
    item.className = `chart-legend__item chart-legend__item--cat${i}`;
    const chip = doc.createElement('span');
    chip.className = `chart-chip chart-chip--cat${i}`;
    const text = doc.createElement('span');
    text.textContent = name;
    item.append(chip, text);
    shell.legend.append(item);
  }

  const canvas = doc.createElement('canvas');
  canvas.className = 'chart-layer chart-grid-canvas';
  const scratch = doc.createElement('canvas');
  const svg = select(doc.createElementNS(SVG_NS, 'svg')).attr('class', 'chart-svg').attr('aria-hidden', 'true');
  shell.figure.append(canvas, svg.node() as SVGSVGElement);
  const axes = svg.append('g');
  const readout = doc.createElement('p');
  readout.className = 'chart-readout';
  readout.setAttribute('aria-hidden', 'true');
  shell.root.insertBefore(readout, shell.figure.nextSibling);

  function draw({ width, rem, palette }: { width: number; rem: number; palette: () => Palette }) {
    const complete = isComplete(data);
    const p = complete ? data.p : 0;
    const left = 2.2 * rem;
    const top = 2.2 * rem;
    const size = Math.max(0, Math.floor(Math.min(width - left - 0.5 * rem, 36 * rem)));
    layout = { left, top, size };
    const height = top + size + 0.5 * rem;
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    canvas.style.left = `${left}px`;
    canvas.style.top = `${top}px`;
    canvas.hidden = !complete;

    const cell = p > 0 ? size / p : 0;
    const maxTicks = Math.max(2, Math.floor(size / (2.4 * rem)));
    const ticks = complete ? indexTicks(p, maxTicks) : [];
    const bTicks = axes.selectAll<SVGTextElement, number>('text.chart-tick-b').data(ticks).join('text').attr('class', 'chart-head chart-tick-b');
    bTicks.attr('x', (v) => left + (v + 0.5) * cell).attr('y', top - 0.35 * rem).attr('text-anchor', 'middle').text((v) => v);
    const aTicks = axes.selectAll<SVGTextElement, number>('text.chart-tick-a').data(ticks).join('text').attr('class', 'chart-head chart-tick-a');
    aTicks.attr('x', left - 0.35 * rem).attr('y', (v) => top + (v + 0.5) * cell).attr('dy', '0.35em').attr('text-anchor', 'end').text((v) => v);
    const titles = axes
      .selectAll<SVGTextElement, string>('text.chart-axis-title')
      .data(complete ? ['b →', 'a ↓'] : [])
      .join('text')
      .attr('class', 'chart-axis-title');
    titles
      .attr('x', (d) => (d.startsWith('b') ? left + size / 2 : left - 0.35 * rem))
      .attr('y', 0.9 * rem)
      .attr('text-anchor', (d) => (d.startsWith('b') ? 'middle' : 'end'))
      .text((d) => d);

    if (!complete) {
      shell.describe(labels.empty);
      return;
    }
    shell.describe(
      fill(labels.description, {
        p,
        trainRight: f.integer(counts.trainRight),
        trainTotal: f.integer(counts.trainTotal),
        testRight: f.integer(counts.testRight),
        testTotal: f.integer(counts.testTotal),
      }),
    );

    const sized = sizeCanvas(canvas, size, size);
    if (!sized) return;
    const { ctx, dpr } = sized;
    const colors = categoryColors(palette(), state.focus ?? null);
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    if (cell < 6) {
      // Small cells: one pixel per pair, scaled up without smoothing. A path of
      // 12,769 rectangles at p = 113 costs several milliseconds a frame; this does not.
      scratch.width = p;
      scratch.height = p;
      const sctx = scratch.getContext('2d');
      if (!sctx) return;
      const image = sctx.createImageData(p, p);
      image.data.set(gridPixels(categories, colors));
      sctx.putImageData(image, 0, 0);
      ctx.imageSmoothingEnabled = false;
      ctx.drawImage(scratch, 0, 0, canvas.width, canvas.height);
      return;
    }
    const edges = cellEdges(p, Math.round(size * dpr));
    // Big cells get a one-pixel gutter so the grid reads as cells, not a field.
    const gutter = Math.max(1, Math.round(dpr));
    for (const category of CATEGORIES) {
      ctx.fillStyle = colors[category] ?? palette().fg;
      ctx.beginPath();
      for (let a = 0; a < p; a++) {
        const y0 = edges[a] ?? 0;
        const y1 = edges[a + 1] ?? 0;
        for (let b = 0; b < p; b++) {
          if (categories[a * p + b] !== category) continue;
          const x0 = edges[b] ?? 0;
          ctx.rect(x0, y0, (edges[b + 1] ?? 0) - x0 - gutter, y1 - y0 - gutter);
        }
      }
      ctx.fill();
    }
    if (cell >= 9) {
      ctx.strokeStyle = palette().bg;
      ctx.lineWidth = Math.max(1, 1.5 * dpr);
      ctx.beginPath();
      for (let a = 0; a < p; a++) {
        for (let b = 0; b < p; b++) {
          const c = categories[a * p + b];
          if (c !== TRAIN_WRONG && c !== TEST_WRONG) continue;
          const inset = 2 * dpr;
          ctx.moveTo((edges[b] ?? 0) + inset, (edges[a + 1] ?? 0) - gutter - inset);
          ctx.lineTo((edges[b + 1] ?? 0) - gutter - inset, (edges[a] ?? 0) + inset);
        }
      }
      ctx.stroke();
    }
  }

  /** The pair under a pointer position, or null outside the grid. */
  function pairAt(event: PointerEvent): { a: number; b: number } | null {
    const p = data.p;
    if (!isComplete(data) || layout.size <= 0) return null;
    const box = canvas.getBoundingClientRect();
    const b = Math.floor(((event.clientX - box.left) / layout.size) * p);
    const a = Math.floor(((event.clientY - box.top) / layout.size) * p);
    return a >= 0 && a < p && b >= 0 && b < p ? { a, b } : null;
  }

  const sep = lang === 'ja' ? '、' : ', ';
  const showPair = (event: PointerEvent) => {
    const pair = pairAt(event);
    if (!pair) {
      readout.textContent = '';
      return;
    }
    const i = pair.a * data.p + pair.b;
    const parts = [`a = ${pair.a}${sep}b = ${pair.b}`, categoryNames[categories[i] ?? 0] ?? ''];
    if (data.predicted) parts.push(`${labels.predicted} ${data.predicted[i] ?? ''}`);
    if (data.answers) parts.push(`${labels.answer} ${data.answers[i] ?? ''}`);
    readout.textContent = parts.join(lang === 'ja' ? '　' : ' · ');
  };
  const clearPair = () => {
    readout.textContent = '';
  };
  canvas.addEventListener('pointermove', showPair);
  canvas.addEventListener('pointerdown', showPair);
  canvas.addEventListener('pointerleave', clearPair);

  return {
    update(next, nextState) {
      data = next;
      if (nextState) state = { ...state, ...nextState };
      categories = isComplete(next) ? cellCategories(next) : new Uint8Array(0);
      counts = countCategories(categories);
      shell.request(true);
    },
    resize: shell.resize,
    destroy: shell.destroy,
    table: shell.table,
  };
}

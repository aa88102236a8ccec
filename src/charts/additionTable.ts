/**
 * The whole task as a p × p table: row a, column b, cell (a + b) mod p.
 * Small p (up to `numberLimit`) prints the numbers in SVG, tinted by value so
 * the wrapping diagonals show; large p drops the numbers and colour-codes c
 * on a canvas. In split mode only the training cells are shown: the test
 * cells become blanks (a "?" at small p), the questions the model never sees.
 */
import { select } from 'd3';
import { cellEdges, mix, ramp, sizeCanvas } from './canvas.ts';
import { fill, formats, resolveLabels, ADDITION_TABLE_LABELS, type AdditionTableLabels } from './labels.ts';
import { SVG_NS, indexTicks } from './plot.ts';
import { createShell, type Chart, type ChartOptions } from './shell.ts';
import type { Palette } from './theme.ts';

export interface AdditionTableData {
  readonly p: number;
  /** 1 where pair a·p + b is a training pair; the split mode needs it. */
  readonly isTrain?: ArrayLike<number>;
}

export type TableMode = 'all' | 'split';

export interface AdditionTableState {
  /** 'split' reveals the training split: training cells shown, test cells hidden. */
  readonly mode?: TableMode;
  readonly highlight?: { readonly a: number; readonly b: number } | null;
}

export interface AdditionTableOptions extends ChartOptions<AdditionTableLabels> {
  /** Largest p whose cells are printed as numbers; above it they are colour-coded. Default 16. */
  numberLimit?: number;
}

export type AdditionTable = Chart<AdditionTableData, AdditionTableState>;

/** Marks a hidden cell in `cellValues`. */
export const HIDDEN = -1;

/** What each cell shows, by pair index a·p + b: c = (a + b) mod p, or HIDDEN for a test cell in split mode. */
export function cellValues(p: number, isTrain: ArrayLike<number> | undefined, mode: TableMode): Int32Array {
  const out = new Int32Array(p * p);
  const split = mode === 'split' && isTrain !== undefined;
  for (let a = 0; a < p; a++) {
    for (let b = 0; b < p; b++) {
      const i = a * p + b;
      out[i] = split && !((isTrain[i] ?? 0) > 0) ? HIDDEN : (a + b) % p;
    }
  }
  return out;
}

/** Tint strength (percent of accent) for value c at small p: light enough that the numbers stay legible. */
export function tintPercent(c: number, p: number): number {
  return Math.round(6 + (29 * c) / Math.max(1, p - 1));
}

export function createAdditionTable(container: HTMLElement, options: AdditionTableOptions): AdditionTable {
  const { lang } = options;
  const labels = resolveLabels(ADDITION_TABLE_LABELS, lang, options.labels);
  const f = formats(lang);
  const numberLimit = options.numberLimit ?? 16;

  let data: AdditionTableData = { p: 0 };
  let state: AdditionTableState = {};
  let values: Int32Array = new Int32Array(0);

  const modeOf = (): TableMode => (state.mode === 'split' && data.isTrain ? 'split' : 'all');
  const hiddenMark = '?';

  const shell = createShell(container, {
    name: 'addition-table',
    lang,
    label: fill(labels.title, { p: data.p }),
    showTable: labels.showTable,
    draw,
    table() {
      const p = data.p;
      const rows = Array.from({ length: p }, (_, a) => [
        a,
        ...Array.from({ length: p }, (_, b) => {
          const v = values[a * p + b] ?? HIDDEN;
          return v === HIDDEN ? hiddenMark : v;
        }),
      ]);
      return {
        caption: fill(labels.tableCaption, { p }),
        columns: [labels.corner, ...Array.from({ length: p }, (_, b) => String(b))],
        rows,
      };
    },
  });
  const doc = shell.doc;

  const legendRamp = doc.createElement('span');
  legendRamp.className = 'chart-legend__item';
  const legendHidden = doc.createElement('span');
  legendHidden.className = 'chart-legend__item chart-legend__hidden';
  shell.legend.append(legendRamp, legendHidden);

  const canvas = doc.createElement('canvas');
  canvas.className = 'chart-layer';
  const svg = select(doc.createElementNS(SVG_NS, 'svg')).attr('class', 'chart-svg').attr('aria-hidden', 'true');
  shell.figure.append(canvas, svg.node() as SVGSVGElement);
  const heads = svg.append('g').attr('class', 'chart-heads');
  const cellsLayer = svg.append('g').attr('class', 'chart-cells');
  const highlight = svg.append('rect').attr('class', 'chart-highlight');

  function draw({ width, rem, palette }: { width: number; rem: number; palette: () => Palette }) {
    const p = data.p;
    const mode = modeOf();
    const numbers = p <= numberLimit;
    const left = numbers ? 1.8 * rem : 2.2 * rem;
    const top = 2.4 * rem;
    const room = Math.max(0, width - left - 0.25 * rem);
    const cell = numbers ? Math.min(Math.floor(room / Math.max(1, p)), 3 * rem) : Math.min(room, 36 * rem) / Math.max(1, p);
    const size = cell * p;
    const svgW = left + size + 0.25 * rem;
    const height = top + size + 0.25 * rem;
    svg.attr('width', svgW).attr('height', height).attr('viewBox', `0 0 ${svgW} ${height}`);
    // Numbers shrink with their cells; the sparse labels of large p keep the CSS size.
    const fontPx = Math.min(0.8125 * rem, cell * 0.5);

    const ticks = numbers ? Array.from({ length: p }, (_, k) => k) : indexTicks(p, Math.max(2, Math.floor(size / (2.4 * rem))));
    heads
      .selectAll<SVGTextElement, number>('text.chart-head-b')
      .data(ticks)
      .join('text')
      .attr('class', 'chart-head chart-head-b')
      .attr('x', (k) => left + (k + 0.5) * cell)
      .attr('y', top - 0.4 * rem)
      .attr('text-anchor', 'middle')
      .style('font-size', numbers ? `${fontPx}px` : '')
      .text((k) => k);
    heads
      .selectAll<SVGTextElement, number>('text.chart-head-a')
      .data(ticks)
      .join('text')
      .attr('class', 'chart-head chart-head-a')
      .attr('x', left - 0.4 * rem)
      .attr('y', (k) => top + (k + 0.5) * cell)
      .attr('dy', '0.35em')
      .attr('text-anchor', 'end')
      .style('font-size', numbers ? `${fontPx}px` : '')
      .text((k) => k);
    heads
      .selectAll<SVGTextElement, string>('text.chart-axis-title')
      .data(p > 0 ? ['a ↓', 'b →'] : [])
      .join('text')
      .attr('class', 'chart-axis-title')
      .attr('x', (d) => (d.startsWith('a') ? 0 : left + size / 2))
      .attr('y', 0.9 * rem)
      .attr('text-anchor', (d) => (d.startsWith('a') ? 'start' : 'middle'))
      .text((d) => d);

    // Small p: one SVG cell per pair, with its number.
    const cellData = numbers ? Array.from(values.keys()) : [];
    const cells = cellsLayer
      .selectAll<SVGGElement, number>('g')
      .data(cellData)
      .join((enter) => {
        const g = enter.append('g');
        g.append('rect').attr('class', 'chart-cell');
        g.append('text').attr('class', 'chart-cell-text').attr('text-anchor', 'middle').attr('dy', '0.35em');
        return g;
      })
      .attr('data-a', (i) => Math.floor(i / p))
      .attr('data-b', (i) => i % p)
      .attr('data-hidden', (i) => (values[i] === HIDDEN ? 'true' : null));
    cells
      .select('rect')
      .attr('x', (i) => left + (i % p) * cell)
      .attr('y', (i) => top + Math.floor(i / p) * cell)
      .attr('width', cell)
      .attr('height', cell)
      .attr('class', (i) => (values[i] === HIDDEN ? 'chart-cell chart-cell--hidden' : 'chart-cell'))
      .style('fill', (i) => {
        const v = values[i] ?? HIDDEN;
        return v === HIDDEN ? null : `color-mix(in srgb, var(--accent) ${tintPercent(v, p)}%, var(--bg-raised))`;
      });
    cells
      .select('text')
      .attr('x', (i) => left + ((i % p) + 0.5) * cell)
      .attr('y', (i) => top + (Math.floor(i / p) + 0.5) * cell)
      .attr('class', (i) => (values[i] === HIDDEN ? 'chart-cell-text chart-cell-text--hidden' : 'chart-cell-text'))
      .style('font-size', `${fontPx}px`)
      .text((i) => {
        const v = values[i] ?? HIDDEN;
        return v === HIDDEN ? hiddenMark : v;
      });

    const hl = state.highlight;
    const showHighlight = hl != null && hl.a >= 0 && hl.a < p && hl.b >= 0 && hl.b < p;
    highlight
      .attr('display', showHighlight ? null : 'none')
      .attr('x', showHighlight ? left + hl.b * cell : 0)
      .attr('y', showHighlight ? top + hl.a * cell : 0)
      .attr('width', cell)
      .attr('height', cell);

    const trainCount = values.reduce((n, v) => n + (v === HIDDEN ? 0 : 1), 0);
    legendRamp.replaceChildren();
    if (!numbers && p > 0) {
      const lo = doc.createElement('span');
      lo.textContent = 'c = 0';
      const bar = doc.createElement('span');
      bar.className = 'chart-ramp chart-ramp--table';
      const hi = doc.createElement('span');
      hi.textContent = `c = ${p - 1}`;
      legendRamp.append(lo, bar, hi);
    }
    legendHidden.replaceChildren();
    if (mode === 'split') {
      const chip = doc.createElement('span');
      chip.className = 'chart-chip chart-chip--hidden';
      chip.textContent = numbers ? hiddenMark : '';
      const text = doc.createElement('span');
      text.textContent = labels.hidden;
      legendHidden.append(chip, text);
    }

    shell.setLabel(fill(labels.title, { p }));
    let description = fill(labels.description, { p });
    if (mode === 'split') {
      description += fill(labels.splitSentence, { train: f.integer(trainCount), test: f.integer(p * p - trainCount), total: f.integer(p * p) });
    }
    if (showHighlight) {
      const v = values[hl.a * p + hl.b] ?? HIDDEN;
      description += fill(labels.highlightSentence, { a: hl.a, b: hl.b, c: v === HIDDEN ? hiddenMark : v });
    }
    shell.describe(description);

    canvas.hidden = numbers || p === 0;
    if (canvas.hidden) return;
    canvas.style.left = `${left}px`;
    canvas.style.top = `${top}px`;
    const sized = sizeCanvas(canvas, size, size);
    if (!sized) return;
    const { ctx, dpr } = sized;
    const pal = palette();
    const lut = ramp(mix(pal.accent, pal.bg, 0.85), pal['accent-strong'], p);
    const edges = cellEdges(p, Math.round(size * dpr));
    ctx.clearRect(0, 0, canvas.width, canvas.height);
    // One fill per value: c is constant along each wrapped anti-diagonal.
    for (let c = 0; c < p; c++) {
      ctx.fillStyle = `rgb(${lut[c * 3]}, ${lut[c * 3 + 1]}, ${lut[c * 3 + 2]})`;
      ctx.beginPath();
      for (let a = 0; a < p; a++) {
        const b = (c - a + p) % p;
        if (values[a * p + b] === HIDDEN) continue;
        const x0 = edges[b] ?? 0;
        const y0 = edges[a] ?? 0;
        ctx.rect(x0, y0, (edges[b + 1] ?? 0) - x0, (edges[a + 1] ?? 0) - y0);
      }
      ctx.fill();
    }
  }

  return {
    update(next, nextState) {
      data = { p: Math.max(0, Math.round(next.p)), ...(next.isTrain ? { isTrain: next.isTrain } : {}) };
      if (nextState) state = { ...state, ...nextState };
      values = cellValues(data.p, data.isTrain, modeOf());
      shell.request(true);
    },
    resize: shell.resize,
    destroy: shell.destroy,
    table: shell.table,
  };
}

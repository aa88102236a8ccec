/**
 * Figure 11: the research timeline. Papers sit on a time axis, one lane per
 * theme, each theme with its own marker shape and a named lane, so the theme
 * never rests on colour alone. Papers that are only listed, not reviewed, get
 * a last lane of their own, a hollow dashed marker without a label, and say
 * so in their card, their button's name and the table. The selected paper opens into a card with its
 * summary and links. Where the lanes have room for every label (wide screens,
 * projectors) time runs left to right; where they do not (phones) the same
 * papers become a vertical list along a downward time axis, with the card
 * opening under the selected row.
 *
 * Selection uses native buttons over the graphic with a roving tabindex: one
 * tab stop, arrow keys move through the papers and select as they go, Enter
 * and Space work as on any button. The graphic itself stays one described
 * image; the buttons and the card's links sit beside it, not inside it.
 */
import { select } from 'd3';
import { uid, type Cell } from './a11y.ts';
import {
  TIMELINE_LABELS,
  fill,
  list,
  resolveLabels,
  type TimelineLabels,
  type TimelineLane,
  type TimelineTheme,
} from './labels.ts';
import { SVG_NS } from './plot.ts';
import { createShell, type Chart, type ChartOptions } from './shell.ts';

export type { TimelineLane, TimelineTheme } from './labels.ts';

/** Lane order, top to bottom: from the phenomenon itself to where it leads. */
export const TIMELINE_THEMES: readonly TimelineTheme[] = ['phenomenon', 'mechanism', 'theory', 'speed-up', 'scale'];
/** Every lane: the themes, then the unreviewed papers, kept apart at the bottom. */
export const TIMELINE_LANES: readonly TimelineLane[] = [...TIMELINE_THEMES, 'unreviewed'];

export interface TimelineItem {
  /** Unique; `state.selected` and `state.highlight` refer to it. */
  readonly id: string;
  readonly year: number;
  /** 'unreviewed' for a paper only listed, not read by this site. */
  readonly theme: TimelineLane;
  /** Short citation form: "Nanda et al."; absent when the authors are not known (unreviewed papers). */
  readonly authors?: string;
  /** Every author, for the card; by default `authors`. */
  readonly authorsFull?: string;
  readonly title: string;
  readonly summary: string;
  /** The paper's page (arXiv) and the link's text. */
  readonly href?: string;
  readonly linkText?: string;
  /** Where this site discusses the paper. */
  readonly chapter?: { readonly href: string; readonly label: string };
}

export interface TimelineData {
  /** In publication order; within a year the given order is kept. */
  readonly items: readonly TimelineItem[];
}

export interface TimelineState {
  readonly selected?: string | null;
  /** Ids to bring forward; the rest fade. Empty: nothing fades. */
  readonly highlight?: readonly string[];
}

export interface TimelineOptions extends ChartOptions<TimelineLabels> {
  /** Called when the reader selects a paper; not when update() does. */
  onSelect?: (id: string) => void;
}

export type Timeline = Chart<TimelineData, TimelineState>;

export type TimelineLayout = 'lanes' | 'list';

/**
 * A marker of the lane's shape centred on (x, y): circle, square, diamond,
 * right-pointing triangle, hexagon; for unreviewed papers a slightly larger
 * circle that the stylesheet draws hollow and dashed.
 */
export function themeShape(theme: TimelineLane, x: number, y: number, r: number): string {
  const n = (v: number) => Math.round(v * 100) / 100;
  if (theme === 'unreviewed') {
    const c = r * 1.05;
    return `M${n(x - c)},${n(y)}a${n(c)},${n(c)} 0 1,0 ${n(2 * c)},0a${n(c)},${n(c)} 0 1,0 ${n(-2 * c)},0Z`;
  }
  if (theme === 'phenomenon') return `M${n(x - r)},${n(y)}a${n(r)},${n(r)} 0 1,0 ${n(2 * r)},0a${n(r)},${n(r)} 0 1,0 ${n(-2 * r)},0Z`;
  if (theme === 'mechanism') {
    const s = r * 0.88;
    return `M${n(x - s)},${n(y - s)}h${n(2 * s)}v${n(2 * s)}h${n(-2 * s)}Z`;
  }
  if (theme === 'theory') {
    const d = r * 1.25;
    return `M${n(x)},${n(y - d)}L${n(x + d)},${n(y)}L${n(x)},${n(y + d)}L${n(x - d)},${n(y)}Z`;
  }
  if (theme === 'speed-up') {
    const h = r * 1.15;
    return `M${n(x - h * 0.8)},${n(y - h)}L${n(x + h)},${n(y)}L${n(x - h * 0.8)},${n(y + h)}Z`;
  }
  const pts = Array.from({ length: 6 }, (_, i) => {
    const a = (Math.PI / 3) * i;
    return `${n(x + r * 1.1 * Math.cos(a))},${n(y + r * 1.1 * Math.sin(a))}`;
  });
  return `M${pts.join('L')}Z`;
}

/** Rough width of Latin text at `px` pixels: enough to decide whether labels fit. */
export function textWidth(text: string, px: number): number {
  return text.length * px * 0.55;
}

/** Distinct years of the items, ascending. */
export function yearsOf(items: readonly TimelineItem[]): number[] {
  return [...new Set(items.map((i) => i.year))].sort((a, b) => a - b);
}

export interface PlacedItem {
  readonly item: TimelineItem;
  /** Position in publication order. */
  readonly order: number;
  readonly lane: number;
  readonly x: number;
  readonly y: number;
  /** Width available to the item's label and button in the lanes layout. */
  readonly slot: number;
}

export interface LaneGeometry {
  readonly years: number[];
  /** Left edge and width of each year's column. */
  readonly columns: { year: number; x: number; width: number }[];
  readonly lanes: TimelineLane[];
  readonly laneTop: number[];
  /** Where the year columns end: above the strip of unreviewed papers, if any. */
  readonly bandBottom: number;
  readonly placed: PlacedItem[];
  readonly height: number;
}

/** Sizes of the lanes layout in rem; `strip` is a row of the unlabelled unreviewed papers. */
const LANE = { axis: 2.4, header: 1.35, row: 3, strip: 2.9, side: 0.25, label: 0.75, minWidth: 30 };
/** Smallest touch target, px. */
const TARGET = 44;
/** Most rows the strip of unreviewed papers may take before the lanes layout gives way to the list. */
const MAX_STRIP_ROWS = 3;

/** The item's label in the lanes layout: the first author's surname; none without authors. */
export function shortLabel(item: TimelineItem): string {
  if (!item.authors) return '';
  return item.authors.replace(/\s*(et al\.|ら)$/, '').split(/[,・&]/)[0]!.trim();
}

/** Publication order: by year, keeping the given order within a year. */
export function inOrder(items: readonly TimelineItem[]): TimelineItem[] {
  return items.map((item, i) => ({ item, i })).sort((a, b) => a.item.year - b.item.year || a.i - b.i).map((e) => e.item);
}

/**
 * Positions for the lanes layout at this width, or null when some label or
 * touch target would not fit (then the list layout is used). Papers share
 * their year's column in proportion to their labels' widths; a lane whose
 * busiest year does not fit in one row takes two, the papers alternating
 * between them in publication order.
 *
 * Unreviewed papers have no label and often crowd one year (eight in 2025),
 * more than a year's column holds at one touch target each. They go in a
 * strip below the year columns, which ends above it (its lane names the
 * years instead): one row of touch targets, centred under their years'
 * columns as far as the width allows.
 */
export function layoutLanes(items: readonly TimelineItem[], width: number, rem: number): LaneGeometry | null {
  const ordered = inOrder(items);
  const years = yearsOf(ordered);
  const lanes = TIMELINE_LANES.filter((t) => ordered.some((i) => i.theme === t));
  // Below this width the lanes' labels would be too small a share of the screen to read.
  if (years.length === 0 || width < LANE.minWidth * rem) return null;
  const side = LANE.side * rem;
  const colW = (width - 2 * side) / years.length;
  const columns = years.map((year, i) => ({ year, x: side + i * colW, width: colW }));
  const need = (item: TimelineItem) => Math.max(TARGET, textWidth(shortLabel(item), LANE.label * rem) + 0.3 * rem);
  const cellOf = (year: number, theme: TimelineLane) => ordered.filter((i) => i.year === year && i.theme === theme);
  const rowsOf = (cell: TimelineItem[], rows: number) =>
    Array.from({ length: rows }, (_, r) => cell.filter((_, k) => k % rows === r));
  const fits = (rows: number, theme: TimelineLane) =>
    years.every((year) => rowsOf(cellOf(year, theme), rows).every((row) => row.reduce((sum, item) => sum + need(item), 0) <= colW));

  const themed = lanes.filter((t) => t !== 'unreviewed');
  const laneRows: number[] = [];
  for (const theme of themed) {
    const rows = fits(1, theme) ? 1 : fits(2, theme) ? 2 : 0;
    if (rows === 0) return null;
    laneRows.push(rows);
  }
  const laneTop: number[] = [];
  let y = LANE.axis * rem;
  for (const rows of laneRows) {
    laneTop.push(y);
    y += (LANE.header + rows * LANE.row) * rem;
  }
  const bandBottom = y;

  const placed: PlacedItem[] = [];
  for (const [c, year] of years.entries()) {
    for (const [l, theme] of themed.entries()) {
      for (const [r, row] of rowsOf(cellOf(year, theme), laneRows[l]!).entries()) {
        const total = row.reduce((sum, item) => sum + need(item), 0);
        let left = columns[c]!.x;
        for (const item of row) {
          const slot = (colW * need(item)) / total;
          placed.push({
            item,
            order: ordered.indexOf(item),
            lane: l,
            x: left + slot / 2,
            y: laneTop[l]! + (LANE.header + 1 + r * LANE.row) * rem,
            slot,
          });
          left += slot;
        }
      }
    }
  }

  const strip = ordered.filter((i) => i.theme === 'unreviewed');
  if (strip.length > 0) {
    const perRow = Math.floor((width - 2 * side) / TARGET);
    const rows = Math.ceil(strip.length / perRow);
    if (rows > MAX_STRIP_ROWS) return null;
    const lane = themed.length;
    laneTop.push(y);
    const centre = (item: TimelineItem) => columns[years.indexOf(item.year)]!.x + colW / 2;
    for (let r = 0; r < rows; r++) {
      const row = strip.slice(r * perRow, (r + 1) * perRow);
      const mid = row.reduce((sum, item) => sum + centre(item), 0) / row.length;
      const left = Math.min(Math.max(side, mid - (row.length * TARGET) / 2), width - side - row.length * TARGET);
      for (const [k, item] of row.entries()) {
        placed.push({
          item,
          order: ordered.indexOf(item),
          lane,
          x: left + (k + 0.5) * TARGET,
          y: y + (LANE.header + (r + 0.5) * LANE.strip) * rem,
          slot: TARGET,
        });
      }
    }
    y += (LANE.header + rows * LANE.strip) * rem;
  }
  placed.sort((a, b) => a.order - b.order);
  return { years, columns, lanes, laneTop, bandBottom, placed, height: y + 0.25 * rem };
}

/** The next paper from `current` for an arrow key, or null to leave the key alone. */
export function nextIndex(
  key: string,
  current: number,
  layout: TimelineLayout,
  placed: readonly Pick<PlacedItem, 'lane' | 'x'>[],
): number | null {
  const last = placed.length - 1;
  if (last < 0) return null;
  if (key === 'Home') return 0;
  if (key === 'End') return last;
  const forward = key === 'ArrowRight' || (layout === 'list' && key === 'ArrowDown');
  const back = key === 'ArrowLeft' || (layout === 'list' && key === 'ArrowUp');
  if (forward) return Math.min(last, current + 1);
  if (back) return Math.max(0, current - 1);
  if (layout === 'lanes' && (key === 'ArrowUp' || key === 'ArrowDown')) {
    // To the nearest paper in time in the next lane that has any, skipping empty lanes.
    const here = placed[current];
    if (!here) return null;
    const step = key === 'ArrowDown' ? 1 : -1;
    const lanes = [...new Set(placed.map((p) => p.lane))].sort((a, b) => a - b);
    const target = step > 0 ? lanes.find((l) => l > here.lane) : [...lanes].reverse().find((l) => l < here.lane);
    if (target === undefined) return current;
    let best = current;
    let bestD = Number.POSITIVE_INFINITY;
    placed.forEach((p, i) => {
      const d = Math.abs(p.x - here.x);
      if (p.lane === target && d < bestD) {
        best = i;
        bestD = d;
      }
    });
    return best;
  }
  return null;
}

/** Sizes of the list layout in rem. */
const LIST = { axis: 1.1, text: 2.3, year: 2.1, row: 3, gap: 0.5 };

export function createTimeline(container: HTMLElement, options: TimelineOptions): Timeline {
  const { lang } = options;
  const labels = resolveLabels(TIMELINE_LABELS, lang, options.labels);

  let data: TimelineData = { items: [] };
  let state: TimelineState = {};
  let ordered: TimelineItem[] = [];
  let placed: PlacedItem[] = [];
  let layout: TimelineLayout = 'lanes';
  /** Set by update() when the story moves the selection, so the list scrolls it into view. */
  let reveal = false;

  const quoted = (title: string) => (lang === 'ja' ? `「${title}」` : `“${title}”`);
  /** "Nanda et al. 2023"; a paper without known authors is cited by its title. */
  const cite = (item: TimelineItem) => `${item.authors ?? quoted(item.title)} ${item.year}`;
  const unreviewed = (item: TimelineItem) => item.theme === 'unreviewed';
  const listedYears = () => list(lang, yearsOf(ordered.filter(unreviewed)).map(String));
  const byId = (id: string | null | undefined) => (id ? ordered.find((i) => i.id === id) : undefined);
  const highlighted = () => new Set(state.highlight ?? []);
  const isDim = (item: TimelineItem, hl: Set<string>) => hl.size > 0 && !hl.has(item.id) && item.id !== state.selected;

  const shell = createShell(container, {
    name: 'timeline',
    lang,
    label: labels.title,
    showTable: labels.showTable,
    draw,
    table() {
      return {
        caption: labels.tableCaption,
        columns: [labels.paper, labels.paperTitle, labels.theme, labels.summary, labels.link],
        // An unreviewed paper's title has its own column, so its Paper cell gives only the year.
        rows: ordered.map((item): Cell[] => [
          item.authors ? cite(item) : String(item.year),
          item.title,
          labels.themes[item.theme],
          item.summary,
          item.linkText ?? item.href ?? '',
        ]),
      };
    },
  });
  const doc = shell.doc;

  // The stage holds the described image and, beside it rather than inside
  // it, the buttons laid over the marks and the card of the selected paper.
  const stage = doc.createElement('div');
  stage.className = 'timeline-stage';
  shell.figure.replaceWith(stage);
  const hits = doc.createElement('div');
  hits.className = 'timeline-hits';
  hits.setAttribute('role', 'group');
  hits.setAttribute('aria-label', labels.papers);
  const card = doc.createElement('div');
  card.className = 'timeline-card';
  const summaryId = uid('timeline-summary');
  stage.append(shell.figure, hits, card);

  const svg = select(doc.createElementNS(SVG_NS, 'svg')).attr('class', 'chart-svg').attr('aria-hidden', 'true');
  shell.figure.append(svg.node() as SVGSVGElement);
  const backLayer = svg.append('g').attr('class', 'timeline-back');
  const axisLayer = svg.append('g').attr('class', 'timeline-axis');
  const itemLayer = svg.append('g').attr('class', 'timeline-items');

  function choose(id: string, focus: boolean) {
    if (state.selected !== id) {
      state = { ...state, selected: id };
      options.onSelect?.(id);
      shell.request(false);
    }
    const button = [...hits.querySelectorAll<HTMLButtonElement>('button[data-id]')].find((b) => b.dataset.id === id);
    if (!button) return;
    for (const b of hits.querySelectorAll('button')) b.tabIndex = b === button ? 0 : -1;
    if (focus) button.focus();
  }

  const onKey = (event: KeyboardEvent) => {
    const target = (event.target as Element).closest<HTMLButtonElement>('button[data-id]');
    if (!target) return;
    const current = placed.findIndex((p) => p.item.id === target.dataset.id);
    const next = nextIndex(event.key, current, layout, placed);
    if (next === null) return;
    event.preventDefault();
    const id = placed[next]?.item.id;
    if (id) choose(id, true);
  };
  const onClick = (event: MouseEvent) => {
    const target = (event.target as Element).closest<HTMLButtonElement>('button[data-id]');
    if (target?.dataset.id) choose(target.dataset.id, false);
  };
  hits.addEventListener('keydown', onKey);
  hits.addEventListener('click', onClick);

  function drawLegend() {
    const present = TIMELINE_LANES.filter((t) => ordered.some((i) => i.theme === t));
    const items = select(shell.legend)
      .selectAll<HTMLSpanElement, TimelineLane>('span.chart-legend__item')
      .data(present, (t) => t)
      .join((enter) => {
        const item = enter.append('span').attr('class', 'chart-legend__item');
        item
          .append(() => doc.createElementNS(SVG_NS, 'svg'))
          .attr('class', 'chart-swatch')
          .attr('width', 16)
          .attr('height', 16)
          .attr('viewBox', '0 0 16 16')
          .attr('aria-hidden', 'true')
          .append('path');
        item.append('span').attr('class', 'chart-legend__name');
        return item;
      });
    items.select('path').attr('class', (t) => `timeline-mark timeline-mark--${t}`).attr('d', (t) => themeShape(t, 8, 8, 5.5));
    items.select('.chart-legend__name').text((t) => labels.themes[t]);
  }

  function drawCard(item: TimelineItem | undefined) {
    const key = item ? `item:${item.id}` : `hint:${(state.highlight ?? []).join(',')}`;
    if (card.dataset.key === key) return;
    card.dataset.key = key;
    card.replaceChildren();
    card.classList.toggle('is-hint', !item);
    card.classList.toggle('is-unreviewed', !!item && unreviewed(item));
    if (!item) {
      const names = ordered.filter((i) => highlighted().has(i.id)).map(cite);
      const p = doc.createElement('p');
      p.className = 'timeline-card__hint';
      p.textContent = names.length > 0 ? fill(labels.hintHighlight, { papers: list(lang, names) }) : labels.hint;
      card.append(p);
      return;
    }
    const meta = doc.createElement('p');
    meta.className = 'timeline-card__meta';
    const glyph = select(meta)
      .append(() => doc.createElementNS(SVG_NS, 'svg'))
      .attr('class', 'chart-swatch')
      .attr('width', 16)
      .attr('height', 16)
      .attr('viewBox', '0 0 16 16')
      .attr('aria-hidden', 'true');
    glyph.append('path').attr('class', `timeline-mark timeline-mark--${item.theme}`).attr('d', themeShape(item.theme, 8, 8, 5.5));
    meta.append(`${labels.themes[item.theme]} · ${item.year}`);

    const title = doc.createElement('p');
    title.className = 'timeline-card__title';
    const citeEl = doc.createElement('cite');
    citeEl.lang = 'en';
    citeEl.textContent = item.title;
    title.append(citeEl);

    card.append(meta, title);
    const who = item.authorsFull ?? item.authors;
    if (who) {
      const authors = doc.createElement('p');
      authors.className = 'timeline-card__authors';
      authors.textContent = who;
      card.append(authors);
    }

    const summary = doc.createElement('p');
    summary.className = 'timeline-card__summary';
    summary.id = summaryId;
    summary.textContent = item.summary;
    card.append(summary);

    const links: HTMLAnchorElement[] = [];
    if (item.href) {
      const a = doc.createElement('a');
      a.href = item.href;
      a.textContent = item.linkText ?? item.href;
      a.className = 'timeline-card__link';
      links.push(a);
    }
    if (item.chapter) {
      const a = doc.createElement('a');
      a.href = item.chapter.href;
      a.textContent = item.chapter.label;
      a.className = 'timeline-card__link';
      links.push(a);
    }
    if (links.length > 0) {
      const p = doc.createElement('p');
      p.className = 'timeline-card__links';
      p.append(...links);
      card.append(p);
    }
  }

  function drawButtons(hl: Set<string>) {
    const focusId = state.selected && byId(state.selected) ? state.selected : ordered[0]?.id;
    select(hits)
      .selectAll<HTMLButtonElement, PlacedItem>('button.timeline-hit')
      .data(placed, (p) => p.item.id)
      .join((enter) => {
        const b = enter.append('button').attr('type', 'button').attr('class', 'timeline-hit');
        b.append('span').attr('class', 'timeline-hit__who');
        b.append('span').attr('class', 'timeline-hit__title').attr('lang', 'en');
        return b;
      })
      .attr('data-id', (p) => p.item.id)
      .attr('aria-label', (p) =>
        p.item.authors
          ? fill(labels.button, { who: p.item.authors, year: p.item.year, title: p.item.title, theme: labels.themes[p.item.theme] })
          : fill(labels.buttonUnreviewed, { year: p.item.year, title: p.item.title }),
      )
      .attr('aria-pressed', (p) => String(p.item.id === state.selected))
      .attr('aria-describedby', (p) => (p.item.id === state.selected ? summaryId : null))
      .attr('tabindex', (p) => (p.item.id === focusId ? 0 : -1))
      .classed('is-dim', (p) => isDim(p.item, hl))
      .classed('is-selected', (p) => p.item.id === state.selected)
      .classed('is-unreviewed', (p) => unreviewed(p.item))
      .each(function (p) {
        // Without authors, the list row leads with the lane's name, so the row itself says "not reviewed".
        (this.firstChild as HTMLElement).textContent = p.item.authors ?? labels.themes[p.item.theme];
        (this.lastChild as HTMLElement).textContent = p.item.title;
      });
  }

  function drawLanes(geo: LaneGeometry, width: number, rem: number, hl: Set<string>) {
    svg.attr('width', width).attr('height', geo.height).attr('viewBox', `0 0 ${width} ${geo.height}`);
    backLayer
      .selectAll<SVGRectElement, LaneGeometry['columns'][number]>('rect')
      .data(geo.columns)
      .join('rect')
      .attr('class', (_, i) => `timeline-year-band${i % 2 ? ' is-odd' : ''}`)
      .attr('x', (c) => c.x)
      .attr('y', 0)
      .attr('width', (c) => c.width)
      .attr('height', geo.bandBottom);
    const axisY = (LANE.axis - 0.55) * rem;
    axisLayer.selectAll('*').remove();
    const right = geo.columns.at(-1)!;
    axisLayer
      .append('path')
      .attr('class', 'timeline-axis-line')
      .attr('d', `M${geo.columns[0]!.x},${axisY}H${right.x + right.width - 0.1 * rem}`);
    axisLayer
      .append('path')
      .attr('class', 'timeline-axis-arrow')
      .attr('d', `M${right.x + right.width - 0.6 * rem},${axisY - 0.3 * rem}L${right.x + right.width - 0.1 * rem},${axisY}L${right.x + right.width - 0.6 * rem},${axisY + 0.3 * rem}`);
    for (const c of geo.columns) {
      axisLayer
        .append('text')
        .attr('class', 'timeline-year')
        .attr('x', c.x + c.width / 2)
        .attr('y', axisY - 0.45 * rem)
        .attr('text-anchor', 'middle')
        .text(String(c.year));
    }
    for (const [l, theme] of geo.lanes.entries()) {
      const y = geo.laneTop[l]!;
      if (l > 0) axisLayer.append('path').attr('class', 'timeline-lane-rule').attr('d', `M${geo.columns[0]!.x},${y}H${right.x + right.width}`);
      axisLayer
        .append('path')
        .attr('class', `timeline-mark timeline-mark--${theme}`)
        .attr('d', themeShape(theme, geo.columns[0]!.x + 0.65 * rem, y + 0.8 * rem, 0.32 * rem));
      axisLayer
        .append('text')
        .attr('class', 'timeline-lane-label')
        .attr('x', geo.columns[0]!.x + 1.4 * rem)
        .attr('y', y + 1.05 * rem)
        .text(theme === 'unreviewed' ? fill(labels.unreviewedLane, { lane: labels.themes[theme], years: listedYears() }) : labels.themes[theme]);
    }
    drawMarks(hl, rem, (p) => ({ x: p.x, y: p.y }), true);
    // A labelled mark's button also covers the label under it; an unlabelled one is centred on its mark.
    const h = Math.round(2.85 * rem);
    select(hits)
      .selectAll<HTMLButtonElement, PlacedItem>('button.timeline-hit')
      .style('left', (p) => `${Math.round(p.x - Math.min(p.slot, 6 * rem) / 2)}px`)
      .style('top', (p) => `${Math.round(unreviewed(p.item) ? p.y - TARGET / 2 : p.y - 0.9 * rem)}px`)
      .style('width', (p) => `${Math.round(Math.min(p.slot, 6 * rem))}px`)
      .style('height', (p) => `${unreviewed(p.item) ? TARGET : h}px`)
      .style('padding-inline-start', null);
  }

  function drawMarks(hl: Set<string>, rem: number, at: (p: PlacedItem) => { x: number; y: number }, withLabels: boolean) {
    const groups = itemLayer
      .selectAll<SVGGElement, PlacedItem>('g.timeline-item')
      .data(placed, (p) => p.item.id)
      .join((enter) => {
        const g = enter.append('g');
        g.append('circle').attr('class', 'timeline-ring');
        g.append('path');
        g.append('text').attr('class', 'timeline-item-label').attr('text-anchor', 'middle');
        return g;
      })
      .attr('class', (p) => `timeline-item${isDim(p.item, hl) ? ' is-dim' : ''}${p.item.id === state.selected ? ' is-selected' : ''}`)
      .attr('data-id', (p) => p.item.id);
    const r = 0.5 * rem;
    groups
      .select('path')
      .attr('class', (p) => `timeline-mark timeline-mark--${p.item.theme}`)
      .attr('d', (p) => {
        const { x, y } = at(p);
        return themeShape(p.item.theme, x, y, p.item.id === state.selected ? r * 1.3 : r);
      });
    groups
      .select('circle')
      .attr('cx', (p) => at(p).x)
      .attr('cy', (p) => at(p).y)
      .attr('r', r * 1.8)
      .attr('display', (p) => (p.item.id === state.selected ? null : 'none'));
    groups
      .select('text')
      .attr('display', withLabels ? null : 'none')
      .attr('x', (p) => at(p).x)
      .attr('y', (p) => at(p).y + 1.6 * rem)
      .text((p) => shortLabel(p.item));
  }

  /**
   * The list layout: a downward time axis with a row per paper. The card is
   * laid into the flow, under the selected row, or at the top as a hint when
   * nothing is selected; the rows after it move down by its height.
   */
  function drawList(width: number, rem: number, selected: TimelineItem | undefined, hl: Set<string>) {
    const axisX = LIST.axis * rem;
    const textX = LIST.text * rem;
    const rowH = LIST.row * rem;
    const gap = LIST.gap * rem;
    const rows: { year: number; y: number }[] = [];
    const ys = new Map<string, number>();
    const cardLeft = selected ? textX : 0;
    card.style.left = `${cardLeft}px`;
    card.style.width = `${Math.max(0, width - cardLeft)}px`;
    // Reading the card's height forces a layout, once per draw and only in this layout.
    const cardH = card.offsetHeight;
    let y = selected ? 0 : cardH + gap;
    let cardTop = 0;
    let lastYear = Number.NaN;
    for (const item of ordered) {
      if (item.year !== lastYear) {
        lastYear = item.year;
        rows.push({ year: item.year, y });
        y += LIST.year * rem;
      }
      ys.set(item.id, y);
      y += rowH;
      if (item.id === selected?.id) {
        cardTop = y;
        y += cardH + gap;
      }
    }
    const height = Math.max(y, rowH);
    card.style.top = `${Math.round(cardTop)}px`;
    svg.attr('width', width).attr('height', height).attr('viewBox', `0 0 ${width} ${height}`);
    backLayer.selectAll('*').remove();
    axisLayer.selectAll('*').remove();
    axisLayer.append('path').attr('class', 'timeline-axis-line').attr('d', `M${axisX},${(rows[0]?.y ?? 0) + 0.4 * rem}V${height}`);
    for (const row of rows) {
      const cy = row.y + LIST.year * rem * 0.55;
      axisLayer.append('path').attr('class', 'timeline-year-tick').attr('d', `M${axisX - 0.45 * rem},${cy}H${axisX + 0.45 * rem}`);
      axisLayer
        .append('text')
        .attr('class', 'timeline-year')
        .attr('x', textX)
        .attr('y', cy + 0.35 * rem)
        .text(String(row.year));
    }
    drawMarks(hl, rem, (p) => ({ x: axisX, y: (ys.get(p.item.id) ?? 0) + rowH / 2 }), false);
    select(hits)
      .selectAll<HTMLButtonElement, PlacedItem>('button.timeline-hit')
      .style('left', '0px')
      .style('top', (p) => `${Math.round(ys.get(p.item.id) ?? 0)}px`)
      .style('width', `${Math.round(width)}px`)
      .style('height', `${Math.round(rowH)}px`)
      .style('padding-inline-start', `${Math.round(textX)}px`);
    return ys;
  }

  function draw({ width, rem }: { width: number; rem: number }) {
    drawLegend();
    const hl = highlighted();
    const geo = layoutLanes(ordered, width, rem);
    layout = geo ? 'lanes' : 'list';
    placed = geo
      ? geo.placed
      : ordered.map((item, order) => ({ item, order, lane: TIMELINE_LANES.indexOf(item.theme), x: 0, y: 0, slot: width }));
    shell.root.dataset.layout = layout;
    stage.classList.toggle('is-lanes', layout === 'lanes');
    stage.classList.toggle('is-list', layout === 'list');
    const selected = byId(state.selected);
    drawCard(selected);
    drawButtons(hl);
    if (geo) {
      card.style.width = '';
      card.style.left = '';
      card.style.top = '';
      drawLanes(geo, width, rem, hl);
    } else {
      const ys = drawList(width, rem, selected, hl);
      const target = selected?.id ?? ordered.find((i) => hl.has(i.id))?.id;
      if (reveal && target !== undefined && stage.scrollHeight > stage.clientHeight + 1) {
        // Inside a height-limited stage (a pinned scrollytelling figure) the story's paper scrolls into view.
        stage.scrollTop = Math.max(0, (ys.get(target) ?? 0) - LIST.year * rem);
      }
    }
    reveal = false;

    const highlightNames = ordered.filter((i) => hl.has(i.id)).map(cite);
    const themes = TIMELINE_THEMES.filter((t) => ordered.some((i) => i.theme === t)).map((t) => labels.themes[t]);
    const years = yearsOf(ordered);
    const listed = ordered.filter(unreviewed);
    const selectedSentence = !selected
      ? ''
      : unreviewed(selected)
        ? fill(labels.selectedUnreviewed, { title: selected.title, year: selected.year })
        : fill(labels.selectedSentence, { paper: cite(selected), title: selected.title });
    shell.describe(
      fill(labels.description, { n: ordered.length - listed.length, from: years[0] ?? '', to: years.at(-1) ?? '', themes: list(lang, themes) }) +
        (listed.length > 0 ? fill(labels.unreviewedSentence, { n: listed.length, years: listedYears() }) : '') +
        selectedSentence +
        (highlightNames.length > 0 ? fill(labels.highlightSentence, { papers: list(lang, highlightNames) }) : ''),
    );
  }

  return {
    update(next, nextState) {
      data = next;
      ordered = inOrder(data.items);
      if (nextState) {
        const before = `${state.selected ?? ''}|${(state.highlight ?? []).join(',')}`;
        state = { ...state, ...nextState };
        reveal ||= before !== `${state.selected ?? ''}|${(state.highlight ?? []).join(',')}`;
      }
      shell.request(true);
    },
    resize: shell.resize,
    destroy() {
      hits.removeEventListener('keydown', onKey);
      hits.removeEventListener('click', onClick);
      shell.destroy();
    },
    table: shell.table,
  };
}

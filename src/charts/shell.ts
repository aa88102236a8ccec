/**
 * The scaffold every chart shares: the DOM around the graphic (legend, the
 * described figure, the table disclosure) and the lifecycle (one draw per
 * animation frame, redraw on resize and theme change, teardown). Charts only
 * write their `draw` and `table` functions.
 */
import './charts.css';
import { buildTable, uid, type TableSpec } from './a11y.ts';
import { createFrame } from './frame.ts';
import type { Lang } from './labels.ts';
import { onThemeChange, readPalette, type Palette } from './theme.ts';

/** Width used before layout has happened (a hidden step, or a DOM without layout). */
const FALLBACK_WIDTH = 640;

export interface DrawContext {
  /** Content width of the chart in CSS pixels. */
  readonly width: number;
  /** CSS pixels per rem, so layout margins follow the reader's font size. */
  readonly rem: number;
  /** Resolved colours, for canvas (SVG marks use CSS variables directly). */
  palette(): Palette;
}

export interface ShellOptions {
  /** Modifier class: `chart--{name}`. */
  name: string;
  lang: Lang;
  label: string;
  showTable: string;
  draw(context: DrawContext): void;
  table(): TableSpec;
}

export interface Shell {
  readonly root: HTMLDivElement;
  readonly legend: HTMLDivElement;
  /** The graphic, announced as one image by its label and description. */
  readonly figure: HTMLDivElement;
  readonly doc: Document;
  setLabel(label: string): void;
  describe(text: string): void;
  /** Schedules a draw; `dataChanged` also refreshes an open table. */
  request(dataChanged: boolean): void;
  resize(): void;
  table(): HTMLTableElement;
  destroy(): void;
}

export function createShell(container: HTMLElement, options: ShellOptions): Shell {
  const doc = container.ownerDocument;
  const root = doc.createElement('div');
  root.className = `chart chart--${options.name}`;
  root.lang = options.lang;

  const legend = doc.createElement('div');
  legend.className = 'chart-legend';

  const figure = doc.createElement('div');
  figure.className = 'chart-figure';
  figure.setAttribute('role', 'img');
  figure.setAttribute('aria-label', options.label);
  const description = doc.createElement('p');
  description.className = 'visually-hidden';
  description.id = uid(`chart-${options.name}-desc`);
  figure.setAttribute('aria-describedby', description.id);
  // Inside the image the description is not read a second time as loose text.
  figure.append(description);

  const details = doc.createElement('details');
  details.className = 'chart-table';
  const summary = doc.createElement('summary');
  summary.textContent = options.showTable;
  const tableBody = doc.createElement('div');
  tableBody.className = 'chart-table__body';
  details.append(summary, tableBody);

  root.append(legend, figure, details);
  container.append(root);

  let width = 0;
  let rem = 16;
  let palette: Palette | null = null;
  let tableStale = true;
  // Reading clientWidth or computed styles inside a draw forces a synchronous
  // layout, once per chart per frame when several figures are live. So the
  // width comes from the ResizeObserver, and layout is read only when it has
  // not reported yet (first draw, or no ResizeObserver) or explicitly asked to.
  let measured = false;

  const readRem = () => {
    const view = doc.defaultView;
    rem = (view && Number.parseFloat(view.getComputedStyle(doc.documentElement).fontSize)) || 16;
  };
  const measure = () => {
    const w = root.clientWidth;
    width = w > 0 ? w : width || FALLBACK_WIDTH;
    readRem();
    measured = w > 0;
  };

  const makeTable = () => buildTable(options.table(), doc);

  // Rebuilding the table is the costliest DOM work a chart does, so it happens
  // only while the disclosure is open and only when the data changed.
  const renderTable = () => {
    if (!details.open || !tableStale) return;
    tableStale = false;
    tableBody.replaceChildren(makeTable());
  };

  const context: DrawContext = {
    get width() {
      return width;
    },
    get rem() {
      return rem;
    },
    palette() {
      palette ??= readPalette(root);
      return palette;
    },
  };

  const frame = createFrame(() => {
    if (!measured) measure();
    options.draw(context);
    renderTable();
  });

  details.addEventListener('toggle', renderTable);

  const unsubscribeTheme = onThemeChange(() => {
    palette = null;
    frame.request();
  }, doc);

  const Observer = doc.defaultView?.ResizeObserver;
  const observer = Observer
    ? new Observer((entries) => {
        const next = entries[0]?.contentRect.width ?? 0;
        if (next > 0 && Math.abs(next - width) >= 1) {
          width = next;
          // A resize is also when a change of the reader's font size shows up.
          readRem();
          measured = true;
          frame.request();
        }
      })
    : null;
  observer?.observe(root);

  return {
    root,
    legend,
    figure,
    doc,
    setLabel(label) {
      figure.setAttribute('aria-label', label);
    },
    describe(text) {
      if (description.textContent !== text) description.textContent = text;
    },
    request(dataChanged) {
      if (dataChanged) tableStale = true;
      frame.request();
    },
    resize() {
      measured = false;
      frame.request();
    },
    table: makeTable,
    destroy() {
      frame.cancel();
      observer?.disconnect();
      unsubscribeTheme();
      details.removeEventListener('toggle', renderTable);
      root.remove();
    },
  };
}

/**
 * The scaffold every chart shares: the DOM around the graphic (legend, the
 * described figure, the table disclosure, the Download menu for SVG and PNG)
 * and the lifecycle (one draw per animation frame, redraw on resize and theme
 * change, teardown). Charts only write their `draw` and `table` functions.
 */
import './charts.css';
import { buildTable, uid, type TableSpec } from './a11y.ts';
import { createFrame } from './frame.ts';
import { EXPORT_LABELS, resolveLabels, type ExportLabels, type Lang, type LabelOverrides } from './labels.ts';
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
  /** Modifier class: `chart--{name}`; also the start of exported file names. */
  name: string;
  lang: Lang;
  label: string;
  showTable: string;
  /** Overrides for the Download menu's strings. */
  exportLabels?: LabelOverrides<ExportLabels>;
  draw(context: DrawContext): void;
  table(): TableSpec;
}

export type ExportFormat = 'svg' | 'png';

/** `name-lang-yyyymmdd-hhmm.ext`, in the reader's local time. */
export function exportFileName(name: string, lang: Lang, date: Date, ext: string): string {
  const two = (n: number) => String(n).padStart(2, '0');
  const stamp = `${date.getFullYear()}${two(date.getMonth() + 1)}${two(date.getDate())}-${two(date.getHours())}${two(date.getMinutes())}`;
  const safe = name.replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '') || 'figure';
  return `${safe}-${lang}-${stamp}.${ext}`;
}

/**
 * Saves a blob under a file name through a temporary link. The object URL
 * outlives the click for a while: revoking it at once can cancel the download.
 */
export function downloadBlob(doc: Document, blob: Blob, fileName: string): void {
  const view = doc.defaultView;
  const urls = view?.URL ?? URL;
  const href = urls.createObjectURL(blob);
  const link = doc.createElement('a');
  link.href = href;
  link.download = fileName;
  link.hidden = true;
  doc.body.append(link);
  link.click();
  link.remove();
  (view ?? globalThis).setTimeout(() => urls.revokeObjectURL(href), 60_000);
}

/** What every chart's create function returns: plain data in, its own lifecycle. */
export interface Chart<Data, State = never> {
  update(data: Data, state?: State): void;
  resize(): void;
  destroy(): void;
  table(): HTMLTableElement;
}

/** The options every chart takes; charts with more extend it. */
export interface ChartOptions<Labels> {
  lang: Lang;
  labels?: LabelOverrides<Labels>;
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
  /**
   * Saves the chart as it is now (see exportFigure.ts). Never rejects: a
   * failure is shown as a short message under the chart, and resolves false.
   */
  exportAs(format: ExportFormat): Promise<boolean>;
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

  const exportLabels = resolveLabels(EXPORT_LABELS, options.lang, options.exportLabels);
  const tools = doc.createElement('div');
  tools.className = 'chart-tools';
  const exportMenu = doc.createElement('details');
  exportMenu.className = 'chart-export';
  const exportSummary = doc.createElement('summary');
  exportSummary.textContent = exportLabels.download;
  const exportList = doc.createElement('div');
  exportList.className = 'chart-export__menu';
  const exportButtons = (['svg', 'png'] as const).map((format) => {
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'chart-export__button';
    button.dataset.export = format;
    button.textContent = exportLabels[format];
    button.setAttribute('aria-label', format === 'svg' ? exportLabels.asSvg : exportLabels.asPng);
    return button;
  });
  exportList.append(...exportButtons);
  exportMenu.append(exportSummary, exportList);
  tools.append(details, exportMenu);
  const exportMessage = doc.createElement('p');
  exportMessage.className = 'chart-export__message';
  exportMessage.setAttribute('role', 'status');

  root.append(legend, figure, tools, exportMessage);
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

  const exportAs = async (format: ExportFormat): Promise<boolean> => {
    exportMessage.textContent = '';
    try {
      // The exporter loads only when a reader asks for a file.
      const { renderFigure, captionText } = await import('./exportFigure.ts');
      const colors = context.palette();
      const blob = await renderFigure(format, {
        root,
        lang: options.lang,
        title: figure.getAttribute('aria-label') ?? options.label,
        caption: captionText(root),
        url: doc.defaultView?.location.href ?? '',
        colors: { bg: colors.bg, fg: colors.fg, muted: colors['fg-muted'] },
      });
      downloadBlob(doc, blob, exportFileName(options.name, options.lang, new Date(), format));
      return true;
    } catch {
      exportMessage.textContent = exportLabels.failed;
      return false;
    }
  };
  const closeMenu = (focus: boolean) => {
    if (!exportMenu.open) return;
    exportMenu.open = false;
    if (focus) exportSummary.focus();
  };
  const onExportClick = (event: Event) => {
    const format = (event.target as Element | null)?.closest<HTMLElement>('[data-export]')?.dataset.export;
    if (format !== 'svg' && format !== 'png') return;
    closeMenu(true);
    void exportAs(format);
  };
  const onMenuKey = (event: KeyboardEvent) => {
    if (event.key === 'Escape') closeMenu(true);
  };
  // A menu left open over the figure would hide it; a press anywhere else closes it.
  const onOutside = (event: Event) => {
    if (!exportMenu.contains(event.target as Node | null)) closeMenu(false);
  };
  const onMenuToggle = () => {
    if (exportMenu.open) doc.addEventListener('pointerdown', onOutside);
    else doc.removeEventListener('pointerdown', onOutside);
  };
  exportList.addEventListener('click', onExportClick);
  exportMenu.addEventListener('keydown', onMenuKey);
  exportMenu.addEventListener('toggle', onMenuToggle);

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
    exportAs,
    destroy() {
      frame.cancel();
      observer?.disconnect();
      unsubscribeTheme();
      details.removeEventListener('toggle', renderTable);
      exportList.removeEventListener('click', onExportClick);
      exportMenu.removeEventListener('keydown', onMenuKey);
      exportMenu.removeEventListener('toggle', onMenuToggle);
      doc.removeEventListener('pointerdown', onOutside);
      root.remove();
    },
  };
}

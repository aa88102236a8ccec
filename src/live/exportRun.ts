/**
 * A run's metrics as files: CSV for a spreadsheet, JSON with the settings, the
 * link and the backend so that the run can be traced and repeated. Both hold
 * every scalar the engine measures at each recorded step (the run's own
 * metrics steps, not where the reader paused, so identical runs give
 * identical files); the per-frequency
 * spectra, neuron waves and prediction grid stay out (the grid is not kept in
 * the history at all).
 *
 * Columns, in order (CSV header = JSON record keys):
 *   step                 training step of the record
 *   train_loss, train_acc, test_loss, test_acc
 *   margin               mean over training pairs of f_y − max_{c≠y} f_c
 *   zero_loss_fraction   share of training pairs whose float32 loss is exactly 0
 *   softmax_collapse     1 once the run counts as collapsed, else 0
 *   weight_norm, linf    ‖θ‖₂ and max |θ| over all weights
 *   wa_norm, wa_linf, wb_norm, wb_linf, v_norm, v_linf   the same per layer
 *   distance_from_init   ‖θ − θ₀‖ / ‖θ₀‖
 *   ntk_change           ‖K_t − K₀‖_F / ‖K₀‖_F of the eNTK on the probe pairs
 *   ipr                  mean of ipr_wa and ipr_wb (the embedding's, as the figures plot it)
 *   ipr_wa, ipr_wb, ipr_v  mean inverse participation ratio of each layer's spectrum
 *   tuned_fraction       share of neurons tuned to one frequency
 *   dominant_frequency   the key frequency with most tuned neurons
 *   circularity          how round W_a's embedding is in that frequency's plane (1 = a circle)
 * With several runs the CSV starts with a `run` column.
 */
import { downloadBlob, exportFileName } from '../charts/shell.ts';
import type { RunConfig } from '../model/config.ts';
import type { MetricsRecord } from '../worker/protocol.ts';

type Scalar = number | null;

interface Column {
  readonly name: string;
  read(r: MetricsRecord): number | boolean | undefined;
}

const COLUMNS: readonly Column[] = [
  { name: 'step', read: (r) => r.step },
  { name: 'train_loss', read: (r) => r.train.loss },
  { name: 'train_acc', read: (r) => r.train.accuracy },
  { name: 'test_loss', read: (r) => r.test.loss },
  { name: 'test_acc', read: (r) => r.test.accuracy },
  { name: 'margin', read: (r) => r.train.margin },
  { name: 'zero_loss_fraction', read: (r) => r.train.zeroLossFraction },
  { name: 'softmax_collapse', read: (r) => r.softmaxCollapse },
  { name: 'weight_norm', read: (r) => r.norms.total.l2 },
  { name: 'linf', read: (r) => r.norms.total.linf },
  { name: 'wa_norm', read: (r) => r.norms.Wa.l2 },
  { name: 'wa_linf', read: (r) => r.norms.Wa.linf },
  { name: 'wb_norm', read: (r) => r.norms.Wb.l2 },
  { name: 'wb_linf', read: (r) => r.norms.Wb.linf },
  { name: 'v_norm', read: (r) => r.norms.V.l2 },
  { name: 'v_linf', read: (r) => r.norms.V.linf },
  { name: 'distance_from_init', read: (r) => r.distanceFromInit },
  { name: 'ntk_change', read: (r) => r.ntkChange },
  { name: 'ipr', read: (r) => (r.fourier.Wa.ipr + r.fourier.Wb.ipr) / 2 },
  { name: 'ipr_wa', read: (r) => r.fourier.Wa.ipr },
  { name: 'ipr_wb', read: (r) => r.fourier.Wb.ipr },
  { name: 'ipr_v', read: (r) => r.fourier.V.ipr },
  { name: 'tuned_fraction', read: (r) => r.fourier.neurons.tunedFraction },
  { name: 'dominant_frequency', read: (r) => r.waves.k },
  { name: 'circularity', read: (r) => r.waves.circles[0]?.circularity },
];

export const RUN_COLUMNS: readonly string[] = COLUMNS.map((c) => c.name);

export type ScalarRecord = Record<string, Scalar>;

/** One record's scalars by column name; a missing or non-finite value is null. */
export function scalarRecord(record: MetricsRecord): ScalarRecord {
  const out: ScalarRecord = {};
  for (const column of COLUMNS) {
    let value: number | boolean | undefined;
    try {
      value = column.read(record);
    } catch {
      value = undefined;
    }
    const n = typeof value === 'boolean' ? Number(value) : value;
    out[column.name] = typeof n === 'number' && Number.isFinite(n) ? n : null;
  }
  return out;
}

/** A CSV field: quoted when it holds a separator, a quote or a line break (RFC 4180). */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csvLine(fields: readonly (string | number | null)[]): string {
  return fields.map(csvField).join(',');
}

export interface RunCsvMeta {
  /** Name of the run; with it the CSV gets a leading `run` column (for joining several runs). */
  readonly run?: string;
}

/** One run's history as CSV: a header row, then one row per record in step order. Numbers at full precision. */
export function runToCsv(history: readonly MetricsRecord[], meta: RunCsvMeta = {}): string {
  const withRun = meta.run !== undefined;
  const rows = [csvLine(withRun ? ['run', ...RUN_COLUMNS] : RUN_COLUMNS)];
  for (const record of history) {
    const scalars = scalarRecord(record);
    const values = RUN_COLUMNS.map((name) => scalars[name] ?? null);
    rows.push(csvLine(withRun ? [meta.run ?? '', ...values] : values));
  }
  return `${rows.join('\r\n')}\r\n`;
}

export interface ExportedRun {
  readonly key: string;
  readonly config: RunConfig;
  readonly history: readonly MetricsRecord[];
}

/** The records taken on the run's metrics steps: those taken where the reader stopped training are left out. */
export function recordedOnly(history: readonly MetricsRecord[]): readonly MetricsRecord[] {
  return history.filter((r) => r.offCadence !== true);
}

/** Several runs in one table, told apart by the `run` column. */
export function runsToCsv(runs: readonly ExportedRun[]): string {
  if (runs.length === 1) return runToCsv(runs[0]!.history);
  const parts = runs.map((run, i) => {
    const csv = runToCsv(run.history, { run: run.key });
    return i === 0 ? csv : csv.slice(csv.indexOf('\r\n') + 2);
  });
  return parts.join('') || `${csvLine(['run', ...RUN_COLUMNS])}\r\n`;
}

export interface RunJsonMeta {
  readonly preset: string;
  readonly url: string;
  /** The TF.js backend the run trained on, when known. */
  readonly backend?: string | undefined;
  readonly exportedAt?: Date;
}

export interface RunJson {
  readonly preset: string;
  readonly runs: { key: string; config: RunConfig; records: ScalarRecord[] }[];
  readonly url: string;
  readonly exportedAt: string;
  readonly backend: string | null;
}

export function runToJson(runs: readonly ExportedRun[], meta: RunJsonMeta): RunJson {
  return {
    preset: meta.preset,
    runs: runs.map((run) => ({ key: run.key, config: run.config, records: run.history.map(scalarRecord) })),
    url: meta.url,
    exportedAt: (meta.exportedAt ?? new Date()).toISOString(),
    backend: meta.backend ?? null,
  };
}

export interface RunExportOptions {
  lang: 'ja' | 'en';
  /** The page's UI strings; the `export.*` keys are used. */
  strings: Record<string, string>;
  /** The runs as they are now, read at the moment of each download. */
  getRuns(): readonly ExportedRun[];
  preset: string | (() => string);
  backend?: string | (() => string | undefined);
}

export interface RunExport {
  readonly element: HTMLElement;
  destroy(): void;
}

/**
 * Two buttons, "Download CSV" and "Download JSON", appended to `container`.
 * Everything is read when a button is pressed, so they can be mounted once
 * and left alone while runs restart.
 */
export function addRunExport(container: HTMLElement, options: RunExportOptions): RunExport {
  const { lang, strings: s } = options;
  const doc = container.ownerDocument;
  const element = doc.createElement('div');
  element.className = 'run-export';
  element.setAttribute('role', 'group');
  element.setAttribute('aria-label', s['export.label'] ?? '');
  const make = (format: 'csv' | 'json') => {
    const button = doc.createElement('button');
    button.type = 'button';
    button.className = 'pill-button';
    button.dataset.runExport = format;
    button.textContent = s[`export.${format}`] ?? format.toUpperCase();
    return button;
  };
  const csvButton = make('csv');
  const jsonButton = make('json');
  const message = doc.createElement('p');
  message.className = 'run-export__message';
  message.setAttribute('role', 'status');
  const row = doc.createElement('div');
  row.className = 'run-export__buttons';
  row.append(csvButton, jsonButton);
  element.append(row, message);
  container.append(element);

  const valueOf = <T>(v: T | (() => T)): T => (typeof v === 'function' ? (v as () => T)() : v);

  const save = (format: 'csv' | 'json') => {
    message.textContent = '';
    try {
      const runs = options
        .getRuns()
        .map((r) => ({ ...r, history: recordedOnly(r.history) }))
        .filter((r) => r.history.length > 0);
      if (runs.length === 0) {
        message.textContent = s['export.empty'] ?? '';
        return;
      }
      const preset = valueOf(options.preset);
      const name = exportFileName(`${preset}-metrics`, lang, new Date(), format);
      const blob =
        format === 'csv'
          ? new Blob([runsToCsv(runs)], { type: 'text/csv;charset=utf-8' })
          : new Blob([`${JSON.stringify(runToJson(runs, { preset, url: doc.defaultView?.location.href ?? '', backend: valueOf(options.backend) }), null, 2)}\n`], {
              type: 'application/json',
            });
      downloadBlob(doc, blob, name);
    } catch {
      message.textContent = s['export.failed'] ?? '';
    }
  };
  const onCsv = () => save('csv');
  const onJson = () => save('json');
  csvButton.addEventListener('click', onCsv);
  jsonButton.addEventListener('click', onJson);

  return {
    element,
    destroy() {
      csvButton.removeEventListener('click', onCsv);
      jsonButton.removeEventListener('click', onJson);
      element.remove();
    },
  };
}

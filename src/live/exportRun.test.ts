// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DEFAULT_CONFIG } from '../model/config.ts';
import type { MetricsRecord } from '../worker/protocol.ts';
import { RUN_COLUMNS, addRunExport, csvField, recordedOnly, runToCsv, runToJson, runsToCsv, scalarRecord, type ExportedRun } from './exportRun.ts';

const layer = (l2: number) => ({ l2, linf: l2 / 10 });
const spectrum = (ipr: number) => ({ power: new Float64Array(3), ipr });

/** A record with every field the engine sends, the values derived from the step so rows can be told apart. */
function record(step: number): MetricsRecord {
  const t = step / 100;
  return {
    step,
    train: { loss: 2 - t, accuracy: Math.min(1, t), zeroLossFraction: 0, margin: t - 0.5 },
    test: { loss: 3 - t, accuracy: t / 4 },
    softmaxCollapse: step >= 200,
    norms: { Wa: layer(1), Wb: layer(2), V: layer(3), total: layer(4 + t) },
    distanceFromInit: t / 2,
    ntkChange: t / 3,
    fourier: {
      Wa: spectrum(0.1),
      Wb: spectrum(0.3),
      V: spectrum(0.5),
      neurons: { frequency: new Int32Array(2), share: new Float32Array(2), tunedFraction: t / 5, keyFrequencies: [3, 5] },
    },
    waves: { p: 5, k: 3, neurons: [], circles: [{ k: 3, neurons: 2, x: [0], y: [0], circularity: 0.9 }] },
  };
}

const history = [0, 50, 100].map(record);
const run: ExportedRun = { key: 'main', config: DEFAULT_CONFIG, history };

/** Splits CSV text into rows of fields (RFC 4180 quoting), to check the writer against an independent reader. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\r' && text[i + 1] === '\n') {
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
      i++;
    } else field += ch;
  }
  return rows;
}

describe('runToCsv', () => {
  it('writes the documented header and one row per record', () => {
    const rows = parseCsv(runToCsv(history));
    expect(rows[0]).toEqual([...RUN_COLUMNS]);
    expect(rows[0]!.slice(0, 5)).toEqual(['step', 'train_loss', 'train_acc', 'test_loss', 'test_acc']);
    expect(rows).toHaveLength(history.length + 1);
    const last = rows.at(-1)!;
    const col = (name: string) => last[RUN_COLUMNS.indexOf(name)];
    expect(col('step')).toBe('100');
    expect(Number(col('train_acc'))).toBe(1);
    expect(Number(col('weight_norm'))).toBe(5);
    expect(Number(col('ipr'))).toBeCloseTo(0.2);
    expect(col('circularity')).toBe('0.9');
  });

  it('keeps numbers at full precision, writes booleans as 0/1 and missing values as empty fields', () => {
    const odd = { ...record(250), ntkChange: Number.NaN, distanceFromInit: 1 / 3 };
    const row = parseCsv(runToCsv([odd]))[1]!;
    expect(row[RUN_COLUMNS.indexOf('ntk_change')]).toBe('');
    expect(Number(row[RUN_COLUMNS.indexOf('distance_from_init')])).toBe(1 / 3);
    expect(row[RUN_COLUMNS.indexOf('softmax_collapse')]).toBe('1');
  });

  it('quotes fields with separators, quotes or line breaks', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField(null)).toBe('');
    const rows = parseCsv(runToCsv(history.slice(0, 1), { run: 'soft,"max"' }));
    expect(rows[0]![0]).toBe('run');
    expect(rows[1]![0]).toBe('soft,"max"');
    expect(rows[1]).toHaveLength(RUN_COLUMNS.length + 1);
  });

  it('joins several runs under one header with a run column', () => {
    const rows = parseCsv(runsToCsv([run, { key: 'stablemax', config: DEFAULT_CONFIG, history: history.slice(0, 2) }]));
    expect(rows[0]).toEqual(['run', ...RUN_COLUMNS]);
    expect(rows.map((r) => r[0])).toEqual(['run', 'main', 'main', 'main', 'stablemax', 'stablemax']);
    expect(parseCsv(runsToCsv([run]))[0]![0]).toBe('step');
  });
});

describe('runToJson', () => {
  it('round-trips through JSON with the settings, the link and the backend', () => {
    const at = new Date('2025-01-02T03:04:05Z');
    const json = runToJson([run], { preset: 'fast', url: 'http://x/en/12-playground/?preset=fast&step=100', backend: 'wasm', exportedAt: at });
    const back = JSON.parse(JSON.stringify(json)) as typeof json;
    expect(back).toEqual(json);
    expect(back.preset).toBe('fast');
    expect(back.backend).toBe('wasm');
    expect(back.exportedAt).toBe('2025-01-02T03:04:05.000Z');
    expect(back.url).toContain('step=100');
    expect(back.runs[0]!.config).toEqual(DEFAULT_CONFIG);
    expect(back.runs[0]!.records).toHaveLength(3);
    expect(back.runs[0]!.records.at(-1)).toEqual(scalarRecord(history.at(-1)!));
    expect(Object.keys(back.runs[0]!.records[0]!)).toEqual([...RUN_COLUMNS]);
  });

  it('writes null for an unknown backend and for values JSON cannot hold', () => {
    const json = runToJson([{ ...run, history: [{ ...record(0), ntkChange: Number.POSITIVE_INFINITY }] }], { preset: 'fast', url: '' });
    expect(json.backend).toBeNull();
    expect(JSON.parse(JSON.stringify(json)).runs[0].records[0].ntk_change).toBeNull();
  });
});

describe('recordedOnly', () => {
  it('leaves out records taken where the reader stopped, so identical runs export identical files', () => {
    const paused: MetricsRecord = { ...record(73), offCadence: true };
    const withPause = [record(0), record(50), paused, record(100)];
    expect(recordedOnly(withPause).map((r) => r.step)).toEqual([0, 50, 100]);
    expect(runToCsv(recordedOnly(withPause))).toBe(runToCsv(history));
  });
});

describe('addRunExport', () => {
  const strings = {
    'export.label': 'Download this run',
    'export.csv': 'Download CSV',
    'export.json': 'Download JSON',
    'export.empty': 'Nothing yet.',
    'export.failed': 'Failed.',
  };
  let saved: { name: string; blob: Blob }[];
  let blobs: Map<string, Blob>;

  beforeEach(() => {
    saved = [];
    blobs = new Map();
    let n = 0;
    URL.createObjectURL = (blob: Blob) => {
      const url = `blob:test/${++n}`;
      blobs.set(url, blob);
      return url;
    };
    URL.revokeObjectURL = () => {};
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, blob: blobs.get(this.href)! });
    });
  });
  afterEach(() => {
    vi.restoreAllMocks();
    document.body.replaceChildren();
  });

  it('renders two labelled buttons and saves CSV and JSON of the runs as they are when pressed', async () => {
    const container = document.createElement('div');
    document.body.append(container);
    let runs: ExportedRun[] = [];
    const handle = addRunExport(container, { lang: 'en', strings, getRuns: () => runs, preset: 'fast', backend: () => 'cpu' });
    const group = container.querySelector('[role="group"]')!;
    expect(group.getAttribute('aria-label')).toBe('Download this run');
    const [csv, json] = [...container.querySelectorAll('button')];
    expect([csv!.textContent, json!.textContent]).toEqual(['Download CSV', 'Download JSON']);

    csv!.click();
    expect(saved).toHaveLength(0);
    expect(container.querySelector('[role="status"]')!.textContent).toBe('Nothing yet.');

    runs = [{ ...run, history: [...history, { ...record(130), offCadence: true }] }];
    csv!.click();
    json!.click();
    expect(container.querySelector('[role="status"]')!.textContent).toBe('');
    expect(saved.map((s) => s.name)).toEqual([expect.stringMatching(/^fast-metrics-en-\d{8}-\d{4}\.csv$/), expect.stringMatching(/^fast-metrics-en-\d{8}-\d{4}\.json$/)]);
    const text = await saved[0]!.blob.text();
    expect(parseCsv(text)).toHaveLength(4);
    const parsed = JSON.parse(await saved[1]!.blob.text());
    expect(parsed.backend).toBe('cpu');
    expect(parsed.url).toBe(location.href);
    expect(parsed.runs[0].config.p).toBe(DEFAULT_CONFIG.p);

    handle.destroy();
    expect(container.children).toHaveLength(0);
  });

  it('shows a message instead of throwing when the runs cannot be read', () => {
    const container = document.createElement('div');
    addRunExport(container, {
      lang: 'ja',
      strings,
      preset: 'fast',
      getRuns: () => {
        throw new Error('gone');
      },
    });
    expect(() => container.querySelector('button')!.click()).not.toThrow();
    expect(container.querySelector('[role="status"]')!.textContent).toBe('Failed.');
  });
});

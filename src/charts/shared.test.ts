// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { buildTable, sampleIndices } from './a11y.ts';
import { cellEdges, mix, ramp } from './canvas.ts';
import { createFrame } from './frame.ts';
import {
  ADDITION_TABLE_LABELS,
  CLOCK_LABELS,
  KERNEL_SIGNAL_LABELS,
  PREDICTION_GRID_LABELS,
  SPECTRUM_LABELS,
  TRAINING_CURVES_LABELS,
  fill,
  formats,
  inSentence,
  list,
  resolveLabels,
} from './labels.ts';

const ALL_LABELS = {
  trainingCurves: TRAINING_CURVES_LABELS,
  predictionGrid: PREDICTION_GRID_LABELS,
  spectrum: SPECTRUM_LABELS,
  kernelSignal: KERNEL_SIGNAL_LABELS,
  clock: CLOCK_LABELS,
  additionTable: ADDITION_TABLE_LABELS,
};
const byLang = (lang: 'en' | 'ja') => Object.fromEntries(Object.entries(ALL_LABELS).map(([k, v]) => [k, v[lang]]));
import { estimateTextWidth, indexTicks } from './plot.ts';
import { FALLBACK, onThemeChange, readPalette } from './theme.ts';

afterEach(() => {
  document.documentElement.removeAttribute('style');
  document.body.replaceChildren();
});

describe('theme', () => {
  it('resolves tokens to colours, including light-dark() values', () => {
    document.documentElement.style.setProperty('--accent', 'light-dark(#123456, #abcdef)');
    document.documentElement.style.setProperty('--warm', '#ff8800');
    const palette = readPalette(document.body);
    expect(palette.accent).toBe('rgb(18, 52, 86)');
    expect(palette.warm).toBe('rgb(255, 136, 0)');
    // Undefined tokens fall back to the site's light values instead of inheriting text colour.
    expect(palette.fg).toBe(FALLBACK.fg);
    expect(document.body.childElementCount).toBe(0);
  });

  it('reports the site toggle and stops after unsubscribing', () => {
    const onChange = vi.fn();
    const off = onThemeChange(onChange);
    document.dispatchEvent(new CustomEvent('themechange', { detail: 'dark' }));
    expect(onChange).toHaveBeenCalledTimes(1);
    off();
    document.dispatchEvent(new CustomEvent('themechange', { detail: 'light' }));
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('listens to the system scheme where matchMedia exists', () => {
    const listeners: (() => void)[] = [];
    const query = { matches: false, addEventListener: (_: string, l: () => void) => listeners.push(l), removeEventListener: vi.fn() };
    vi.stubGlobal('matchMedia', () => query);
    const onChange = vi.fn();
    const off = onThemeChange(onChange);
    listeners.forEach((l) => l());
    expect(onChange).toHaveBeenCalledTimes(1);
    off();
    expect(query.removeEventListener).toHaveBeenCalled();
    vi.unstubAllGlobals();
  });
});

describe('frame', () => {
  it('draws once per frame however many updates arrive', () => {
    const queued: (() => void)[] = [];
    const draw = vi.fn();
    const frame = createFrame(draw, { request: (cb) => queued.push(cb), cancel: () => undefined });
    frame.request();
    frame.request();
    frame.request();
    expect(queued).toHaveLength(1);
    expect(draw).not.toHaveBeenCalled();
    queued.shift()!();
    expect(draw).toHaveBeenCalledTimes(1);
    frame.request();
    expect(queued).toHaveLength(1);
  });

  it('cancels a pending frame', () => {
    const cancel = vi.fn();
    const frame = createFrame(vi.fn(), { request: () => 7, cancel });
    frame.request();
    frame.cancel();
    expect(cancel).toHaveBeenCalledWith(7);
  });
});

describe('a11y', () => {
  it('builds a captioned table with column and row headers', () => {
    const table = buildTable({ caption: 'Cap', columns: ['k', 'v'], rows: [['a', 1], ['b', 2]] });
    expect(table.caption!.textContent).toBe('Cap');
    expect([...table.querySelectorAll('thead th')].map((th) => th.getAttribute('scope'))).toEqual(['col', 'col']);
    expect([...table.querySelectorAll('tbody th')].map((th) => th.textContent)).toEqual(['a', 'b']);
    expect(table.querySelector('tbody td')!.textContent).toBe('1');
    expect(buildTable({ caption: '', columns: [], rows: [[1, 2]], rowHeaders: false }).querySelector('tbody th')).toBeNull();
  });

  it('samples long series evenly, keeping both ends', () => {
    expect(sampleIndices(5, 40)).toEqual([0, 1, 2, 3, 4]);
    const s = sampleIndices(1001, 11);
    expect(s).toEqual([0, 100, 200, 300, 400, 500, 600, 700, 800, 900, 1000]);
    expect(sampleIndices(0, 10)).toEqual([]);
  });
});

describe('labels', () => {
  it('has the same keys in both languages', () => {
    const keys = (o: object): string[] =>
      Object.entries(o).flatMap(([k, v]) => (typeof v === 'object' ? keys(v).map((s) => `${k}.${s}`) : [k]));
    expect(keys(byLang('ja')).sort()).toEqual(keys(byLang('en')).sort());
  });

  it('uses the same placeholders in both languages', () => {
    const holes = (s: string) => [...new Set([...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
    const walk = (en: Record<string, unknown>, ja: Record<string, unknown>, path: string) => {
      for (const [k, v] of Object.entries(en)) {
        if (typeof v === 'string') expect(holes(ja[k] as string), `${path}.${k}`).toEqual(holes(v));
        else walk(v as Record<string, unknown>, ja[k] as Record<string, unknown>, `${path}.${k}`);
      }
    };
    walk(byLang('en'), byLang('ja'), '');
  });

  it('lays caller overrides over the defaults, one level deep', () => {
    const l = resolveLabels(TRAINING_CURVES_LABELS, 'en', { train: 'Seen', phases: { cleanup: 'Tidy-up' } });
    expect(l.train).toBe('Seen');
    expect(l.test).toBe('Test');
    expect(l.phases).toEqual({ memorization: 'Memorization', circuit: 'Circuit formation', cleanup: 'Tidy-up' });
    expect(TRAINING_CURVES_LABELS.en.phases.cleanup).toBe('Cleanup');
  });

  it('fills placeholders and leaves unknown ones visible', () => {
    expect(fill('{a} + {b} = {c}', { a: 1, b: 2 })).toBe('1 + 2 = {c}');
  });

  it('formats numbers the way each language writes them', () => {
    expect(formats('en').compact(12000)).toBe('12K');
    expect(formats('ja').compact(12000)).toBe('1.2万');
    expect(formats('en').integer(12345)).toBe('12,345');
    expect(formats('en').percent(0.996)).toBe('99.6%');
    expect(formats('ja').number(Number.NaN)).toBe('–');
    expect(list('en', ['3', '5', '7'])).toBe('3, 5, and 7');
    expect(list('ja', ['3', '5', '7'])).toBe('3、5、7');
  });

  it('lowercases a label mid-sentence only where that is right', () => {
    expect(inSentence('Weight norm')).toBe('weight norm');
    expect(inSentence('eNTK change')).toBe('eNTK change');
    expect(inSentence('IPR')).toBe('IPR');
    expect(inSentence('正解率')).toBe('正解率');
  });
});

describe('canvas helpers', () => {
  it('splits a span into cells that share edges', () => {
    const edges = cellEdges(3, 100);
    expect([...edges]).toEqual([0, 33, 67, 100]);
  });

  it('mixes and ramps colours', () => {
    expect(mix('rgb(0, 0, 0)', 'rgb(200, 100, 50)', 0.5)).toBe('rgb(100, 50, 25)');
    const lut = ramp('rgb(0, 0, 0)', 'rgb(255, 255, 255)', 3);
    expect([...lut.slice(0, 3)]).toEqual([0, 0, 0]);
    expect([...lut.slice(6, 9)]).toEqual([255, 255, 255]);
  });
});

describe('axis helpers', () => {
  it('labels round positions and the last one when there is room', () => {
    expect(indexTicks(7, 10)).toEqual([0, 1, 2, 3, 4, 5, 6]);
    expect(indexTicks(113, 6)).toEqual([0, 20, 40, 60, 80, 100, 112]);
    expect(indexTicks(97, 4)).toEqual([0, 25, 50, 75, 96]);
    // 101 − 1 = 100 sits on the stride; 99 would crowd 100 out.
    expect(indexTicks(101, 6)).toEqual([0, 20, 40, 60, 80, 100]);
  });

  it('estimates CJK labels wider than Latin ones of the same length', () => {
    expect(estimateTextWidth('回路形成', 10)).toBe(40);
    expect(estimateTextWidth('abcd', 10)).toBeCloseTo(23.2, 6);
  });
});

describe('colour parsing', () => {
  it('reads the forms a computed style produces', async () => {
    const { parseColor, toOklab, fromOklab } = await import('./canvas.ts');
    expect(parseColor('rgb(11, 107, 99)')).toEqual([11, 107, 99]);
    expect(parseColor('rgba(11, 107, 99, 0.5)')).toEqual([11, 107, 99]);
    expect(parseColor('rgb(11 107 99 / 50%)')).toEqual([11, 107, 99]);
    expect(parseColor('#0B6B63')).toEqual([11, 107, 99]);
    expect(parseColor('#fff')).toEqual([255, 255, 255]);
    expect(parseColor('oklch(0.5 0.1 180)')).toBeNull();
    const back = fromOklab(toOklab([11, 107, 99]));
    back.forEach((c, i) => expect(c).toBeCloseTo([11, 107, 99][i]!, 3));
    expect(toOklab([255, 255, 255])[0]).toBeCloseTo(1, 6);
  });
});

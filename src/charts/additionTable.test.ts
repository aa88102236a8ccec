// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { HIDDEN, cellValues, createAdditionTable, tintPercent } from './additionTable.ts';
import { mount, nextFrame, recordingContext } from './test-utils.ts';

// p = 5; the training pairs are those with a < b.
const p = 5;
const isTrain = Uint8Array.from({ length: p * p }, (_, i) => (Math.floor(i / p) < i % p ? 1 : 0));

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

const cellText = (a: number, b: number) => document.querySelector(`[data-a="${a}"][data-b="${b}"] text`)!.textContent;

describe('cellValues', () => {
  it('holds (a + b) mod p at pair index a·p + b', () => {
    const v = cellValues(p, undefined, 'all');
    expect(v[3 * p + 4]).toBe(2);
    expect(v[0]).toBe(0);
    expect(v[4 * p + 4]).toBe(3);
  });

  it('hides the test cells in split mode, and only then', () => {
    const split = cellValues(p, isTrain, 'split');
    expect(split[0 * p + 1]).toBe(1);
    expect(split[1 * p + 0]).toBe(HIDDEN);
    expect(split[2 * p + 2]).toBe(HIDDEN);
    expect([...split].filter((v) => v === HIDDEN)).toHaveLength(15);
    expect([...cellValues(p, isTrain, 'all')].filter((v) => v === HIDDEN)).toHaveLength(0);
  });

  it('tints larger values more strongly, within a legible range', () => {
    expect(tintPercent(0, 7)).toBe(6);
    expect(tintPercent(6, 7)).toBe(35);
    expect(tintPercent(3, 7)).toBeGreaterThan(tintPercent(2, 7));
  });
});

describe('createAdditionTable', () => {
  it('prints every cell at small p', async () => {
    const chart = createAdditionTable(mount(), { lang: 'en' });
    chart.update({ p, isTrain });
    await nextFrame();
    expect(document.querySelectorAll('.chart-cell')).toHaveLength(25);
    expect(cellText(3, 4)).toBe('2');
    expect(document.querySelectorAll('.chart-head-a')).toHaveLength(5);
    expect(document.querySelector('.chart-figure')!.getAttribute('aria-label')).toBe('Addition table modulo 5');
  });

  it('reveals the training split and hides the test cells', async () => {
    const chart = createAdditionTable(mount(), { lang: 'ja' });
    chart.update({ p, isTrain }, { mode: 'split' });
    await nextFrame();
    expect(cellText(0, 1)).toBe('1');
    expect(cellText(1, 0)).toBe('?');
    expect(document.querySelectorAll('[data-hidden="true"]')).toHaveLength(15);
    expect(document.querySelector('[data-a="1"][data-b="0"] rect')!.classList.contains('chart-cell--hidden')).toBe(true);
    expect(document.querySelector('.chart-legend__hidden')!.textContent).toBe('?隠したマス');
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toBe(
      '行が a、列が b で、各マスには (a + b) を 5 で割った余りが入ります。全 25 マスのうち訓練に使う 10 マスだけを見せ、残りの 15 マスは隠しています。',
    );
    chart.update({ p, isTrain }, { mode: 'all' });
    await nextFrame();
    expect(document.querySelectorAll('[data-hidden="true"]')).toHaveLength(0);
  });

  it('outlines the highlighted cell and names it', async () => {
    const chart = createAdditionTable(mount(), { lang: 'en' });
    chart.update({ p }, { highlight: { a: 2, b: 4 } });
    await nextFrame();
    const box = document.querySelector('.chart-highlight')!;
    const cell = document.querySelector('[data-a="2"][data-b="4"] rect')!;
    expect(box.getAttribute('x')).toBe(cell.getAttribute('x'));
    expect(box.getAttribute('y')).toBe(cell.getAttribute('y'));
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toContain('Highlighted: a = 2, b = 4, cell 1.');
  });

  it('switches to colour-coded canvas cells above the number limit', async () => {
    const { ctx, calls } = recordingContext();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never);
    const big = 23;
    const train = Uint8Array.from({ length: big * big }, (_, i) => (i % 3 === 0 ? 1 : 0));
    const chart = createAdditionTable(mount(), { lang: 'en' });
    chart.update({ p: big, isTrain: train }, { mode: 'split' });
    await nextFrame();
    expect(document.querySelectorAll('.chart-cell')).toHaveLength(0);
    expect(document.querySelector('canvas')!.hidden).toBe(false);
    // One fill per value of c, and a rect for each shown (training) cell only.
    expect(calls.filter((c) => c.name === 'fill')).toHaveLength(big);
    expect(calls.filter((c) => c.name === 'rect')).toHaveLength(train.reduce((n, v) => n + v, 0));
    expect(document.querySelector('.chart-legend')!.textContent).toContain('c = 22');
  });

  it('renders the table with a row per a and "?" for hidden cells', () => {
    const chart = createAdditionTable(mount(), { lang: 'en' });
    chart.update({ p, isTrain }, { mode: 'split' });
    const table = chart.table();
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['a \\ b', '0', '1', '2', '3', '4']);
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toHaveLength(5);
    expect(rows[1]).toEqual(['1', '?', '?', '3', '4', '0']);
  });
});

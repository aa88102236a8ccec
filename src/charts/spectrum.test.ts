// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  columnSnapshots,
  createSpectrum,
  heatmapPixels,
  intensities,
  shares,
  strongest,
  type SpectrumData,
} from './spectrum.ts';
import { createScale } from './scale.ts';
import { mount, nextFrame, recordingContext } from './test-utils.ts';

// p = 11 → k = 0…5. Three snapshots: flat, then k = 3 growing, then k = 3 and 5 dominant.
const nF = 6;
const data: SpectrumData = {
  steps: [0, 1000, 2000],
  frequencies: nF,
  power: [
    [9, 1, 1, 1, 1, 1],
    [9, 1, 1, 3, 1, 1],
    [9, 0, 0, 6, 0, 2],
  ].flat(),
  keyFrequencies: [3, 5],
  ipr: [0.2, 0.33, 0.625],
};

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('spectrum data', () => {
  it('turns a snapshot into shares of the non-constant power', () => {
    expect([...shares(data, 2, 1)]).toEqual([0, 0, 0.75, 0, 0.25]);
    expect([...shares(data, 0, 0)].reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect([...shares({ ...data, power: new Float64Array(18) }, 1, 1)]).toEqual([0, 0, 0, 0, 0]);
  });

  it('scales intensities by the largest share over the whole run', () => {
    const v = intensities(data, 1);
    expect(v).toHaveLength(3 * 5);
    expect(Math.max(...v)).toBe(1);
    // Flat first snapshot: each of five frequencies holds 0.2 of the power, 0.2/0.75 of the peak.
    expect(v[0]).toBeCloseTo(0.2 / 0.75, 6);
    expect(v[2 * 5 + 2]).toBe(1);
  });

  it('maps pixel columns to the snapshot covering them and leaves the future blank', () => {
    const x = createScale('linear', [0, 4000], [0, 40]);
    const columns = columnSnapshots(data.steps, 3, x, 40, 1);
    expect(columns[0]).toBe(0);
    expect(columns[9]).toBe(0);
    expect(columns[10]).toBe(1);
    expect(columns[25]).toBe(2);
    // The last snapshot covers one more interval (to step 3000), then nothing.
    expect(columns[29]).toBe(2);
    expect(columns[30]).toBe(-1);
  });

  it('colours pixels from the ramp and leaves uncovered columns transparent', () => {
    const lut = Uint8ClampedArray.from([0, 0, 0, 255, 255, 255]);
    const px = heatmapPixels(Float32Array.from([0, 1]), 2, Int32Array.from([0, -1]), lut);
    // Column 0, row 0 (intensity 0) → black; row 1 (intensity 1) → white; column 1 empty.
    expect([...px.slice(0, 4)]).toEqual([0, 0, 0, 255]);
    expect([...px.slice(4, 8)]).toEqual([0, 0, 0, 0]);
    expect([...px.slice(8, 12)]).toEqual([255, 255, 255, 255]);
  });

  it('ranks the strongest frequencies', () => {
    expect(strongest(shares(data, 2, 1), 1, 3)).toEqual([3, 5]);
    expect(strongest(shares(data, 0, 1), 1, 2)).toEqual([1, 2]);
  });
});

describe('createSpectrum', () => {
  it('marks each key frequency on the heatmap axis and its bar', async () => {
    const chart = createSpectrum(mount(), { lang: 'en' });
    chart.update(data);
    await nextFrame();
    const marks = [...document.querySelectorAll<SVGGElement>('.chart-key')];
    expect(marks.map((m) => m.dataset.k)).toEqual(['3', '5']);
    expect(marks.map((m) => m.querySelector('text')!.textContent)).toEqual(['3', '5']);
    const keyBars = [...document.querySelectorAll<SVGRectElement>('.chart-bar.is-key')].map((b) => b.dataset.k);
    expect(keyBars).toEqual(['3', '5']);
    expect(document.querySelectorAll('.chart-bar')).toHaveLength(5);
    expect(document.querySelector('.chart-legend__keys')!.textContent).toBe('▶Key frequencies: 3 and 5');
    expect(document.querySelector('.chart-key-glyph')!.getAttribute('aria-hidden')).toBe('true');
    expect(document.querySelector('.chart-ipr')!.textContent).toBe('IPR 0.625(1 means all power in one frequency)');
  });

  it('marks only the leading key frequencies and counts the rest', async () => {
    const chart = createSpectrum(mount(), { lang: 'en' });
    chart.update({ ...data, keyFrequencies: [3, 5, 1, 2] }, { maxKeys: 2 });
    await nextFrame();
    expect([...document.querySelectorAll<SVGGElement>('.chart-key')].map((m) => m.dataset.k)).toEqual(['3', '5']);
    expect(document.querySelector('.chart-legend__keys')!.textContent).toBe('▶Key frequencies: 3, 5 and 2 more');
    chart.destroy();
  });

  it('shows the bars of the chosen step', async () => {
    const chart = createSpectrum(mount(), { lang: 'en' });
    chart.update(data, { step: 1000 });
    await nextFrame();
    const width = (k: number) => Number(document.querySelector(`.chart-bar[data-k="${k}"]`)!.getAttribute('width'));
    expect(width(3) / width(1)).toBeCloseTo(3, 6);
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toBe(
      'Power per frequency at 3 points up to step 2,000. At step 1,000 the strongest frequencies are 3, 1, and 2. Key frequencies: 3 and 5. IPR 0.33.',
    );
  });

  it('can show the constant term k = 0', async () => {
    const chart = createSpectrum(mount(), { lang: 'ja' });
    chart.update(data, { includeConstant: true });
    await nextFrame();
    expect(document.querySelectorAll('.chart-bar')).toHaveLength(6);
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toContain('主要な周波数は 3、5。');
  });

  it('paints one band per frequency from a single image', async () => {
    const { ctx, calls } = recordingContext();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never);
    const chart = createSpectrum(mount(), { lang: 'en' });
    chart.update(data);
    await nextFrame();
    expect(calls.filter((c) => c.name === 'putImageData')).toHaveLength(1);
    expect(calls.filter((c) => c.name === 'drawImage')).toHaveLength(5);
  });

  it('tabulates the share of every frequency at the current step', () => {
    const chart = createSpectrum(mount(), { lang: 'en' });
    chart.update(data);
    const table = chart.table();
    expect(table.caption!.textContent).toBe('Power by frequency at step 2,000');
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['1', '0%', ''],
      ['2', '0%', ''],
      ['3', '75%', '✓'],
      ['4', '0%', ''],
      ['5', '25%', '✓'],
    ]);
  });

  it('says when there is no spectrum yet', async () => {
    const chart = createSpectrum(mount(), { lang: 'en' });
    chart.update({ steps: [], power: [], frequencies: 6 });
    await nextFrame();
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toBe('No spectrum yet.');
    expect((document.querySelector('.chart-ipr') as HTMLElement).hidden).toBe(true);
  });
});

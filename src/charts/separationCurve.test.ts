// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { allFractions, createSeparationCurve, firstAbove, markerPath, type SeparationCurveData } from './separationCurve.ts';
import { mount, nextFrame, pathPoints } from './test-utils.ts';

// p = 31 from the kernel lab's sweep (lazyrich.md, claim B); NaN where the network was not run.
const lab: SeparationCurveData = {
  p: 31,
  series: [
    { id: 'net', style: 'rich', fractions: [0.1, 0.2, 0.3, 0.4, 0.5], accuracy: [0.002, 0.039, 0.925, Number.NaN, 0.999] },
    { id: 'entk', style: 'kernel', fractions: [0.1, 0.2, 0.3, 0.4, 0.5], accuracy: [0.019, 0.018, 0.007, 0.006, 0.002] },
    { id: 'kinf', style: 'limit', fractions: [0.1, 0.2, 0.3, 0.4, 0.5], accuracy: [0, 0, 0, 0, 0] },
  ],
};

afterEach(() => document.body.replaceChildren());

describe('separation curve data', () => {
  it('finds where a learner first generalizes', () => {
    expect(firstAbove(lab.series[0]!, 0.9)).toBe(0.3);
    expect(firstAbove(lab.series[1]!, 0.9)).toBeNull();
  });

  it('collects every measured fraction once', () => {
    expect(allFractions([{ id: 'a', style: 'rich', fractions: [0.5, 0.1], accuracy: [1, 0] }, lab.series[2]!])).toEqual([0.1, 0.2, 0.3, 0.4, 0.5]);
  });

  it('gives each learner its own marker shape', () => {
    expect(markerPath('rich', 10, 10, 4)).toContain('a4,4');
    expect(markerPath('kernel', 10, 10, 4)).toBe('M6,6h8v8h-8Z');
    expect(markerPath('limit', 10, 10, 4)).toMatch(/^M10,5.4/);
  });
});

describe('createSeparationCurve', () => {
  it('draws one line per learner through its measured points, with a marker at each', async () => {
    const chart = createSeparationCurve(mount(), { lang: 'en' });
    chart.update(lab);
    await nextFrame();
    const series = [...document.querySelectorAll<SVGGElement>('.chart-series')];
    expect(series.map((s) => s.dataset.series)).toEqual(['net', 'entk', 'kinf']);
    expect(pathPoints(series[0]!.querySelector('.chart-series-line')!.getAttribute('d'))).toBe(4);
    expect(series[0]!.querySelectorAll('.chart-marker--rich')).toHaveLength(4);
    expect(series[1]!.querySelectorAll('.chart-marker--kernel')).toHaveLength(5);
    expect([...document.querySelectorAll('.chart-legend__name')].map((n) => n.textContent)).toEqual([
      'Network (learns features)',
      'eNTK at initialization (kernel)',
      'Infinite-width kernel K∞',
    ]);
  });

  it('draws chance at 1/p and says which learners generalize', async () => {
    const chart = createSeparationCurve(mount(), { lang: 'en' });
    chart.update(lab);
    await nextFrame();
    expect(document.querySelector('.chart-chance-label')!.textContent).toBe('chance 3.2%');
    const line = document.querySelector('.chart-chance')!;
    const y0 = Number(document.querySelector('.chart-axis--y .tick')!.getAttribute('transform')!.match(/,([\d.]+)/)![1]);
    expect(1 - Number(line.getAttribute('y1')) / y0).toBeCloseTo(1 / 31, 6);
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toBe(
      'Test accuracy against the training fraction for p = 31; chance is 3.2%. Network (learns features): above 90% from a training fraction of 30%. eNTK at initialization (kernel): never above 1.9%. Infinite-width kernel K∞: never above 0%.',
    );
  });

  it("marks the reader's run and fades all but the highlighted learner", async () => {
    const chart = createSeparationCurve(mount(), { lang: 'ja' });
    chart.update(lab, { fraction: 0.4, highlight: 'entk' });
    await nextFrame();
    expect(document.querySelector('.chart-run-label')!.textContent).toBe('あなたの学習');
    const dim = [...document.querySelectorAll<SVGGElement>('.chart-series.is-dim')].map((s) => s.dataset.series);
    expect(dim.sort()).toEqual(['kinf', 'net']);
    expect(document.querySelector('.chart-series:last-child')!.getAttribute('data-series')).toBe('entk');
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toContain(
      'ネットワーク（特徴を学習）は訓練データの割合が 30% 以上で 90% を超える。',
    );
  });

  it('tabulates accuracy by fraction with a column per learner', () => {
    const chart = createSeparationCurve(mount(), { lang: 'en' });
    chart.update(lab);
    const rows = [...chart.table().querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toHaveLength(5);
    expect(rows[3]).toEqual(['40%', '–', '0.6%', '0%']);
  });
});

describe('separation curve spread', () => {
  it('draws a whisker of ± one standard deviation where the seeds disagree, and none where they agree', async () => {
    const host = mount();
    const chart = createSeparationCurve(host, { lang: 'en' });
    chart.update({
      p: 31,
      series: [{ id: 'net', style: 'rich', fractions: [0.2, 0.3, 0.4], accuracy: [0.04, 0.93, 1], spread: [0.02, 0.05, 0] }],
    });
    await nextFrame();
    const whiskers = host.querySelectorAll('path.chart-whisker');
    expect(whiskers).toHaveLength(2);
    expect(whiskers[0]!.getAttribute('class')).toContain('chart-whisker--rich');
    chart.destroy();
  });
});

// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { decimate, linePath, nearestIndex, stepScale } from './plot.ts';
import { mount, nextFrame, pathPoints } from './test-utils.ts';
import { createTrainingCurves, furthestStep, type TrainingCurvesData } from './trainingCurves.ts';
import { createScale } from './scale.ts';

const run: TrainingCurvesData = {
  accuracy: { steps: [0, 100, 200, 300, 400], train: [0.1, 0.9, 1, 1, 1], test: [0.01, 0.02, 0.05, 0.6, 0.99] },
  loss: { steps: [0, 100, 200, 300, 400], train: [4.6, 0.5, 0.01, 0, 0.001], test: [4.6, 6, 7, 2, 0.05] },
  ghost: {
    accuracy: { steps: [0, 200, 400, 600], train: [0.1, 1, 1, 1], test: [0.01, 0.03, 0.9, 1] },
  },
  phases: [
    { id: 'memorization', start: 0, end: 150 },
    { id: 'circuit', start: 150, end: 350 },
    { id: 'cleanup', start: 350, end: 600 },
  ],
};

afterEach(() => document.body.replaceChildren());

describe('createTrainingCurves', () => {
  it('draws a train and a test path through every live point, above a ghost', async () => {
    const chart = createTrainingCurves(mount(), { lang: 'en' });
    chart.update(run);
    await nextFrame();
    const live = document.querySelectorAll('.chart-live path');
    expect(live).toHaveLength(2);
    expect(pathPoints(live[0]!.getAttribute('d'))).toBe(5);
    expect(pathPoints(live[1]!.getAttribute('d'))).toBe(5);
    expect(live[1]!.classList.contains('chart-line--test')).toBe(true);

    const ghost = document.querySelectorAll('.chart-ghost path');
    expect(ghost).toHaveLength(2);
    expect(pathPoints(ghost[0]!.getAttribute('d'))).toBe(4);
    // The ghost layer comes first in document order, so it paints beneath.
    const layers = [...document.querySelectorAll('.chart-plot > g')].map((g) => g.getAttribute('class'));
    expect(layers.indexOf('chart-ghost')).toBeLessThan(layers.indexOf('chart-live'));
  });

  it('draws each line through its own values', async () => {
    const chart = createTrainingCurves(mount(), { lang: 'en' });
    chart.update(run);
    await nextFrame();
    const lastPoint = (selector: string) => {
      const d = document.querySelector(selector)!.getAttribute('d')!;
      const [x, y] = d.split(/[ML]/).at(-1)!.split(',').map(Number);
      return { x: x!, y: y! };
    };
    const train = lastPoint('.chart-live .chart-line--train');
    const test = lastPoint('.chart-live .chart-line--test');
    // The last step's markers sit on the line ends: train at 100%, test at 99%.
    expect(train.y).toBeCloseTo(Number(document.querySelector('.chart-step-marker .chart-marker--train')!.getAttribute('cy')), 0);
    expect(test.y).toBeCloseTo(Number(document.querySelector('.chart-step-marker .chart-marker--test')!.getAttribute('y')) + 4.5, 0);
    const y0 = Number(document.querySelector('.chart-axis--y .tick')!.getAttribute('transform')!.match(/,([\d.]+)/)![1]);
    // 0% sits at y0 and 100% at 0, so 99% is 1% of the way up from 100%.
    expect(train.y).toBeCloseTo(0, 0);
    expect(test.y / y0).toBeCloseTo(0.01, 2);
  });

  it('hides the ghost and its legend entry when asked', async () => {
    const chart = createTrainingCurves(mount(), { lang: 'en' });
    chart.update(run, { showGhost: false });
    await nextFrame();
    expect(document.querySelector('.chart-ghost')!.getAttribute('display')).toBe('none');
    expect((document.querySelector('.chart-legend__item--ghost') as HTMLElement).hidden).toBe(true);
  });

  it('shades one band per phase with its name in the page language', async () => {
    const chart = createTrainingCurves(mount(), { lang: 'ja' });
    chart.update(run, { activePhase: 'circuit' });
    await nextFrame();
    const bands = [...document.querySelectorAll<SVGGElement>('.chart-phase')];
    expect(bands.map((b) => b.dataset.phase)).toEqual(['memorization', 'circuit', 'cleanup']);
    expect(bands.map((b) => b.querySelector('text')!.textContent)).toEqual(['暗記', '回路形成', '整理']);
    expect(bands.filter((b) => b.classList.contains('is-active')).map((b) => b.dataset.phase)).toEqual(['circuit']);
    // Bands are laid out on the step axis: the circuit band is twice as wide as memorization is long (200 vs 150 steps).
    const widths = bands.map((b) => Number(b.querySelector('rect')!.getAttribute('width')));
    expect(widths[1]! / widths[0]!).toBeCloseTo(200 / 150, 5);
    expect(document.querySelector('.chart-figure')!.getAttribute('aria-label')).toContain('学習曲線');
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toContain('段階：整理。');
  });

  it('puts the step marker and the legend values at the current step', async () => {
    const chart = createTrainingCurves(mount(), { lang: 'en' });
    chart.update(run, { step: 300 });
    await nextFrame();
    const lineX = Number(document.querySelector('.chart-step-line')!.getAttribute('x1'));
    const bandStart = Number(document.querySelector('[data-phase="circuit"] rect')!.getAttribute('x'));
    const bandWidth = Number(document.querySelector('[data-phase="circuit"] rect')!.getAttribute('width'));
    // Step 300 sits three quarters of the way through the 150–350 band.
    expect((lineX - bandStart) / bandWidth).toBeCloseTo(0.75, 5);
    expect(document.querySelector('.chart-legend__item--test .chart-legend__value')!.textContent).toBe('60%');
    expect(document.querySelector('.chart-legend__step')!.textContent).toBe('Step 300');
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toBe(
      'Train and test accuracy over 400 steps. At step 300: train 100%, test 60%. Phase: Circuit formation. A reference run is drawn faintly underneath.',
    );
  });

  it('switches to loss and leaves gaps where a log axis cannot go', async () => {
    const chart = createTrainingCurves(mount(), { lang: 'en' });
    chart.update(run, { metric: 'loss', yScale: 'log' });
    await nextFrame();
    const train = document.querySelector('.chart-live .chart-line--train')!;
    expect(train.getAttribute('data-points')).toBe('4');
    expect(pathPoints(train.getAttribute('d'))).toBe(4);
    // The reference run has no loss, so nothing is drawn for it.
    expect(document.querySelector('.chart-ghost')!.getAttribute('display')).toBe('none');
    expect(document.querySelector('.chart-legend__title')!.textContent).toBe('Loss');
  });

  it('keeps state between updates so data can stream in under a fixed view', async () => {
    const chart = createTrainingCurves(mount(), { lang: 'en' });
    chart.update(run, { metric: 'loss' });
    chart.update(run);
    await nextFrame();
    expect(document.querySelector('.chart-legend__title')!.textContent).toBe('Loss');
  });

  it('describes an empty run instead of printing placeholders', async () => {
    const chart = createTrainingCurves(mount(), { lang: 'en', labels: { ghost: 'Saved run' } });
    chart.update({ accuracy: { steps: [], train: [], test: [] } });
    await nextFrame();
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toBe('No training data yet.');
    expect(document.querySelector('.chart-step-marker')!.getAttribute('display')).toBe('none');
    expect(document.querySelector('.chart-legend__item--ghost')!.textContent).toBe('Saved run');
  });

  it('renders the run as a table, one row per logged step', () => {
    const chart = createTrainingCurves(mount(), { lang: 'en' });
    chart.update(run);
    const table = chart.table();
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'Step',
      'Train accuracy',
      'Test accuracy',
      'Train loss',
      'Test loss',
    ]);
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toHaveLength(5);
    expect(rows[3]).toEqual(['300', '100%', '60%', '0', '2']);
    expect(table.querySelector('tbody th')!.getAttribute('scope')).toBe('row');
  });

  it('samples long runs down to at most 40 table rows, keeping the last step', () => {
    const n = 1000;
    const steps = Array.from({ length: n }, (_, i) => i * 10);
    const chart = createTrainingCurves(mount(), { lang: 'ja' });
    chart.update({ accuracy: { steps, train: steps.map(() => 1), test: steps.map(() => 0.5) } });
    const rows = chart.table().querySelectorAll('tbody tr');
    expect(rows).toHaveLength(40);
    expect(rows[39]!.firstElementChild!.textContent).toBe('9,990');
    expect(chart.table().querySelector('thead')!.textContent).toContain('訓練の正解率');
  });

  it('opens a table on request and removes everything on destroy', async () => {
    const container = mount();
    const chart = createTrainingCurves(container, { lang: 'en' });
    chart.update(run);
    const details = container.querySelector('details')!;
    expect(details.querySelector('summary')!.textContent).toBe('Show as table');
    details.open = true;
    details.dispatchEvent(new Event('toggle'));
    expect(details.querySelectorAll('tbody tr')).toHaveLength(5);
    chart.destroy();
    expect(container.childElementCount).toBe(0);
  });
});

describe('step helpers', () => {
  it('finds the last logged step at or before a step', () => {
    const steps = [0, 10, 20, 40];
    expect(nearestIndex(steps, -5)).toBe(0);
    expect(nearestIndex(steps, 10)).toBe(1);
    expect(nearestIndex(steps, 39)).toBe(2);
    expect(nearestIndex(steps, 1e9)).toBe(3);
    expect(nearestIndex([], 3)).toBe(-1);
  });

  it('sizes the step axis to the furthest of run, ghost and phases', () => {
    expect(furthestStep(run)).toBe(600);
    expect(furthestStep({ ...run, maxStep: 5000 })).toBe(5000);
  });

  it('decimates a dense line to at most four points per pixel column, keeping the extremes', () => {
    const n = 10_000;
    const px = Float64Array.from({ length: n }, (_, i) => (i / n) * 100);
    const values = Float64Array.from({ length: n }, (_, i) => Math.sin(i / 50));
    values[5003] = 9;
    const kept = decimate(px, values);
    expect(kept.length).toBeLessThanOrEqual(400);
    expect(kept).toContain(5003);
    expect(kept).toContain(0);
    expect(kept).toContain(n - 1);
    expect([...kept].sort((a, b) => a - b)).toEqual(kept);
  });

  it('uses decimation only when a line has more points than pixels to show them', () => {
    const steps = Array.from({ length: 5000 }, (_, i) => i);
    const values = steps.map((s) => s % 7);
    const x = stepScale('linear', 5000, [0, 200]);
    const y = createScale('linear', [0, 7], [100, 0]);
    expect(linePath(steps, values, x, y).points).toBeLessThanOrEqual(800);
    expect(linePath(steps.slice(0, 300), values, x, y).points).toBe(300);
  });
});

describe('loss on a log axis', () => {
  it('puts decade labels on the loss axis', async () => {
    const chart = createTrainingCurves(mount(), { lang: 'en' });
    chart.update(run, { metric: 'loss', yScale: 'log' });
    await nextFrame();
    const labels = [...document.querySelectorAll('.chart-axis--y .tick text')].map((t) => t.textContent);
    expect(labels.every((l) => /^(1|10|10⁻?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)$/.test(l ?? ''))).toBe(true);
    expect(labels).toContain('10⁻²');
  });
});

// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { createKernelSignal, panelsFor, type KernelSignalData } from './kernelSignal.ts';
import { mount, nextFrame, pathPoints } from './test-utils.ts';

const run: KernelSignalData = {
  steps: [0, 100, 200, 300],
  ntkChange: [0, 0.01, 0.4, 1.2],
  distanceFromInit: [0, 0.05, 0.3, 0.6],
  weightNorm: [40, 41, 35, 20],
  ghost: { steps: [0, 200, 400], ntkChange: [0, 0.5, 1.5], distanceFromInit: [0, 0.3, 0.7], weightNorm: [40, 36, 18] },
  phases: [
    { id: 'memorization', start: 0, end: 150 },
    { id: 'circuit', start: 150, end: 400 },
  ],
};

afterEach(() => document.body.replaceChildren());

describe('createKernelSignal', () => {
  it('draws one panel per signal, each with its live line, its ghost and the current value', async () => {
    const chart = createKernelSignal(mount(), { lang: 'en' });
    chart.update(run, { step: 200 });
    await nextFrame();
    const panels = [...document.querySelectorAll<SVGGElement>('.chart-panel')];
    expect(panels.map((p) => p.dataset.signal)).toEqual(['ntkChange', 'distanceFromInit', 'weightNorm']);
    for (const panel of panels) {
      expect(pathPoints(panel.querySelector('.chart-line--live')!.getAttribute('d'))).toBe(4);
      expect(pathPoints(panel.querySelector('.chart-line--ghost')!.getAttribute('d'))).toBe(3);
    }
    expect(panels.map((p) => p.querySelector('.chart-panel-value')!.textContent)).toEqual(['0.4', '0.3', '35']);
    expect(panels[0]!.querySelector('.chart-panel-name')!.textContent).toBe('eNTK change');
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toBe(
      'At step 200: eNTK change 0.4, distance from initialization 0.3, and weight norm 35.',
    );
  });

  it('gives each panel its own value axis', async () => {
    const chart = createKernelSignal(mount(), { lang: 'en' });
    chart.update(run);
    await nextFrame();
    // Where the current value sits as a share of the panel's height, from the bottom.
    const level = (signal: string) => {
      const panel = document.querySelector(`[data-signal="${signal}"]`)!;
      const plotH = Number(panel.querySelector('.chart-step-line')!.getAttribute('y2'));
      return 1 - Number(panel.querySelector('.chart-marker')!.getAttribute('cy')) / plotH;
    };
    // eNTK change 1.2 on an axis that reaches the reference run's 1.5, rounded up to 1.6;
    // weight norm 20 on an axis to this run's peak of 41, rounded up to 45.
    expect(level('ntkChange')).toBeCloseTo(1.2 / 1.6, 6);
    expect(level('weightNorm')).toBeCloseTo(20 / 45, 6);
    expect(level('distanceFromInit')).toBeCloseTo(0.6 / 0.7, 6);
  });

  it('names the phases above the first panel only', async () => {
    const chart = createKernelSignal(mount(), { lang: 'ja' });
    chart.update(run);
    await nextFrame();
    const names = [...document.querySelectorAll('.chart-phase text')].map((t) => t.textContent);
    expect(names).toEqual(['暗記', '回路形成', '', '', '', '']);
    expect(document.querySelectorAll('.chart-phase')).toHaveLength(6);
  });

  it('shows only the requested panels, and only the signals a run has', async () => {
    const chart = createKernelSignal(mount(), { lang: 'en' });
    chart.update(run, { panels: ['weightNorm'], showGhost: false });
    await nextFrame();
    expect([...document.querySelectorAll<SVGGElement>('.chart-panel')].map((p) => p.dataset.signal)).toEqual(['weightNorm']);
    expect(document.querySelector('.chart-panel .chart-line--ghost')!.getAttribute('display')).toBe('none');
    expect(panelsFor({ steps: [0], weightNorm: [1] })).toEqual(['weightNorm']);
    expect(panelsFor({ steps: [], ghost: { steps: [0], ntkChange: [0] } })).toEqual(['ntkChange']);
  });

  it('tabulates each signal by step', () => {
    const chart = createKernelSignal(mount(), { lang: 'ja' });
    chart.update(run);
    const table = chart.table();
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'ステップ',
      'eNTK の変化',
      '初期値からの距離',
      '重みのノルム',
    ]);
    expect([...table.querySelectorAll('tbody tr')[3]!.children].map((c) => c.textContent)).toEqual(['300', '1.2', '0.6', '20']);
  });

  it('describes an empty run', async () => {
    const chart = createKernelSignal(mount(), { lang: 'en' });
    chart.update({ steps: [] });
    await nextFrame();
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toBe('No training data yet.');
  });
});

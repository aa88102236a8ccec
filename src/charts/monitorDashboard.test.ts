// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createMonitorDashboard, monitorPanels, type MonitorDashboardData } from './monitorDashboard.ts';
import { mount, nextFrame, pathPoints } from './test-utils.ts';

const run: MonitorDashboardData = {
  steps: [0, 100, 200, 300],
  trainLoss: [4, 0.1, 0.001, 0],
  trainAccuracy: [0.01, 1, 1, 1],
  zeroLoss: [0, 0, 0.05, 0.6],
  weightNorm: [80, 90, 100, 110],
  ntkChange: [0, 1, 2, 3],
  distanceFromInit: [0, 0.5, 0.6, 0.7],
  tunedFraction: [0, 0.01, 0.01, 0.01],
  ipr: [0.08, 0.085, 0.086, 0.087],
  testAccuracy: [0.01, 0.003, 0.004, 0.005],
  ghost: { steps: [0, 150, 300], trainLoss: [4, 0.01, 0.0001], trainAccuracy: [0.01, 1, 1], weightNorm: [80, 95, 108], testAccuracy: [0.01, 0.01, 0.01] },
  verdicts: [
    { verdict: 'early', start: 0, end: 150 },
    { verdict: 'intervene', start: 150, end: 250 },
    { verdict: 'collapse', start: 250, end: 300 },
  ],
  maxStep: 300,
};

const live: { destroy(): void }[] = [];
afterEach(() => {
  for (const chart of live.splice(0)) chart.destroy();
  vi.restoreAllMocks();
  document.body.replaceChildren();
});
function create(lang: 'ja' | 'en') {
  const chart = createMonitorDashboard(mount(), { lang });
  live.push(chart);
  return chart;
}
const panelIds = () => [...document.querySelectorAll<SVGGElement>('.chart-panel')].map((p) => p.dataset.panel);
const panel = (id: string) => document.querySelector<SVGGElement>(`.chart-panel[data-panel="${id}"]`)!;

describe('createMonitorDashboard', () => {
  it('draws the five signals that need no test set, and the gap only for a reader with a held-out set', async () => {
    const chart = create('en');
    chart.update(run);
    await nextFrame();
    expect(panelIds()).toEqual(['loss', 'fit', 'norm', 'motion', 'structure']);
    expect(document.querySelector('[data-series="testAccuracy"]')).toBeNull();
    chart.update(run, { heldOut: true });
    await nextFrame();
    expect(panelIds()).toEqual(['loss', 'fit', 'norm', 'motion', 'structure', 'gap']);
    expect(pathPoints(panel('gap').querySelector('[data-series="testAccuracy"]')!.getAttribute('d'))).toBe(4);
    expect(panel('gap').querySelector('.monitor-gap-area')!.getAttribute('d')).toMatch(/Z$/);
    expect(monitorPanels(false)).not.toContain('gap');
  });

  it('draws each line with its reference run beneath, leaving exactly-zero losses off the log axis', async () => {
    const chart = create('en');
    chart.update(run);
    await nextFrame();
    expect(pathPoints(panel('loss').querySelector('[data-series="trainLoss"]')!.getAttribute('d'))).toBe(3);
    expect(pathPoints(panel('loss').querySelector('.chart-line--ghost')!.getAttribute('d'))).toBe(3);
    expect(pathPoints(panel('fit').querySelector('[data-series="zeroLoss"]')!.getAttribute('d'))).toBe(4);
    expect(pathPoints(panel('structure').querySelector('[data-series="ipr"]')!.getAttribute('d'))).toBe(4);
    // A reference without the signal draws no ghost line for it.
    expect(panel('structure').querySelector('.chart-line--ghost')!.getAttribute('d')).toBeNull();
    chart.update(run, { showGhost: false });
    await nextFrame();
    expect(panel('loss').querySelectorAll('.chart-line--ghost')).toHaveLength(0);
  });

  it('labels the values now: beside the title for one line, in the key for two', async () => {
    const chart = create('en');
    chart.update(run, { step: 200 });
    await nextFrame();
    expect(panel('norm').querySelector('.chart-panel-value')!.textContent).toBe('100');
    expect(panel('norm').querySelector('.monitor-key text')!.textContent).toBe('‖θ‖, all weights');
    expect([...panel('fit').querySelectorAll('.monitor-key text')].map((t) => t.textContent)).toEqual(['accuracy 100%', 'loss exactly 0 5%']);
    expect(panel('structure').querySelector('.chart-panel-title')!.textContent).toBe('Is a structured circuit forming?');
  });

  it('shows the reading over time as a strip of verdicts', async () => {
    const chart = create('ja');
    chart.update(run, { step: 300 });
    await nextFrame();
    const spans = [...document.querySelectorAll<SVGGElement>('.monitor-span')];
    expect(spans.map((s) => s.dataset.verdict)).toEqual(['early', 'intervene', 'collapse']);
    expect(spans.map((s) => s.dataset.start)).toEqual(['0', '150', '250']);
    expect(spans.map((s) => s.querySelector('text')!.textContent)).toEqual(['様子見', '介入', '崩壊']);
    const widths = spans.map((s) => Number(s.querySelector('rect')!.getAttribute('width')));
    expect(widths[0]! / widths[1]!).toBeCloseTo(1.5, 6);
    expect(document.querySelector('.monitor-strip-title')!.textContent).toBe('診断');
  });

  it('describes the current values and the reading', async () => {
    const chart = create('en');
    chart.update(run, { step: 300 });
    await nextFrame();
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toBe(
      'At step 300: loss 0, accuracy 100%, loss exactly 0 60%, norm 110, eNTK change 3, distance from init 0.7, tuned neurons 1%, and IPR 0.087. Reading: Collapse.',
    );
  });

  it('tabulates every signal shown, with the reading', () => {
    const chart = create('ja');
    chart.update(run, { heldOut: true });
    const table = chart.table();
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'ステップ',
      '損失',
      '正解率',
      '損失がちょうど 0',
      'ノルム',
      'eNTK の変化',
      '初期値からの距離',
      '同調ニューロン',
      'IPR',
      'テスト',
      '診断',
    ]);
    expect([...table.querySelectorAll('tbody tr')[2]!.children].map((c) => c.textContent)).toEqual([
      '200',
      '0.001',
      '100%',
      '5%',
      '100',
      '2',
      '0.6',
      '1%',
      '0.086',
      '0.4%',
      '介入',
    ]);
  });

  it('stacks the panels in one column on a narrow screen and in two on a wide one', async () => {
    const x = (id: string) => Number(/translate\(([\d.]+),/.exec(panel(id).getAttribute('transform') ?? '')![1]);
    const chart = create('en');
    chart.update(run);
    await nextFrame();
    // jsdom has no layout: the chart assumes 640 px, room for two columns.
    expect(x('fit')).toBeGreaterThan(x('loss'));
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(340);
    chart.resize();
    await nextFrame();
    expect(x('fit')).toBe(x('loss'));
  });

  it('describes an empty run', async () => {
    const chart = create('en');
    chart.update({ steps: [] });
    await nextFrame();
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toBe('No training data yet.');
  });
});

describe('value axes', () => {
  it('spans the weight norm’s own range, so a trend of a few per cent shows', async () => {
    const chart = createMonitorDashboard(mount(), { lang: 'en' });
    live.push(chart);
    const { ghost: _ghost, ...alone } = run;
    chart.update(alone);
    await nextFrame();
    const ticks = [...panel('norm').querySelectorAll('.chart-axis--y .tick text')].map((t) => Number(t.textContent));
    expect(Math.min(...ticks)).toBeGreaterThanOrEqual(80);
    expect(Math.max(...ticks)).toBeLessThanOrEqual(110);
  });
});

// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import {
  createNeuronWaves,
  cyclicColor,
  fitted,
  labelledPoints,
  pickCircle,
  shapeOf,
  waveOrder,
  wavePosition,
  type NeuronWavesData,
  type WaveNeuron,
} from './neuronWaves.ts';
import { mount, nextFrame, pathPoints } from './test-utils.ts';

const p = 11;
const angle = (k: number, a: number) => (2 * Math.PI * ((k * a) % p)) / p;

function neuron(index: number, k: number, phase: number, noise = 0): WaveNeuron {
  const weights = Array.from({ length: p }, (_, a) => 0.1 + 0.5 * Math.cos(angle(k, a) + phase) + (a % 2 ? noise : -noise));
  return { index, k, weights, amplitude: 0.5, phase, offset: 0.1, fit: noise === 0 ? 1 : 0.3 };
}

const circle = (k: number) => ({
  k,
  x: Array.from({ length: p }, (_, a) => Math.cos(angle(k, a))),
  y: Array.from({ length: p }, (_, a) => Math.sin(angle(k, a))),
  circularity: 1,
});

const cloud = { k: 2, x: [0.3, -1, 0.2, 0.9, -0.4, 0.1, 1.2, -0.8, 0, 0.5, -0.6], y: [1, 0.2, -0.7, 0.1, 0.4, -1.1, 0.3, 0.6, -0.2, -0.9, 0.8], circularity: 0.05 };

const data: NeuronWavesData = {
  p,
  k: 3,
  step: 1000,
  neurons: [neuron(17, 3, 0.4), neuron(5, 2, -1), neuron(40, 3, 2.1), neuron(8, 4, 0, 0.3)],
  circles: [circle(3), cloud],
};

afterEach(() => document.body.replaceChildren());

describe('neuron waves data', () => {
  it('places a where the wave visits it, so one period spans the panel', () => {
    expect(wavePosition(3, 4, p)).toBe(1);
    expect(waveOrder(3, p)).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7]);
    const n = neuron(0, 3, 0.4);
    for (let a = 0; a < p; a++) expect(fitted(n, wavePosition(3, a, p), p)).toBeCloseTo(n.weights[a]!, 10);
  });

  it('labels points a quarter of the wave apart', () => {
    expect(labelledPoints(1, 47)).toEqual([0, 11, 23, 35]);
    expect(labelledPoints(3, 97)).toEqual([0, 8, 16, 24]);
  });

  it('picks the asked-for circle, else the dominant one', () => {
    expect(pickCircle(data, 2)?.k).toBe(2);
    expect(pickCircle(data, 9)?.k).toBe(3);
    expect(pickCircle(data)?.k).toBe(3);
    expect(pickCircle({ ...data, k: 7 })?.k).toBe(3);
  });

  it('names the shape from the circularity', () => {
    expect([shapeOf(0.95), shapeOf(0.6), shapeOf(0.1)]).toEqual(['ring', 'rough', 'cloud']);
  });

  it('cycles its colours', () => {
    expect(cyclicColor(0)).toBe(cyclicColor(1));
    expect(cyclicColor(0)).toBe('rgb(0, 114, 178)');
    expect(cyclicColor(0.25)).not.toBe(cyclicColor(0.75));
  });
});

describe('createNeuronWaves', () => {
  it('draws a panel per neuron with a dot per a on the fitted line, and the circle joined in wave order', async () => {
    const host = mount();
    const chart = createNeuronWaves(host, { lang: 'en' });
    chart.update(data);
    await nextFrame();
    const panels = [...host.querySelectorAll<SVGGElement>('.chart-wave-neuron')];
    expect(panels.map((g) => g.dataset.neuron)).toEqual(['17', '5', '40', '8']);
    expect(panels.map((g) => g.querySelector('.chart-panel-title')!.textContent)).toEqual([
      'k = 3 · fit 100%',
      'k = 2 · fit 100%',
      'k = 3 · fit 100%',
      'k = 4 · fit 30%',
    ]);
    expect(panels.filter((g) => g.classList.contains('is-close'))).toHaveLength(3);
    expect(panels[0]!.querySelectorAll('.chart-wave-dot')).toHaveLength(p);
    expect(pathPoints(panels[0]!.querySelector('.chart-wave-fit')!.getAttribute('d'))).toBeGreaterThan(20);
    // The dot at the wave's start (a = 0, j = 0) sits at the left edge.
    expect(panels[0]!.querySelector('.chart-wave-dot')!.getAttribute('cx')).toBe('0');

    const pts = [...host.querySelectorAll<SVGCircleElement>('.chart-wave-point')];
    expect(pts).toHaveLength(p);
    // On a circle: every point the same distance from the centre.
    const r = pts.map((c) => Math.hypot(Number(c.getAttribute('cx')), Number(c.getAttribute('cy'))));
    for (const v of r) expect(Math.abs(v - r[0]!)).toBeLessThan(0.2);
    expect(pathPoints(host.querySelector('.chart-wave-ring')!.getAttribute('d'))).toBe(p);
    // A quarter of the wave apart: j = 0, 2, 5, 8 are a = 0, 8, 9, 10.
    expect([...host.querySelectorAll('.chart-wave-label')].map((t) => t.textContent)).toEqual(['0', '8', '9', '10']);
    expect(host.querySelector('.chart-wave-value')!.textContent).toBe('circularity 1 (1 = a circle)');
    expect(host.querySelector('.chart-figure .visually-hidden')!.textContent).toBe(
      '3 of 4 neurons fit a cosine closely; the points form a circle for k = 3 (circularity 1).',
    );
    chart.destroy();
  });

  it('shows the circle the state asks for, and says when it is a cloud', async () => {
    const host = mount();
    const chart = createNeuronWaves(host, { lang: 'ja' });
    chart.update(data, { k: 2 });
    await nextFrame();
    expect(host.querySelector('.chart-wave-circle .chart-panel-title')!.textContent).toBe('k = 2 で見た a = 0〜10');
    expect(host.querySelector('.chart-figure .visually-hidden')!.textContent).toBe(
      '4 個のニューロンのうち 3 個がコサインによく一致しています。k = 2 では点がばらばらに散らばっています（円らしさ 0.05）。',
    );
    // Points take the colour of their place on the cycle: a = 0 starts it.
    expect(host.querySelector('.chart-wave-point[data-a="0"]')!.getAttribute('fill')).toBe(cyclicColor(0));
    chart.destroy();
  });

  it('stacks the circle under the neurons on a narrow screen', async () => {
    const host = mount();
    const chart = createNeuronWaves(host, { lang: 'en' });
    const root = host.querySelector<HTMLElement>('.chart')!;
    Object.defineProperty(root, 'clientWidth', { value: 328, configurable: true });
    chart.update(data);
    await nextFrame();
    const narrow = host.querySelector('.chart-wave-circle')!.getAttribute('transform')!;
    expect(Number(narrow.match(/,([\d.]+)\)/)![1])).toBeGreaterThan(100);
    Object.defineProperty(root, 'clientWidth', { value: 1000, configurable: true });
    chart.resize();
    await nextFrame();
    const wide = host.querySelector('.chart-wave-circle')!.getAttribute('transform')!;
    expect(wide.endsWith(',0)')).toBe(true);
    chart.destroy();
  });

  it('tabulates each a with the weights of every neuron and the point', () => {
    const chart = createNeuronWaves(mount(), { lang: 'en' });
    chart.update(data);
    const table = chart.table();
    expect(table.querySelector('caption')!.textContent).toBe('Input weights of the neurons shown, and the points for k = 3, at step 1,000');
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual([
      'a',
      'Neuron 17 (k = 3, fit 100%)',
      'Neuron 5 (k = 2, fit 100%)',
      'Neuron 40 (k = 3, fit 100%)',
      'Neuron 8 (k = 4, fit 30%)',
      'x (k = 3)',
      'y (k = 3)',
    ]);
    const rows = table.querySelectorAll('tbody tr');
    expect(rows).toHaveLength(p);
    expect([...rows[0]!.children].map((c) => c.textContent)).toEqual(['0', '0.561', '0.37', '-0.152', '0.3', '1', '0']);
    chart.destroy();
  });

  it('says so when there is nothing to show', async () => {
    const host = mount();
    const chart = createNeuronWaves(host, { lang: 'en' });
    chart.update({ p: 0, k: 0, neurons: [], circles: [] });
    await nextFrame();
    expect(host.querySelector('.chart-figure .visually-hidden')!.textContent).toBe('No weights yet.');
    chart.destroy();
  });
});

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { makeDataset } from '../model/data.ts';
import { PRESETS, type PresetId } from '../model/presets.ts';
import { accuracySvg, previewSvg } from './accuracySvg.ts';
import { clockSvg, logitSvg, separationSvg, svgDataUrl, tableSvg } from './figureSvg.ts';
import { describeTrace, readTrace, referenceSvg } from './references.ts';

const parse = (svg: string) => {
  const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
  expect(doc.getElementsByTagName('parsererror')).toHaveLength(0);
  return doc.documentElement;
};

const points = (el: Element) =>
  (el.getAttribute('points') ?? '')
    .trim()
    .split(/\s+/)
    .map((p) => p.split(',').map(Number) as [number, number]);

describe('accuracySvg', () => {
  const run = { steps: [0, 50, 100], train: [0, 1, 1], test: [0, 0.1, 0.99] };
  const labels = { step: 'Step', train: 'train', test: 'test' };

  it('draws a train and a test line per run, in a valid document whose words are escaped', () => {
    const svg = parse(
      accuracySvg({ runs: [run, { ...run, label: 'B & <C>' }], maxStep: 100, title: 'a < b', description: 'd', labels, lang: 'en' }),
    );
    expect(svg.querySelectorAll('polyline.train')).toHaveLength(2);
    expect(svg.querySelectorAll('polyline.test')).toHaveLength(2);
    expect(svg.querySelector('title')?.textContent).toBe('a < b');
    expect([...svg.querySelectorAll('text')].some((t) => t.textContent === 'B & <C>')).toBe(true);
  });

  it('maps accuracy 1 to the top of the plot and 0 to the bottom', () => {
    const svg = parse(accuracySvg({ runs: [run], maxStep: 100, title: 't', description: 'd', labels, lang: 'en' }));
    const [first, , last] = points(svg.querySelector('polyline.train')!);
    expect(first![1]).toBeGreaterThan(last![1]);
    expect(last![0]).toBeGreaterThan(first![0]);
  });

  it('shades the phases behind the curves', () => {
    const phases = [
      { id: 'memorization', start: 0, end: 50 },
      { id: 'circuit', start: 50, end: 80 },
    ];
    const svg = parse(accuracySvg({ runs: [run], maxStep: 100, phases, title: 't', description: 'd', labels, lang: 'en' }));
    expect(svg.querySelectorAll('rect.band')).toHaveLength(2);
  });

  it('makes a 1200 × 630 preview without any text', () => {
    const svg = parse(previewSvg(run, 100));
    expect(svg.getAttribute('width')).toBe('1200');
    expect(svg.getAttribute('height')).toBe('630');
    expect(svg.querySelectorAll('text')).toHaveLength(0);
    expect(svg.querySelectorAll('polyline')).toHaveLength(2);
  });
});

describe('reference pictures', () => {
  it.each(Object.keys(PRESETS) as PresetId[])('%s: one panel per run, described in both languages', (id) => {
    for (const lang of ['ja', 'en'] as const) {
      const svg = parse(referenceSvg(lang, id));
      expect(svg.querySelectorAll('polyline.train')).toHaveLength(PRESETS[id].runs.length);
      expect(svg.querySelector('desc')?.textContent?.length).toBeGreaterThan(10);
    }
  });

  it('says when the classic run memorized and grokked, from its recorded milestones', () => {
    const trace = readTrace('classic');
    const { memorize, grok } = trace.runs[0]!.milestones;
    expect(describeTrace('en', trace)).toContain(`step ${memorize}`);
    expect(describeTrace('en', trace)).toContain(`step ${grok}`);
    expect(describeTrace('ja', trace)).toContain(`ステップ ${grok}`);
  });
});

describe('static figures', () => {
  it('the clock has p positions and three hands', () => {
    const svg = parse(clockSvg(12, 9, 5, 'clock'));
    expect(svg.querySelectorAll('circle.dot')).toHaveLength(12);
    expect(svg.querySelectorAll('line.a, line.b, line.sum')).toHaveLength(3);
  });

  it('the split table fills exactly the training cells', () => {
    const svg = parse(tableSvg(23, 0.4, 0, true, 'table'));
    const train = makeDataset(23, 'add', 0.4, 0).isTrain.reduce((s, v) => s + v, 0);
    expect(svg.querySelectorAll('rect.train')).toHaveLength(train);
    expect(svg.querySelectorAll('rect.test')).toHaveLength(23 * 23 - train);
  });

  it('the logit construction marks the answer (a + b) mod p', () => {
    const svg = parse(logitSvg(12, 9, 5, [1, 2, 5], 'waves'));
    expect(svg.querySelectorAll('polyline.wave')).toHaveLength(3);
    expect([...svg.querySelectorAll('text')].map((t) => t.textContent)).toContain('c = 2');
    // The sum is highest at c = 2.
    const sum = points(svg.querySelector('polyline.total')!);
    const top = sum.reduce((best, p, i) => (p[1] < sum[best]![1] ? i : best), 0);
    expect(top).toBe(2);
  });

  it('the separation picture has a line and a legend entry per method', () => {
    const svg = parse(
      separationSvg([0.1, 0.5, 0.9], [{ label: 'rich', accuracy: [0, 1, 1], kind: 'rich' }, { label: 'kernel', accuracy: [0, 0, 0], kind: 'kernel' }], { x: 'fraction', y: 'acc' }, 't'),
    );
    expect(svg.querySelectorAll('polyline')).toHaveLength(2);
  });

  it('data URLs carry the whole document', () => {
    expect(decodeURIComponent(svgDataUrl('<svg/>').slice('data:image/svg+xml,'.length))).toBe('<svg/>');
  });
});

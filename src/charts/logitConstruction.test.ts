// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { argmax, createLogitConstruction, identityTerms, wave, waveSum } from './logitConstruction.ts';
import { mount, nextFrame } from './test-utils.ts';

afterEach(() => document.body.replaceChildren());

describe('logit construction maths', () => {
  it('has every wave peak at c = (a + b) mod p', () => {
    for (const k of [1, 2, 5]) expect(wave(k, 12, 9, 5, 2)).toBeCloseTo(1, 12);
    expect(wave(1, 12, 9, 5, 5)).toBeCloseTo(Math.cos((2 * Math.PI * 9) / 12), 12);
  });

  it('sums the waves to a single maximum at the answer', () => {
    const sum = waveSum(47, 30, 40, [4, 11, 17, 19]);
    expect(argmax(sum)).toBe(23);
    expect(sum[23]).toBeCloseTo(4, 12);
    const others = [...sum].filter((_, c) => c !== 23);
    expect(Math.max(...others)).toBeLessThan(3.5);
  });

  it('works both identities out to the same numbers', () => {
    const t = identityTerms(5, 23, 7, 19);
    expect(t.x * t.y - t.sa * t.sb).toBeCloseTo(t.sum, 12);
    expect(t.plus - t.minus).toBeCloseTo(t.product, 12);
  });
});

describe('createLogitConstruction', () => {
  it('draws one wave per shown frequency and marks the answer on the sum', async () => {
    const chart = createLogitConstruction(mount(), { lang: 'en' });
    chart.update({ p: 12, a: 9, b: 5, frequencies: [1, 2, 5] }, { terms: 2 });
    await nextFrame();
    const waves = [...document.querySelectorAll<SVGGElement>('.chart-wave')];
    expect(waves.map((w) => w.dataset.k)).toEqual(['1', '2']);
    expect(waves[0]!.querySelectorAll('.chart-dot')).toHaveLength(12);
    expect(waves[0]!.querySelector('.chart-dot.is-answer')!.getAttribute('cx')).toBe(
      document.querySelector('.chart-answer-line')!.getAttribute('x1'),
    );
    expect(document.querySelector('.chart-peak-label')!.textContent).toBe('answer 2');
    expect(document.querySelector('.chart-axis .tick.is-answer')!.textContent).toBe('2');
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toBe(
      'For a = 9 and b = 5 (p = 12), the waves cos ω(a + b − c) for frequencies 1 and 2 all peak at c = 2. Their sum is 2.00 there and at most 1.37 at any other c, so the answer is 2.',
    );
  });

  it('works the identities for the chosen frequency with the current a and b', async () => {
    const chart = createLogitConstruction(mount(), { lang: 'en' });
    chart.update({ p: 12, a: 3, b: 3, frequencies: [1, 2] }, { k: 1 });
    await nextFrame();
    const numbers = [...document.querySelectorAll('.chart-identity__numbers')].map((n) => n.textContent);
    // ω·3 = π/2: cos = 0, sin = 1, so cos ω·6 = 0·0 − 1·1 = −1.
    expect(numbers[0]).toBe('cos ω(3 + 3) = 0.00 · 0.00 − 1.00 · 1.00 = −1.00');
    expect(numbers[1]).toBe('0.00 − 0.00 = 0.00 = 4 · 0.00 · 0.00');
    expect(document.querySelector('.chart-identity__where')!.textContent).toBe('with ω = 2π·1/12, x = cos ωa and y = cos ωb');
  });

  it("overlays the network's logits and names their top", async () => {
    const logits = Float32Array.from({ length: 7 }, (_, c) => (c === 4 ? 9 : -c));
    const chart = createLogitConstruction(mount(), { lang: 'ja' });
    chart.update({ p: 7, a: 1, b: 3, frequencies: [1, 3], logits });
    await nextFrame();
    expect(document.querySelector('.chart-line--model')!.getAttribute('d')).toMatch(/^M/);
    expect((document.querySelector('.chart-legend__item--model') as HTMLElement).hidden).toBe(false);
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toContain('ネットワーク自身のロジットは c = 4 で最大です。');
  });

  it('tabulates every wave and the sum for each candidate', () => {
    const chart = createLogitConstruction(mount(), { lang: 'en' });
    chart.update({ p: 5, a: 1, b: 1, frequencies: [1, 2] });
    const table = chart.table();
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['Candidate answer c', 'k = 1', 'k = 2', 'Sum of the waves']);
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toHaveLength(5);
    expect(rows[2]).toEqual(['2', '1.00', '1.00', '2.00']);
  });
});

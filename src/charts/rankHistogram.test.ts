// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { barShares, createRankHistogram } from './rankHistogram.ts';

describe('rank histogram', () => {
  it('scales bars to the tallest', () => {
    expect(barShares([1, 4, 2])).toEqual([0.25, 1, 0.5]);
    expect(barShares([0, 0])).toEqual([0, 0]);
  });

  it('draws one bar per rank, marks the first and the last, and tabulates the counts', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const chart = createRankHistogram(host, { lang: 'en' });
    chart.update({ counts: [3, 0, 1, 9] });
    await new Promise((r) => setTimeout(r, 40));
    const bars = host.querySelectorAll('rect.rank-bar');
    expect(bars).toHaveLength(4);
    expect(bars[0]!.classList.contains('rank-bar--best')).toBe(true);
    expect(bars[3]!.classList.contains('rank-bar--worst')).toBe(true);
    expect(host.querySelector('[role="img"]')?.textContent).toContain('3 have the right answer ranked first and 9 have it ranked last of 4');
    const rows = [...chart.table().querySelectorAll('tbody tr')].map((tr) => tr.textContent);
    expect(rows).toHaveLength(4);
    chart.destroy();
  });
});

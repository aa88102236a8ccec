// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  TIMELINE_LANES,
  TIMELINE_THEMES,
  createTimeline,
  inOrder,
  layoutLanes,
  nextIndex,
  shortLabel,
  themeShape,
  type TimelineData,
  type TimelineItem,
} from './timeline.ts';
import { mount, nextFrame } from './test-utils.ts';

const item = (id: string, year: number, theme: TimelineItem['theme'], authors: string): TimelineItem => ({
  id,
  year,
  theme,
  authors,
  title: `Title of ${id}`,
  summary: `Summary of ${id}.`,
  href: `https://arxiv.org/abs/${year - 2000}01.00001`,
  linkText: `arXiv:${id}`,
});

const data: TimelineData = {
  items: [
    item('power2022', 2022, 'phenomenon', 'Power et al.'),
    item('gromov2023', 2023, 'mechanism', 'Gromov'),
    item('nanda2023', 2023, 'mechanism', 'Nanda et al.'),
    { ...item('kumar2024', 2024, 'theory', 'Kumar et al.'), chapter: { href: '/en/03-kernel-regime/', label: 'Discussed in chapter 3' } },
    item('lee2024', 2024, 'speed-up', 'Lee et al.'),
    item('li2025', 2025, 'scale', 'Li, Fan & Zhou'),
  ],
};

/** Eight listed-but-unreviewed papers of one year, as the trend page has them: no authors, no theme. */
const listed = (n: number): TimelineItem[] =>
  Array.from({ length: n }, (_, k) => ({
    id: `listed${k}`,
    year: 2025,
    theme: 'unreviewed',
    title: `Listed paper ${k}`,
    summary: `Not reviewed ${k}.`,
    href: `https://arxiv.org/abs/2507.0000${k}`,
    linkText: `arXiv:listed${k}`,
  }));
const withListed: TimelineData = { items: [...data.items, ...listed(8)] };

afterEach(() => {
  document.body.replaceChildren();
  vi.restoreAllMocks();
});

const buttons = () => [...document.querySelectorAll<HTMLButtonElement>('button.timeline-hit')];
const button = (id: string) => buttons().find((b) => b.dataset.id === id)!;
const press = (target: Element, key: string) => target.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true }));

describe('timeline layout', () => {
  it('gives every lane its own marker shape', () => {
    const shapes = TIMELINE_LANES.map((t) => themeShape(t, 10, 10, 4));
    expect(new Set(shapes).size).toBe(TIMELINE_LANES.length);
    expect(TIMELINE_LANES.at(-1)).toBe('unreviewed');
    expect(themeShape('mechanism', 10, 10, 5)).toBe('M5.6,5.6h8.8v8.8h-8.8Z');
  });

  it('labels a mark with the first surname', () => {
    expect(shortLabel(data.items[0]!)).toBe('Power');
    expect(shortLabel(data.items[5]!)).toBe('Li');
    expect(shortLabel({ ...data.items[0]!, authors: 'Power ら' })).toBe('Power');
    expect(shortLabel({ ...data.items[0]!, authors: 'Liu・Michaud・Tegmark' })).toBe('Liu');
  });

  it('sorts by year and keeps the given order within a year', () => {
    const shuffled = [data.items[2]!, data.items[4]!, data.items[0]!, data.items[1]!];
    expect(inOrder(shuffled).map((i) => i.id)).toEqual(['power2022', 'nanda2023', 'gromov2023', 'lee2024']);
  });

  it('lays out one column per year and one lane per theme when the labels fit', () => {
    const geo = layoutLanes(data.items, 960, 16)!;
    expect(geo.years).toEqual([2022, 2023, 2024, 2025]);
    expect(geo.lanes).toEqual(TIMELINE_THEMES);
    const at = (id: string) => geo.placed.find((p) => p.item.id === id)!;
    expect(at('gromov2023').lane).toBe(at('nanda2023').lane);
    expect(at('gromov2023').x).toBeLessThan(at('nanda2023').x);
    expect(at('power2022').x).toBeLessThan(at('gromov2023').x);
    expect(at('kumar2024').y).toBeLessThan(at('lee2024').y);
    for (const p of geo.placed) expect(p.slot).toBeGreaterThanOrEqual(44);
  });

  it('splits a crowded lane into two rows before giving up on lanes', () => {
    const crowded = [...data.items, item('minegishi2023', 2023, 'mechanism', 'Minegishi, Iwasawa & Matsuo')];
    const wide = layoutLanes(crowded, 960, 16)!;
    const y = (geo: typeof wide, id: string) => geo.placed.find((p) => p.item.id === id)!.y;
    expect(y(wide, 'gromov2023')).toBe(y(wide, 'nanda2023'));
    const narrow = layoutLanes(crowded, 560, 16)!;
    expect(y(narrow, 'gromov2023')).toBe(y(narrow, 'minegishi2023'));
    expect(y(narrow, 'nanda2023')).toBe(y(narrow, 'gromov2023') + 48);
    expect(narrow.height).toBe(wide.height + 48);
    for (const p of narrow.placed) expect(p.slot).toBeGreaterThanOrEqual(44);
  });

  it('puts unreviewed papers, unlabelled, in a strip below the year columns, one touch target each', () => {
    expect(shortLabel(listed(1)[0]!)).toBe('');
    // 590 px is the figure's width on a 1280 px screen: eight 44 px targets fit one row, as close under 2025 as they can.
    const geo = layoutLanes(withListed.items, 590, 16)!;
    const without = layoutLanes(data.items, 590, 16)!;
    expect(geo.lanes).toEqual(TIMELINE_LANES);
    expect(geo.bandBottom).toBe(without.height - 0.25 * 16);
    expect(geo.height).toBe(without.height + (1.35 + 2.9) * 16);
    const strip = geo.placed.filter((p) => p.item.theme === 'unreviewed');
    expect(new Set(strip.map((p) => p.y)).size).toBe(1);
    expect(strip.map((p) => p.item.id)).toEqual(listed(8).map((i) => i.id));
    expect(strip.at(-1)!.x + 22).toBeLessThanOrEqual(590 - 4);
    for (const p of geo.placed) {
      expect(p.slot).toBeGreaterThanOrEqual(44);
      if (p.item.theme === 'unreviewed') expect(p.lane).toBe(TIMELINE_LANES.length - 1);
    }
    // Too narrow for one row: the strip wraps.
    const narrow = layoutLanes(withListed.items, 490, 16)!;
    expect(new Set(narrow.placed.filter((p) => p.item.theme === 'unreviewed').map((p) => p.y)).size).toBe(1);
    expect(layoutLanes([...data.items, ...listed(12)], 490, 16)!.height).toBe(narrow.height + 2.9 * 16);
    // Down from the last theme lane reaches them; the lane above is where Up leads back.
    const idx = (id: string) => geo.placed.findIndex((p) => p.item.id === id);
    expect(geo.placed[nextIndex('ArrowDown', idx('li2025'), 'lanes', geo.placed)!]!.item.theme).toBe('unreviewed');
    expect(nextIndex('ArrowUp', idx('listed0'), 'lanes', geo.placed)).toBe(idx('li2025'));
  });

  it('gives up on lanes on a phone', () => {
    expect(layoutLanes(data.items, 328, 16)).toBeNull();
  });

  it('moves through papers in time with left/right and between lanes with up/down', () => {
    const geo = layoutLanes(data.items, 960, 16)!;
    const idx = (id: string) => geo.placed.findIndex((p) => p.item.id === id);
    expect(nextIndex('ArrowRight', idx('power2022'), 'lanes', geo.placed)).toBe(idx('gromov2023'));
    expect(nextIndex('ArrowLeft', 0, 'lanes', geo.placed)).toBe(0);
    expect(nextIndex('End', 0, 'lanes', geo.placed)).toBe(geo.placed.length - 1);
    // From Nanda (mechanism, 2023) down to the nearest paper of the next lane: Kumar (theory, 2024).
    expect(nextIndex('ArrowDown', idx('nanda2023'), 'lanes', geo.placed)).toBe(idx('kumar2024'));
    expect(nextIndex('ArrowUp', idx('power2022'), 'lanes', geo.placed)).toBe(idx('power2022'));
    expect(nextIndex('ArrowDown', 2, 'list', geo.placed)).toBe(3);
    expect(nextIndex('a', 2, 'list', geo.placed)).toBeNull();
  });
});

describe('createTimeline', () => {
  it('draws a mark, a label and a named button per paper, one tab stop, and a legend of shapes', async () => {
    const chart = createTimeline(mount(), { lang: 'en' });
    chart.update(data);
    await nextFrame();
    expect(document.querySelector('.chart--timeline')!.getAttribute('data-layout')).toBe('lanes');
    expect(document.querySelectorAll('.timeline-item')).toHaveLength(6);
    expect([...document.querySelectorAll('.timeline-item-label')].map((t) => t.textContent)).toEqual(['Power', 'Gromov', 'Nanda', 'Kumar', 'Lee', 'Li']);
    expect(buttons().map((b) => b.tabIndex)).toEqual([0, -1, -1, -1, -1, -1]);
    expect(button('nanda2023').getAttribute('aria-label')).toBe('Nanda et al. 2023: Title of nanda2023 (Inside the network)');
    expect([...document.querySelectorAll('.chart-legend__name')].map((n) => n.textContent)).toEqual([
      'Phenomenon & reach',
      'Inside the network',
      'Why it happens',
      'Speeding it up',
      'Toward large models',
    ]);
    expect([...document.querySelectorAll('.timeline-lane-label')].map((n) => n.textContent)).toHaveLength(5);
    // The buttons and the card are outside the described image.
    expect(document.querySelector('[role="img"] button, [role="img"] a')).toBeNull();
    expect(document.querySelector('.timeline-card')!.textContent).toBe('Select a paper to read its summary here.');
  });

  it('opens the selected paper into a card with its links', async () => {
    const chart = createTimeline(mount(), { lang: 'en' });
    chart.update(data, { selected: 'kumar2024' });
    await nextFrame();
    const card = document.querySelector('.timeline-card')!;
    expect(card.querySelector('.timeline-card__title')!.textContent).toBe('Title of kumar2024');
    expect(card.querySelector('.timeline-card__meta')!.textContent).toBe('Why it happens · 2024');
    expect(card.querySelector('.timeline-card__summary')!.textContent).toBe('Summary of kumar2024.');
    expect([...card.querySelectorAll('a')].map((a) => [a.textContent, a.getAttribute('href')])).toEqual([
      ['arXiv:kumar2024', 'https://arxiv.org/abs/2401.00001'],
      ['Discussed in chapter 3', '/en/03-kernel-regime/'],
    ]);
    expect(button('kumar2024').getAttribute('aria-pressed')).toBe('true');
    expect(button('kumar2024').tabIndex).toBe(0);
    expect(button('kumar2024').getAttribute('aria-describedby')).toBe(card.querySelector('.timeline-card__summary')!.id);
    expect(document.querySelector('.timeline-item.is-selected')!.getAttribute('data-id')).toBe('kumar2024');
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toContain('Selected: Kumar et al. 2024, “Title of kumar2024”.');
  });

  it('selects on click and with the arrow keys, moving focus along', async () => {
    const onSelect = vi.fn();
    const chart = createTimeline(mount(), { lang: 'en', onSelect });
    chart.update(data);
    await nextFrame();
    button('gromov2023').click();
    expect(onSelect).toHaveBeenLastCalledWith('gromov2023');
    await nextFrame();
    expect(document.querySelector('.timeline-card__title')!.textContent).toBe('Title of gromov2023');
    button('gromov2023').focus();
    press(button('gromov2023'), 'ArrowRight');
    expect(onSelect).toHaveBeenLastCalledWith('nanda2023');
    expect(document.activeElement).toBe(button('nanda2023'));
    expect(buttons().filter((b) => b.tabIndex === 0).map((b) => b.dataset.id)).toEqual(['nanda2023']);
    press(button('nanda2023'), 'End');
    expect(document.activeElement).toBe(button('li2025'));
    await nextFrame();
    expect(button('li2025').getAttribute('aria-pressed')).toBe('true');
    expect(button('nanda2023').getAttribute('aria-pressed')).toBe('false');
  });

  it('fades all but the highlighted papers and names them', async () => {
    const chart = createTimeline(mount(), { lang: 'ja' });
    chart.update(data, { highlight: ['power2022', 'nanda2023'] });
    await nextFrame();
    const dim = [...document.querySelectorAll<SVGGElement>('.timeline-item.is-dim')].map((g) => g.dataset.id);
    expect(dim).toEqual(['gromov2023', 'kumar2024', 'lee2024', 'li2025']);
    expect(button('gromov2023').classList.contains('is-dim')).toBe(true);
    expect(document.querySelector('.timeline-card')!.textContent).toBe('注目しているのは Power et al. 2022、Nanda et al. 2023 です。選ぶと要約が表示されます。');
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toContain('強調しているのは Power et al. 2022、Nanda et al. 2023。');
    chart.update(data, { highlight: [] });
    await nextFrame();
    expect(document.querySelectorAll('.timeline-item.is-dim')).toHaveLength(0);
  });

  it('becomes a vertical list on a phone, with the card under the selected row', async () => {
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(328);
    const chart = createTimeline(mount(), { lang: 'en' });
    chart.update(data, { selected: 'nanda2023' });
    await nextFrame();
    expect(document.querySelector('.chart--timeline')!.getAttribute('data-layout')).toBe('list');
    const top = (id: string) => Number.parseFloat(button(id).style.top);
    expect(top('gromov2023')).toBeLessThan(top('nanda2023'));
    const card = document.querySelector<HTMLElement>('.timeline-card')!;
    expect(Number.parseFloat(card.style.top)).toBe(top('nanda2023') + 48);
    expect(button('nanda2023').querySelector('.timeline-hit__who')!.textContent).toBe('Nanda et al.');
    expect([...document.querySelectorAll('.timeline-year')].map((t) => t.textContent)).toEqual(['2022', '2023', '2024', '2025']);
    press(button('nanda2023'), 'ArrowDown');
    expect(document.activeElement).toBe(button('kumar2024'));
  });

  it('marks an unreviewed paper in its button, card, description, list row and table row', async () => {
    const chart = createTimeline(mount(), { lang: 'en' });
    chart.update(withListed, { selected: 'listed2' });
    await nextFrame();
    expect(button('listed2').getAttribute('aria-label')).toBe('2025: Listed paper 2 (listed on a trend page, not reviewed here)');
    expect(document.querySelector('.timeline-item[data-id="listed2"] path')!.getAttribute('class')).toBe('timeline-mark timeline-mark--unreviewed');
    expect(document.querySelector('.timeline-item[data-id="listed2"] .timeline-item-label')!.textContent).toBe('');
    const card = document.querySelector('.timeline-card')!;
    expect(card.classList.contains('is-unreviewed')).toBe(true);
    expect(card.querySelector('.timeline-card__meta')!.textContent).toBe('Listed, not reviewed · 2025');
    expect(card.querySelector('.timeline-card__authors')).toBeNull();
    expect(card.querySelector('.timeline-card__summary')!.textContent).toBe('Not reviewed 2.');
    expect([...document.querySelectorAll('.chart-legend__name')].map((n) => n.textContent).at(-1)).toBe('Listed, not reviewed');
    expect([...document.querySelectorAll('.timeline-lane-label')].map((n) => n.textContent).at(-1)).toBe('Listed, not reviewed · 2025');
    const description = document.querySelector('.chart-figure .visually-hidden')!.textContent!;
    expect(description).toContain('Timeline of 6 papers');
    expect(description).toContain('holds 8 more papers from 2025 that a trend page lists and this explainer has not reviewed.');
    expect(description).toContain('Selected: “Listed paper 2” (2025), listed but not reviewed.');
    expect(button('listed2').querySelector('.timeline-hit__who')!.textContent).toBe('Listed, not reviewed');
    const rows = [...chart.table().querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows.at(-1)).toEqual(['2025', 'Listed paper 7', 'Listed, not reviewed', 'Not reviewed 7.', 'arXiv:listed7']);
  });

  it('cites an unreviewed paper by its title when a step highlights it', async () => {
    const chart = createTimeline(mount(), { lang: 'ja' });
    chart.update(withListed, { highlight: ['listed0'] });
    await nextFrame();
    expect(document.querySelector('.timeline-card')!.textContent).toBe('注目しているのは 「Listed paper 0」 2025 です。選ぶと要約が表示されます。');
    expect(button('listed0').getAttribute('aria-label')).toBe('2025「Listed paper 0」（トレンドページに掲載、この解説では未確認）');
  });

  it('tabulates every paper in publication order', () => {
    const chart = createTimeline(mount(), { lang: 'en' });
    chart.update(data);
    const table = chart.table();
    expect(table.querySelector('caption')!.textContent).toBe('Papers on grokking in publication order');
    expect([...table.querySelectorAll('thead th')].map((th) => th.textContent)).toEqual(['Paper', 'Title', 'Theme', 'Summary', 'arXiv']);
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toHaveLength(6);
    expect(rows[0]).toEqual(['Power et al. 2022', 'Title of power2022', 'Phenomenon & reach', 'Summary of power2022.', 'arXiv:power2022']);
  });

  it('removes its DOM on destroy', async () => {
    const host = mount();
    const chart = createTimeline(host, { lang: 'en' });
    chart.update(data);
    await nextFrame();
    chart.destroy();
    expect(host.children).toHaveLength(0);
  });
});

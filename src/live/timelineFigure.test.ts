// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { nextFrame } from '../charts/test-utils.ts';
import { PAPERS } from '../content/timeline.ts';
import { SCROLLY_EVENT } from '../scroll/scrolly.ts';
import { mountTimeline, storyState, timelineItems } from './timelineFigure.ts';

const strings = { arxiv: 'arXiv:{id}', chapter: 'Discussed in chapter {n}' };
const known = new Set(PAPERS.map((p) => p.id));

afterEach(() => document.body.replaceChildren());

function page(selected: string | null) {
  document.body.innerHTML = `<section data-scrolly><research-timeline><div data-figure-body></div></research-timeline></section>`;
  const root = document.querySelector<HTMLElement>('research-timeline')!;
  const handle = mountTimeline({ root, lang: 'en', strings, selected });
  const step = (state: Record<string, unknown>) =>
    root.closest('[data-scrolly]')!.dispatchEvent(new CustomEvent(SCROLLY_EVENT, { detail: { index: 0, total: 1, state, progress: 0 } }));
  return { root, handle, step };
}

describe('timeline figure', () => {
  it('builds the items in the page language, with arXiv and chapter links', () => {
    const items = timelineItems('ja', { arxiv: 'arXiv:{id}（英語）', chapter: '第 {n} 章で解説しています' });
    expect(items).toHaveLength(PAPERS.length);
    const nanda = items.find((i) => i.id === 'nanda2023')!;
    expect(nanda.authors).toBe('Nanda ら');
    expect(nanda.authorsFull).toBe('Nanda・Chan・Lieberum・Smith・Steinhardt');
    expect(nanda.linkText).toBe('arXiv:2301.05217（英語）');
    expect(nanda.chapter).toEqual({ href: '/ja/02-memorize-then-generalize/', label: '第 2 章で解説しています' });
    expect(nanda.summary).toBe(PAPERS.find((p) => p.id === 'nanda2023')!.summary.ja);
  });

  it('puts unreviewed papers in their own lane, without authors, with their disclaimer', () => {
    const items = timelineItems('en', strings);
    const fact = items.find((i) => i.id === 'fact2025')!;
    expect(fact.theme).toBe('unreviewed');
    expect(fact.authors).toBeUndefined();
    expect(fact.authorsFull).toBeUndefined();
    expect(fact.chapter).toBeUndefined();
    expect(fact.linkText).toBe('arXiv:2507.05644');
    expect(fact.summary).toMatch(/has not reviewed the paper/);
    expect(items.filter((i) => i.theme === 'unreviewed')).toHaveLength(PAPERS.filter((p) => p.reviewed === false).length);
  });

  it("reads a step's timeline state and drops unknown ids", () => {
    expect(storyState({}, known)).toBeNull();
    expect(storyState({ p: 7 }, known)).toBeNull();
    expect(storyState({ timeline: { highlight: ['power2022', 'nanda2023', 'nobody2099'] } }, known)).toEqual({
      selected: null,
      highlight: ['power2022', 'nanda2023'],
    });
    expect(storyState({ timeline: { selected: 'li2025' } }, known)).toEqual({ selected: 'li2025', highlight: [] });
  });

  it('replaces the list, follows the story and reports the selection on the element', async () => {
    const { root, handle, step } = page('mohamadi2024');
    expect(root.classList.contains('is-enhanced')).toBe(true);
    expect(root.dataset.selected).toBe('mohamadi2024');
    await nextFrame();
    expect(root.querySelector('.timeline-card__title')!.textContent).toBe('Why Do You Grok? A Theoretical Analysis of Grokking Modular Addition');

    step({ timeline: { highlight: ['power2022', 'nanda2023'] } });
    expect(root.dataset.selected).toBe('');
    expect(root.dataset.highlight).toBe('power2022,nanda2023');

    // The reader's choice stands while the same step is re-sent by scrolling.
    [...root.querySelectorAll<HTMLButtonElement>('button.timeline-hit')].find((b) => b.dataset.id === 'gromov2023')!.click();
    expect(root.dataset.selected).toBe('gromov2023');
    step({ timeline: { highlight: ['power2022', 'nanda2023'] } });
    expect(root.dataset.selected).toBe('gromov2023');

    step({ timeline: { selected: 'li2025', highlight: ['li2025'] } });
    expect(root.dataset.selected).toBe('li2025');
    await nextFrame();
    expect(root.querySelector('.timeline-card__title')!.textContent).toMatch(/^Grokking in LLM Pretraining/);

    handle.destroy();
    expect(root.classList.contains('is-enhanced')).toBe(false);
    expect(root.querySelector('.chart--timeline')).toBeNull();
  });
});

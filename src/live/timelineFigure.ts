/**
 * Figure 11 on the page: the research timeline, mounted over the server-rendered
 * list of papers when it comes near the viewport. Inside a scrollytelling
 * section it follows the active step's `timeline` state
 * (`{ selected?: id, highlight?: id[] }`); the reader's own choice stands
 * until a step asks for something different.
 */
import { createTimeline, type TimelineItem, type TimelineState } from '../charts/timeline.ts';
import type { Lang } from '../charts/labels.ts';
import { PAPERS, arxivId, authorList, authorsShort, chapterHref, chapterNumber } from '../content/timeline.ts';
import { SCROLLY_EVENT, scrollyStateOf, type ScrollyDetail } from '../scroll/scrolly.ts';
import type { FigureHandle } from './lifecycle.ts';

export interface TimelineStrings {
  /** Link text for a paper's arXiv page, with `{id}`. */
  arxiv: string;
  /** Link text for the chapter that discusses it, with `{n}`. */
  chapter: string;
}

export interface TimelineFigureOptions {
  root: HTMLElement;
  lang: Lang;
  strings: TimelineStrings;
  /** Shown until the reader or a step selects another paper. */
  selected: string | null;
}

const fillIn = (template: string, key: string, value: string | number) => template.replace(`{${key}}`, String(value));

/** The chart's items for one language; unreviewed papers go to their own lane, without authors. */
export function timelineItems(lang: Lang, strings: TimelineStrings): TimelineItem[] {
  return PAPERS.map((p) => ({
    id: p.id,
    year: p.year,
    title: p.title,
    summary: p.summary[lang],
    ...(p.reviewed === false
      ? { theme: 'unreviewed' as const }
      : { theme: p.theme, authors: authorsShort(p, lang), authorsFull: authorList(p.authors, lang) }),
    ...(p.arxiv ? { href: p.arxiv, linkText: fillIn(strings.arxiv, 'id', arxivId(p.arxiv)) } : {}),
    ...(p.chapter ? { chapter: { href: chapterHref(lang, p.chapter), label: fillIn(strings.chapter, 'n', chapterNumber(p.chapter)) } } : {}),
  }));
}

/**
 * A step's `timeline` entry as chart state, or null when the step has none.
 * Unknown ids are dropped, so a typo in a chapter fades nothing by mistake.
 */
export function storyState(story: Record<string, unknown> | undefined, known: ReadonlySet<string>): TimelineState | null {
  const value = story?.timeline;
  if (!value || typeof value !== 'object') return null;
  const { selected, highlight } = value as { selected?: unknown; highlight?: unknown };
  return {
    selected: typeof selected === 'string' && known.has(selected) ? selected : null,
    highlight: Array.isArray(highlight) ? highlight.filter((id): id is string => typeof id === 'string' && known.has(id)) : [],
  };
}

export function mountTimeline(options: TimelineFigureOptions): FigureHandle {
  const { root, lang } = options;
  const host = root.querySelector<HTMLElement>('[data-figure-body]')!;
  const items = timelineItems(lang, options.strings);
  const data = { items };
  const known = new Set(items.map((i) => i.id));

  const show = (selected: string | null | undefined, highlight: readonly string[] | undefined) => {
    root.dataset.selected = selected ?? '';
    root.dataset.highlight = (highlight ?? []).join(',');
  };
  let current: TimelineState = { selected: options.selected && known.has(options.selected) ? options.selected : null, highlight: [] };
  let lastStory = '';
  const chart = createTimeline(host, {
    lang,
    onSelect: (id) => {
      current = { ...current, selected: id };
      show(id, current.highlight);
    },
  });

  const apply = (state: TimelineState) => {
    current = state;
    chart.update(data, state);
    show(state.selected, state.highlight);
  };
  const follow = (story: Record<string, unknown> | undefined) => {
    const next = storyState(story, known);
    if (!next) return;
    // Scroll progress re-sends the same step many times; only a different request replaces the reader's choice.
    const key = JSON.stringify(next);
    if (key === lastStory) return;
    lastStory = key;
    apply(next);
  };

  root.classList.add('is-enhanced');
  apply(current);
  follow(scrollyStateOf(root)?.state);

  const scrolly = root.closest('[data-scrolly]');
  const onStory = (event: Event) => follow((event as CustomEvent<ScrollyDetail>).detail.state);
  scrolly?.addEventListener(SCROLLY_EVENT, onStory);
  return {
    setVisible: () => undefined,
    destroy() {
      scrolly?.removeEventListener(SCROLLY_EVENT, onStory);
      chart.destroy();
      root.classList.remove('is-enhanced');
    },
  };
}

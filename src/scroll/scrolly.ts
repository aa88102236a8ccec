/**
 * Scrollytelling controller for one `<Scrolly>` section. The active step is
 * derived from geometry on each animation frame while the section is on
 * screen (an IntersectionObserver switches the work on and off), so zoom and
 * address-bar resizes cannot leave text and figure disagreeing. Each change
 * dispatches `scrolly-step` on the section with the accumulated state of all
 * steps up to the active one; figures apply it. Prev/next buttons step by
 * keyboard or clicker without scroll-jacking: they scroll the page to the step.
 */
import { activeStep, parseStepState, stateAt, stepProgress } from './steps.ts';

export interface ScrollyDetail {
  index: number;
  total: number;
  state: Record<string, unknown>;
  progress: number;
}

export const SCROLLY_EVENT = 'scrolly-step';

type ScrollyElement = HTMLElement & { scrollyDetail?: ScrollyDetail };

/** The state of the scrolly section an element sits in, for figures that mount late. */
export function scrollyStateOf(el: Element): ScrollyDetail | undefined {
  return (el.closest('[data-scrolly]') as ScrollyElement | null)?.scrollyDetail;
}

const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

/** Steps activate as their top passes the middle of the viewport (the cards scroll over the figure on narrow screens). */
const triggerY = (): number => window.innerHeight / 2;

/**
 * The scroll position at which a step is active: its top just past the
 * trigger line. Whoever steps by keyboard (the buttons here, presenter mode)
 * scrolls there, so the figure follows exactly as it does for scrolling.
 */
export function stepScrollTop(step: HTMLElement): number {
  return window.scrollY + step.getBoundingClientRect().top - triggerY() + 2;
}

export function initScrolly(root: ScrollyElement): void {
  const steps = [...root.querySelectorAll<HTMLElement>('[data-scrolly-step]')];
  const states = steps.map((s, i) => parseStepState(s.dataset.state, `${i + 1} of "${root.id}"`));
  const prev = root.querySelector<HTMLButtonElement>('[data-scrolly-prev]');
  const next = root.querySelector<HTMLButtonElement>('[data-scrolly-next]');
  const counter = root.querySelector<HTMLElement>('[data-scrolly-counter]');
  // The step buttons need this controller: without JavaScript they stay hidden.
  root.querySelector('[data-scrolly-nav]')?.removeAttribute('hidden');
  let active = -2;
  let lastProgress = -1;
  let scheduled = false;
  let onScreen = false;

  const update = (): void => {
    scheduled = false;
    const line = triggerY();
    const boxes = steps.map((s) => s.getBoundingClientRect());
    const index = activeStep(boxes, line);
    const progress = stepProgress(boxes[index], line);
    if (index === active && Math.abs(progress - lastProgress) < 0.01) return;
    const changed = index !== active;
    active = index;
    lastProgress = progress;
    const detail: ScrollyDetail = { index, total: steps.length, state: stateAt(states, index), progress };
    root.scrollyDetail = detail;
    root.dataset.activeStep = String(index);
    if (changed) {
      steps.forEach((s, i) => s.toggleAttribute('data-active', i === index));
      if (counter) counter.textContent = `${Math.max(0, index) + 1} / ${steps.length}`;
      if (prev) prev.disabled = index <= 0;
      if (next) next.disabled = index >= steps.length - 1;
    }
    root.dispatchEvent(new CustomEvent<ScrollyDetail>(SCROLLY_EVENT, { detail }));
  };

  const schedule = (): void => {
    if (!onScreen || scheduled) return;
    scheduled = true;
    requestAnimationFrame(update);
  };

  const goTo = (i: number): void => {
    const target = steps[Math.max(0, Math.min(steps.length - 1, i))];
    if (!target) return;
    const y = stepScrollTop(target);
    // Focus stays on the button, so pressing it again moves on; the counter announces the step.
    window.scrollTo({ top: y, behavior: reducedMotion() ? 'auto' : 'smooth' });
  };
  prev?.addEventListener('click', () => goTo(Math.max(0, active) - 1));
  next?.addEventListener('click', () => goTo(active + 1));
  root.addEventListener('keydown', (event) => {
    // Clickers send PageDown/PageUp; inside a scrolly section they step rather than page.
    if (event.key === 'PageDown' || event.key === 'PageUp') {
      event.preventDefault();
      goTo(active + (event.key === 'PageDown' ? 1 : -1));
    }
  });

  new IntersectionObserver(
    (entries) => {
      onScreen = entries.some((e) => e.isIntersecting);
      schedule();
    },
    { threshold: 0 },
  ).observe(root);
  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule, { passive: true });
  window.visualViewport?.addEventListener('resize', schedule, { passive: true });
  update();
}

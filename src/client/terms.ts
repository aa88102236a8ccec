/**
 * Glossary terms (src/components/Term.astro): CSS shows the definition on
 * hover and focus; this adds what CSS cannot. A tap opens the definition
 * instead of following the link (a second tap follows it), Escape dismisses
 * it, and a tooltip that would cross the viewport edge is moved back in.
 */
const MARGIN = 8;

function place(term: HTMLElement): void {
  const tip = term.querySelector<HTMLElement>('[data-term-tip]');
  if (!tip) return;
  tip.style.removeProperty('--term-dx');
  term.removeAttribute('data-flip');
  const style = getComputedStyle(tip);
  // Hidden, or the phone layout that is pinned to the viewport already.
  if (style.display === 'none' || style.position === 'fixed') return;
  const box = tip.getBoundingClientRect();
  const width = document.documentElement.clientWidth;
  let dx = 0;
  if (box.right > width - MARGIN) dx = width - MARGIN - box.right;
  if (box.left + dx < MARGIN) dx = MARGIN - box.left;
  if (dx !== 0) tip.style.setProperty('--term-dx', `${Math.round(dx)}px`);
  const above = term.getBoundingClientRect().top;
  if (box.bottom > window.innerHeight - MARGIN && above > box.height + MARGIN) term.setAttribute('data-flip', '');
}

function termOf(target: EventTarget | null): HTMLElement | null {
  return target instanceof Element ? target.closest<HTMLElement>('[data-term]') : null;
}

function close(term: HTMLElement): void {
  term.removeAttribute('data-open');
}

let enhanced = false;

export function enhanceTerms(): void {
  if (enhanced) return;
  enhanced = true;
  let pointer = 'mouse';

  document.addEventListener(
    'pointerdown',
    (event) => {
      pointer = event.pointerType;
      const here = termOf(event.target);
      for (const open of document.querySelectorAll<HTMLElement>('[data-term][data-open]')) if (open !== here) close(open);
    },
    { capture: true, passive: true },
  );

  document.addEventListener('click', (event) => {
    const link = event.target instanceof Element ? event.target.closest('[data-term-link]') : null;
    const term = termOf(link);
    if (!link || !term) return;
    // A mouse has hover and a keyboard has focus; only touch and pen need a first tap to read.
    if (pointer === 'mouse' || event.detail === 0 || term.hasAttribute('data-open')) return;
    event.preventDefault();
    term.removeAttribute('data-dismissed');
    term.setAttribute('data-open', '');
    place(term);
  });

  document.addEventListener('keydown', (event) => {
    if (event.key !== 'Escape') return;
    for (const term of document.querySelectorAll<HTMLElement>('[data-term]')) {
      if (term.matches(':hover, :focus-within, [data-open]')) {
        close(term);
        term.setAttribute('data-dismissed', '');
      }
    }
  });

  const show = (event: Event) => {
    const term = termOf(event.target);
    if (term && !term.hasAttribute('data-dismissed')) place(term);
  };
  document.addEventListener('pointerover', show);
  document.addEventListener('focusin', show);

  // A dismissed tooltip may come back once the pointer and focus have both left its term.
  const leave = (event: Event & { relatedTarget: EventTarget | null }) => {
    const term = termOf(event.target);
    if (term && !(event.relatedTarget instanceof Node && term.contains(event.relatedTarget))) {
      if (!term.matches(':focus-within') || event.type === 'focusout') term.removeAttribute('data-dismissed');
    }
  };
  document.addEventListener('pointerout', leave);
  document.addEventListener('focusout', leave);
}

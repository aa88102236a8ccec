/**
 * Follows the reader through a chapter with one rAF-throttled scroll handler:
 * the reading-progress bar, the table of contents' current entry, and the
 * language switch's target section (sections map by position across languages).
 */
/**
 * A fragment as text, for comparing two addresses. A malformed escape
 * (`#%E0%A4%A`, `#%`) is compared as written: decodeURIComponent would throw
 * "URI malformed" on every scroll and the address would stop following.
 */
export function fragmentText(hash: string): string {
  try {
    return decodeURIComponent(hash);
  } catch {
    return hash;
  }
}

export function followSections(root: HTMLElement): void {
  const headings = [...root.querySelectorAll<HTMLElement>('h2[id]')];
  const bar = document.querySelector<HTMLElement>('[data-reading-progress]');
  const tocLinks = new Map(
    [...document.querySelectorAll<HTMLAnchorElement>('[data-toc-link]')].map((a) => [a.dataset.tocLink, a]),
  );
  const langSwitch = document.querySelector<HTMLAnchorElement>('[data-lang-switch]');
  const otherIds = (langSwitch?.dataset.sections ?? '').split(' ').filter(Boolean);
  const baseHref = langSwitch?.href.split('#')[0] ?? '';

  let scheduled = false;
  let lastIndex = -2;
  let settled = false;

  function update(): void {
    scheduled = false;
    const doc = document.documentElement;
    const max = doc.scrollHeight - window.innerHeight;
    const progress = max > 0 ? Math.min(1, Math.max(0, window.scrollY / max)) : 1;
    if (bar) bar.style.transform = `scaleX(${progress})`;

    // The current section is the last heading that has passed a line a third of the way down.
    const line = window.innerHeight * 0.33;
    let index = -1;
    for (let i = 0; i < headings.length; i++) {
      if (headings[i]!.getBoundingClientRect().top <= line) index = i;
      else break;
    }
    if (index === lastIndex) return;
    lastIndex = index;
    const currentId = index >= 0 ? headings[index]!.id : undefined;
    for (const [id, link] of tocLinks) {
      if (id === currentId) link.setAttribute('aria-current', 'true');
      else link.removeAttribute('aria-current');
    }
    if (langSwitch) {
      const target = index >= 0 ? otherIds[index] : undefined;
      langSwitch.href = target ? `${baseHref}#${target}` : baseHref;
    }
    // The address follows the section, so a copied link opens where the reader is.
    // replaceState moves neither the page nor the history.
    const hash = currentId ? `#${encodeURIComponent(currentId)}` : '';
    // Not on the first pass: the browser may not have scrolled to a linked section yet.
    if (settled && fragmentText(location.hash) !== fragmentText(hash)) {
      history.replaceState(history.state, '', `${location.pathname}${location.search}${hash}`);
    }
  }

  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    requestAnimationFrame(update);
  };
  // The href may lag a frame behind the scroll position; settle it before leaving.
  langSwitch?.addEventListener('click', update);
  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule, { passive: true });
  update();
  settled = true;
}

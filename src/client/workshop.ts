/**
 * Presenter ("workshop") mode for teaching with a projector: large type, the
 * figures' controls out of the way until asked for, a clicker or the keyboard
 * stepping through the chapter's sections and scrollytelling steps, and a QR
 * code of the current page so participants open the same thing on their phones.
 *
 * `html[data-workshop]` drives the styles (src/styles/workshop.css). Stepping
 * only ever scrolls, to the positions the scrolly controller itself uses, so
 * the figures follow exactly as they do when the reader scrolls.
 *
 * The pure parts (which key does what, where the next stop is, which address
 * to share) are exported for the unit tests.
 */
import { SCROLLY_EVENT, stepScrollTop } from '../scroll/scrolly.ts';

import { WORKSHOP_PARAM, modeFromSearch, remember, remembered } from './workshopMode.ts';

export { WORKSHOP_PARAM, modeFromSearch } from './workshopMode.ts';

export type WorkshopAction = 'enter' | 'exit' | 'next' | 'prev' | 'controls' | 'qr' | 'help';

/** What has focus, as far as shortcuts care: typing, a widget with its own keys, or neither. */
export type TargetKind = 'text' | 'control' | 'other';

export interface KeyInput {
  readonly key: string;
  readonly shiftKey: boolean;
  readonly ctrlKey: boolean;
  readonly metaKey: boolean;
  readonly altKey: boolean;
  readonly isComposing?: boolean;
}

/** Inputs that take no typing; anything else typed into is text. */
const NON_TEXT_INPUTS = new Set(['button', 'submit', 'reset', 'checkbox', 'radio', 'range', 'color', 'file', 'image']);
const WIDGET_ROLES = new Set(['button', 'link', 'checkbox', 'radio', 'switch', 'slider', 'tab', 'menuitem', 'option', 'listbox', 'grid', 'tree', 'scrollbar']);
const TEXT_ROLES = new Set(['textbox', 'searchbox', 'combobox', 'spinbutton']);

export function targetKind(el: Element | null): TargetKind {
  if (!el) return 'other';
  const editable = el.closest('[contenteditable]');
  if (editable && editable.getAttribute('contenteditable') !== 'false') return 'text';
  const tag = el.tagName.toLowerCase();
  if (tag === 'textarea' || tag === 'select') return 'text';
  if (tag === 'input') return NON_TEXT_INPUTS.has((el.getAttribute('type') ?? 'text').toLowerCase()) ? 'control' : 'text';
  const role = el.getAttribute('role') ?? '';
  if (TEXT_ROLES.has(role)) return 'text';
  if (tag === 'button' || tag === 'summary' || (tag === 'a' && el.hasAttribute('href'))) return 'control';
  if (WIDGET_ROLES.has(role)) return 'control';
  // A focusable chart or list has its own arrow keys; tabindex="-1" (main, after the skip link) does not.
  const tabindex = el.getAttribute('tabindex');
  if (tabindex !== null && tabindex !== '-1') return 'control';
  return 'other';
}

/**
 * The shortcut a key press means. Nothing while typing or with a modifier
 * (browser and screen-reader shortcuts stay theirs). Clickers send
 * PageDown/PageUp, so those step even with a button focused; arrows and Space
 * step only when no widget would use them itself.
 */
export function keyAction(e: KeyInput, target: TargetKind, active: boolean): WorkshopAction | null {
  if (e.isComposing || e.ctrlKey || e.metaKey || e.altKey || target === 'text') return null;
  if (!active) return e.key === 'w' ? 'enter' : null;
  switch (e.key) {
    case 'PageDown':
      return 'next';
    case 'PageUp':
      return 'prev';
    case 'ArrowRight':
      return target === 'other' ? 'next' : null;
    case 'ArrowLeft':
      return target === 'other' ? 'prev' : null;
    case ' ':
      return target === 'other' ? (e.shiftKey ? 'prev' : 'next') : null;
    case 'c':
      return 'controls';
    case 'q':
      return 'qr';
    case '?':
      return 'help';
    case 'w':
    case 'Escape':
      return 'exit';
    default:
      return null;
  }
}

/** A place the presenter can step to: a section heading, a scrollytelling step, or the top. */
export interface Stop {
  /** Scroll position that shows it. */
  readonly y: number;
  /** Steps are stepped to directly; elsewhere a press moves at most a screen, so no text is skipped. */
  readonly step: boolean;
  /** For a step card taller than the screen: the scroll position that shows its last line. */
  readonly end?: number;
}

/** Positions closer than this count as the same place (rounding, sub-pixel layout). */
const SAME_PLACE = 4;
/** Less of a step card than this below the screen is not worth a press of its own (px). */
const HIDDEN_TEXT = 40;

/**
 * Where one press forward (dir 1) or back (dir -1) scrolls from y: the next
 * stop; but a screen at a time through prose, and through the rest of a step
 * card that does not fit on the screen. Null at the end.
 */
export function nextScrollTarget(stops: readonly Stop[], y: number, dir: 1 | -1, page: number, maxY: number): number | null {
  const clamp = (v: number) => Math.min(maxY, Math.max(0, v));
  const sorted = stops
    .map((s) => ({ y: clamp(s.y), step: s.step, end: s.end === undefined ? undefined : clamp(s.end) }))
    .sort((a, b) => a.y - b.y);
  if (dir === 1) {
    const stop = sorted.find((s) => s.y > y + SAME_PLACE);
    const here = sorted.filter((s) => s.y <= y + SAME_PLACE).at(-1);
    if (here?.end !== undefined && here.end > y + HIDDEN_TEXT) return Math.min(here.end, y + page, stop?.y ?? maxY);
    if (stop) return stop.step ? stop.y : Math.min(stop.y, y + page);
    return y < maxY - SAME_PLACE ? Math.min(maxY, y + page) : null;
  }
  const stop = sorted.filter((s) => s.y < y - SAME_PLACE).at(-1);
  if (stop) return stop.step ? stop.y : Math.max(stop.y, y - page);
  return y > SAME_PLACE ? Math.max(0, y - page) : null;
}

/**
 * Parameters that describe this screen rather than the page: presenter mode,
 * and a forced TF.js backend (a phone may not have the projector laptop's).
 */
const LOCAL_PARAMS = [WORKSHOP_PARAM, 'backend'];

/**
 * The address participants should open: this page at this section, with the
 * run's state (made canonical by `canonical` where the page has one), without
 * the presenter's own settings.
 */
export function shareUrl(href: string, section: string | null, canonical?: (search: string) => string): string {
  const url = new URL(href);
  if (canonical) url.search = canonical(url.search);
  for (const key of LOCAL_PARAMS) url.searchParams.delete(key);
  url.hash = section ? encodeURIComponent(section) : '';
  return url.href;
}

/** The playground's address with one preset chosen. */
export function presetHref(playgroundPath: string, preset: string): string {
  return `${playgroundPath}?preset=${encodeURIComponent(preset)}`;
}

/* ---------- The page ---------- */

/** Room left below a long step card's last line (px). */
const CARD_CLEARANCE = 96;
const reducedMotion = () => window.matchMedia('(prefers-reduced-motion: reduce)').matches;

function fill(template: string, values: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

/** Wires the presenter bar, the header's toggle and the shortcuts. */
export function initWorkshop(bar: HTMLElement): void {
  const root = document.documentElement;
  const strings = JSON.parse(bar.dataset.strings ?? '{}') as Record<string, string>;
  const prose = document.querySelector<HTMLElement>('[data-prose]');
  const toggle = document.querySelector<HTMLButtonElement>('[data-workshop-toggle]');
  const $ = <T extends Element>(sel: string) => bar.querySelector<T>(sel);
  const where = $<HTMLElement>('[data-wb-section]');
  const stepLabel = $<HTMLElement>('[data-wb-step]');
  const prevButton = $<HTMLButtonElement>('[data-wb-prev]');
  const nextButton = $<HTMLButtonElement>('[data-wb-next]');
  const controlsButton = $<HTMLButtonElement>('[data-wb-controls]');
  const presetSelect = $<HTMLSelectElement>('[data-wb-preset]');
  const presetOpen = $<HTMLButtonElement>('[data-wb-preset-open]');
  const qrButton = $<HTMLButtonElement>('[data-wb-qr]');
  const helpButton = $<HTMLButtonElement>('[data-wb-help]');
  const helpPanel = $<HTMLElement>('[data-wb-help-panel]');
  const exitButton = $<HTMLButtonElement>('[data-wb-exit]');
  const dialog = document.querySelector<HTMLDialogElement>('[data-wb-dialog]');
  const qrBox = dialog?.querySelector<HTMLElement>('[data-wb-qr-code]');
  const qrUrl = dialog?.querySelector<HTMLAnchorElement>('[data-wb-url]');

  let on = false;
  /** Where a smooth scroll started by a press is heading, so fast presses queue up instead of repeating. */
  let pending: { y: number; until: number } | null = null;

  const headings = (): HTMLElement[] => (prose ? [...prose.querySelectorAll<HTMLElement>('h2[id]')] : []);
  const scrollies = (): HTMLElement[] => [...document.querySelectorAll<HTMLElement>('[data-scrolly]')];
  const headerOffset = (): number => parseFloat(getComputedStyle(root).scrollPaddingTop) || 0;
  const maxY = (): number => Math.max(0, root.scrollHeight - window.innerHeight);

  const stops = (): Stop[] => {
    const list: Stop[] = [{ y: 0, step: false }];
    const offset = headerOffset();
    for (const h of headings()) list.push({ y: window.scrollY + h.getBoundingClientRect().top - offset, step: false });
    for (const scrolly of scrollies()) {
      const figure = scrolly.querySelector('[data-scrolly-figure]')?.getBoundingClientRect();
      for (const s of scrolly.querySelectorAll<HTMLElement>('[data-scrolly-step]')) {
        const box = s.getBoundingClientRect();
        const beside = figure && (box.right <= figure.left || box.left >= figure.right);
        // Cards beside the figure go to the top of the screen, so the room sees the whole step
        // (it stays active: its top is above the trigger line, the next one far below it).
        // Cards that scroll over the figure stop where the controller puts them.
        const y = beside ? window.scrollY + box.top - offset : stepScrollTop(s);
        // Its last line clear of the bar in the corner.
        const end = window.scrollY + box.bottom - window.innerHeight + CARD_CLEARANCE;
        list.push(end > y ? { y, step: true, end } : { y, step: true });
      }
    }
    return list;
  };

  const move = (dir: 1 | -1): void => {
    const now = performance.now();
    const from = pending && now < pending.until ? pending.y : window.scrollY;
    const page = Math.max(100, (window.innerHeight - headerOffset()) * 0.85);
    const y = nextScrollTarget(stops(), from, dir, page, maxY());
    if (y === null) return;
    const smooth = !reducedMotion();
    pending = smooth ? { y, until: now + 1200 } : null;
    window.scrollTo({ top: y, behavior: smooth ? 'smooth' : 'instant' });
  };

  /** The section heading last passed, as the table of contents reckons it. */
  const currentSection = (): HTMLElement | null => {
    const line = window.innerHeight * 0.33;
    let current: HTMLElement | null = null;
    for (const h of headings()) {
      if (h.getBoundingClientRect().top <= line) current = h;
      else break;
    }
    return current;
  };

  /** The scrollytelling section under the trigger line and its active step, if any. */
  const currentStep = (): { index: number; total: number } | null => {
    const line = window.innerHeight / 2;
    for (const s of scrollies()) {
      const box = s.getBoundingClientRect();
      const index = Number(s.dataset.activeStep ?? -1);
      if (box.top <= line && box.bottom >= line && index >= 0) {
        return { index, total: s.querySelectorAll('[data-scrolly-step]').length };
      }
    }
    return null;
  };

  let lastWhere = '';
  let lastStep = '';
  const render = (): void => {
    if (!on) return;
    const heading = currentSection();
    const text = heading?.textContent?.trim() || document.querySelector('h1')?.textContent?.trim() || '';
    if (where && text !== lastWhere) where.textContent = lastWhere = text;
    const step = currentStep();
    const label = step ? fill(strings.step ?? '{n} / {total}', { n: step.index + 1, total: step.total }) : '';
    if (stepLabel && label !== lastStep) {
      stepLabel.textContent = lastStep = label;
      stepLabel.hidden = !label;
    }
    const y = window.scrollY;
    if (prevButton) prevButton.disabled = y <= SAME_PLACE;
    if (nextButton) nextButton.disabled = y >= maxY() - SAME_PLACE;
  };
  let scheduled = false;
  const schedule = (): void => {
    if (scheduled || !on) return;
    scheduled = true;
    requestAnimationFrame(() => {
      scheduled = false;
      render();
    });
  };

  const setControls = (shown: boolean): void => {
    root.toggleAttribute('data-workshop-controls', shown);
    controlsButton?.setAttribute('aria-pressed', String(shown));
  };

  const setHelp = (open: boolean): void => {
    if (!helpPanel || !helpButton) return;
    helpPanel.hidden = !open;
    helpButton.setAttribute('aria-expanded', String(open));
  };

  /**
   * Type size changes reflow the whole chapter; keep the block the reader is
   * looking at where it was on screen.
   */
  const keepInPlace = (change: () => void): void => {
    const top = headerOffset();
    const blocks = prose ? [...prose.children] : [];
    const anchor = blocks.find((b) => b.getBoundingClientRect().bottom > top);
    const before = anchor?.getBoundingClientRect().top;
    change();
    if (anchor && before !== undefined && window.scrollY > 0) {
      window.scrollTo({ top: window.scrollY + anchor.getBoundingClientRect().top - before, behavior: 'instant' });
    }
  };

  const setMode = (next: boolean): void => {
    if (next === on) return;
    keepInPlace(() => {
      on = next;
      root.toggleAttribute('data-workshop', on);
      bar.hidden = !on;
    });
    remember(on);
    toggle?.setAttribute('aria-pressed', String(on));
    if (!on) {
      setControls(false);
      setHelp(false);
      if (dialog?.open) dialog.close();
      // A reload should not bring the mode back once the presenter has left it.
      if (modeFromSearch(location.search) !== null) {
        const url = new URL(location.href);
        url.searchParams.delete(WORKSHOP_PARAM);
        history.replaceState(history.state, '', url.href);
      }
    }
    lastWhere = lastStep = '';
    render();
  };

  const openQr = async (): Promise<void> => {
    if (!dialog || !qrBox || !qrUrl) return;
    const section = currentSection()?.id ?? null;
    let canonical: ((search: string) => string) | undefined;
    if (document.querySelector('grok-playground')) {
      // The playground's address holds its run; share it in canonical form, minus this screen's backend.
      const { canonicalSearch, parseState } = await import('../state/url.ts');
      canonical = (search) => canonicalSearch(search, { ...parseState(search).state, backend: null });
    }
    const url = shareUrl(location.href, section, canonical);
    qrUrl.href = url;
    qrUrl.textContent = url;
    qrBox.replaceChildren();
    qrBox.setAttribute('aria-busy', 'true');
    if (!dialog.open) dialog.showModal();
    try {
      const qrcode = await import('qrcode');
      const svg = await qrcode.toString(url, { type: 'svg', errorCorrectionLevel: 'M', margin: 4, color: { dark: '#000000', light: '#ffffff' } });
      const doc = new DOMParser().parseFromString(svg, 'image/svg+xml');
      const el = doc.documentElement;
      el.setAttribute('role', 'img');
      el.setAttribute('aria-label', strings.qrAlt ?? '');
      qrBox.replaceChildren(document.importNode(el, true));
    } catch {
      // Too long for a QR code, or the chunk failed to load: the address below still works.
      const p = document.createElement('p');
      p.className = 'wb-qr-error';
      p.textContent = strings.qrError ?? '';
      qrBox.replaceChildren(p);
    } finally {
      qrBox.removeAttribute('aria-busy');
    }
  };

  const run = (action: WorkshopAction): void => {
    switch (action) {
      case 'enter':
        return setMode(true);
      case 'exit':
        return setMode(false);
      case 'next':
        return move(1);
      case 'prev':
        return move(-1);
      case 'controls':
        return setControls(!root.hasAttribute('data-workshop-controls'));
      case 'qr':
        void openQr();
        return;
      case 'help':
        return setHelp(helpPanel?.hidden ?? false);
    }
  };

  // Capture phase: in presenter mode a clicker's PageDown steps through the whole
  // chapter, not only within the scrollytelling section that happens to hold focus.
  window.addEventListener(
    'keydown',
    (event) => {
      if (event.defaultPrevented || dialog?.open) return;
      const action = keyAction(event, targetKind(document.activeElement), on);
      if (!action) return;
      if (action === 'exit' && event.key === 'Escape' && helpPanel && !helpPanel.hidden) {
        setHelp(false);
        helpButton?.focus();
        event.preventDefault();
        return;
      }
      event.preventDefault();
      if (action === 'next' || action === 'prev') event.stopPropagation();
      run(action);
    },
    { capture: true },
  );

  if (toggle) {
    toggle.hidden = false;
    toggle.addEventListener('click', () => setMode(!on));
  }
  prevButton?.addEventListener('click', () => move(-1));
  nextButton?.addEventListener('click', () => move(1));
  controlsButton?.addEventListener('click', () => run('controls'));
  qrButton?.addEventListener('click', () => run('qr'));
  helpButton?.addEventListener('click', () => run('help'));
  exitButton?.addEventListener('click', () => {
    setMode(false);
    toggle?.focus();
  });
  presetOpen?.addEventListener('click', () => {
    const path = bar.dataset.playground;
    if (path && presetSelect?.value) location.assign(presetHref(path, presetSelect.value));
  });
  // A click on the backdrop closes the dialog, as Escape does.
  dialog?.addEventListener('click', (event) => {
    if (event.target === dialog) dialog.close();
  });
  window.addEventListener('scroll', schedule, { passive: true });
  window.addEventListener('resize', schedule, { passive: true });
  window.addEventListener('scrollend', () => {
    pending = null;
  });
  for (const s of scrollies()) s.addEventListener(SCROLLY_EVENT, schedule);

  setMode(modeFromSearch(location.search) ?? remembered());
}

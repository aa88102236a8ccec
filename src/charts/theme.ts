/**
 * Colours for the figures, taken from the site's tokens in global.css.
 *
 * SVG marks take `var(--token)` from charts.css, so the browser re-resolves
 * them when the scheme flips and they need no redraw. Canvas cannot read CSS, so
 * canvas charts resolve each token to an rgb() string at draw time and redraw
 * on a theme change. The tokens are written with light-dark(), which only the
 * style engine can evaluate: reading the custom property itself would return
 * the unevaluated `light-dark(…)` text, so a probe element's computed `color`
 * does the resolving.
 */

import { parseColor } from './canvas.ts';

export const TOKENS = [
  'bg',
  'bg-raised',
  'bg-sunken',
  'fg',
  'fg-muted',
  'rule',
  'accent',
  'accent-strong',
  'warm',
  'focus',
] as const;
export type Token = (typeof TOKENS)[number];
export type Palette = Readonly<Record<Token, string>>;

/**
 * The light-scheme values of global.css, used when a token cannot be resolved
 * (a chart mounted outside the site's stylesheet, or a test environment).
 */
export const FALLBACK: Palette = {
  bg: 'rgb(251, 250, 247)',
  'bg-raised': 'rgb(255, 255, 255)',
  'bg-sunken': 'rgb(241, 238, 231)',
  fg: 'rgb(31, 35, 40)',
  'fg-muted': 'rgb(87, 96, 106)',
  rule: 'rgb(220, 216, 207)',
  accent: 'rgb(11, 107, 99)',
  'accent-strong': 'rgb(7, 82, 76)',
  warm: 'rgb(154, 90, 0)',
  focus: 'rgb(179, 38, 30)',
};

const SENTINEL = 'rgba(1, 2, 3, 0.5)';

/** Resolves every token in the context of `el` (whose color-scheme decides light or dark). */
export function readPalette(el: Element): Palette {
  const doc = el.ownerDocument;
  const view = doc.defaultView;
  if (!view) return FALLBACK;
  const probe = doc.createElement('span');
  probe.setAttribute('aria-hidden', 'true');
  probe.style.display = 'none';
  el.append(probe);
  const out = { ...FALLBACK };
  for (const token of TOKENS) {
    // An undefined variable would otherwise inherit the parent's text colour
    // unnoticed; the sentinel fallback makes it detectable.
    probe.style.color = `var(--${token}, ${SENTINEL})`;
    const value = view.getComputedStyle(probe).color.replace(/\s+/g, ' ');
    // Canvas code parses these, so only keep forms it can read (sRGB tokens compute to rgb()).
    if (value !== SENTINEL && parseColor(value)) out[token] = value;
  }
  probe.remove();
  return out;
}

/**
 * Calls `onChange` when the reader flips the site's theme toggle (which
 * dispatches `themechange` on document) or the system scheme changes.
 * Returns the unsubscribe function.
 */
export function onThemeChange(onChange: () => void, doc: Document = document): () => void {
  doc.addEventListener('themechange', onChange);
  const view = doc.defaultView;
  const query = typeof view?.matchMedia === 'function' ? view.matchMedia('(prefers-color-scheme: dark)') : null;
  query?.addEventListener('change', onChange);
  return () => {
    doc.removeEventListener('themechange', onChange);
    query?.removeEventListener('change', onChange);
  };
}

// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { keyAction, modeFromSearch, nextScrollTarget, presetHref, shareUrl, targetKind, type KeyInput, type Stop } from './workshop.ts';
import { canonicalSearch, parseState } from '../state/url.ts';

const key = (k: string, mods: Partial<KeyInput> = {}): KeyInput => ({ key: k, shiftKey: false, ctrlKey: false, metaKey: false, altKey: false, ...mods });

function el(html: string, selector = '*'): Element {
  document.body.innerHTML = html;
  return document.body.querySelector(selector)!;
}

describe('targetKind', () => {
  it('treats anything typed into as text', () => {
    expect(targetKind(el('<input>'))).toBe('text');
    expect(targetKind(el('<input type="search">'))).toBe('text');
    expect(targetKind(el('<input type="number">'))).toBe('text');
    expect(targetKind(el('<textarea></textarea>'))).toBe('text');
    expect(targetKind(el('<select><option>a</option></select>', 'select'))).toBe('text');
    expect(targetKind(el('<div contenteditable><p>x</p></div>', 'p'))).toBe('text');
    expect(targetKind(el('<div contenteditable="plaintext-only"></div>'))).toBe('text');
    expect(targetKind(el('<div role="textbox"></div>'))).toBe('text');
  });

  it('treats widgets with keys of their own as controls', () => {
    expect(targetKind(el('<button>x</button>'))).toBe('control');
    expect(targetKind(el('<input type="range">'))).toBe('control');
    expect(targetKind(el('<input type="checkbox">'))).toBe('control');
    expect(targetKind(el('<a href="/x">x</a>'))).toBe('control');
    expect(targetKind(el('<div role="slider"></div>'))).toBe('control');
    expect(targetKind(el('<svg tabindex="0"></svg>'))).toBe('control');
  });

  it('treats the page itself, and what is focusable only by script, as neither', () => {
    expect(targetKind(null)).toBe('other');
    expect(targetKind(document.body)).toBe('other');
    expect(targetKind(el('<main tabindex="-1"></main>'))).toBe('other');
    expect(targetKind(el('<a>no href</a>'))).toBe('other');
    expect(targetKind(el('<div contenteditable="false"><p>x</p></div>', 'p'))).toBe('other');
  });
});

describe('keyAction', () => {
  it('only W does anything while the mode is off', () => {
    expect(keyAction(key('w'), 'other', false)).toBe('enter');
    for (const k of ['PageDown', 'PageUp', 'ArrowRight', ' ', 'c', 'q', 'Escape', 'W']) {
      expect(keyAction(key(k), 'other', false)).toBeNull();
    }
  });

  it('steps with what clickers and keyboards send', () => {
    expect(keyAction(key('PageDown'), 'other', true)).toBe('next');
    expect(keyAction(key('ArrowRight'), 'other', true)).toBe('next');
    expect(keyAction(key(' '), 'other', true)).toBe('next');
    expect(keyAction(key('PageUp'), 'other', true)).toBe('prev');
    expect(keyAction(key('ArrowLeft'), 'other', true)).toBe('prev');
    expect(keyAction(key(' ', { shiftKey: true }), 'other', true)).toBe('prev');
  });

  it('maps the letter shortcuts and leaving', () => {
    expect(keyAction(key('c'), 'other', true)).toBe('controls');
    expect(keyAction(key('q'), 'other', true)).toBe('qr');
    expect(keyAction(key('?', { shiftKey: true }), 'other', true)).toBe('help');
    expect(keyAction(key('w'), 'other', true)).toBe('exit');
    expect(keyAction(key('Escape'), 'other', true)).toBe('exit');
    expect(keyAction(key('x'), 'other', true)).toBeNull();
  });

  it('never takes keys from someone typing', () => {
    for (const k of ['w', 'PageDown', 'PageUp', ' ', 'ArrowRight', 'c', 'q', 'Escape']) {
      expect(keyAction(key(k), 'text', true)).toBeNull();
      expect(keyAction(key(k), 'text', false)).toBeNull();
    }
    expect(keyAction(key('w', { isComposing: true }), 'other', false)).toBeNull();
    expect(keyAction(key('PageDown', { isComposing: true }), 'other', true)).toBeNull();
  });

  it('leaves arrows and Space to a focused widget, but a clicker still steps', () => {
    expect(keyAction(key('ArrowRight'), 'control', true)).toBeNull();
    expect(keyAction(key('ArrowLeft'), 'control', true)).toBeNull();
    expect(keyAction(key(' '), 'control', true)).toBeNull();
    expect(keyAction(key('PageDown'), 'control', true)).toBe('next');
    expect(keyAction(key('PageUp'), 'control', true)).toBe('prev');
  });

  it('leaves browser and system shortcuts alone', () => {
    for (const mod of ['ctrlKey', 'metaKey', 'altKey'] as const) {
      expect(keyAction(key('w', { [mod]: true }), 'other', false)).toBeNull();
      expect(keyAction(key('PageDown', { [mod]: true }), 'other', true)).toBeNull();
      expect(keyAction(key('c', { [mod]: true }), 'other', true)).toBeNull();
    }
  });
});

describe('nextScrollTarget', () => {
  const page = 500;
  const maxY = 5000;
  const stops: Stop[] = [
    { y: 0, step: false },
    { y: 1800, step: false }, // a section heading, far below the top
    { y: 2000, step: true },
    { y: 2800, step: true, end: 3400 }, // a card taller than the screen
    { y: 3600, step: true },
    { y: 4200, step: false },
  ];

  it('moves to the next step, however far', () => {
    expect(nextScrollTarget(stops, 1800, 1, page, maxY)).toBe(2000);
    expect(nextScrollTarget(stops, 2000, 1, page, maxY)).toBe(2800);
  });

  it('goes through prose and long cards a screen at a time', () => {
    expect(nextScrollTarget(stops, 0, 1, page, maxY)).toBe(500);
    expect(nextScrollTarget(stops, 1500, 1, page, maxY)).toBe(1800);
    expect(nextScrollTarget(stops, 2800, 1, page, maxY)).toBe(3300);
    expect(nextScrollTarget(stops, 3300, 1, page, maxY)).toBe(3400);
    expect(nextScrollTarget(stops, 3400, 1, page, maxY)).toBe(3600);
    expect(nextScrollTarget(stops, 3600, 1, page, maxY)).toBe(4100);
  });

  it('does not spend a press on a sliver of a card', () => {
    const short: Stop[] = [{ y: 100, step: true, end: 120 }, { y: 900, step: true }];
    expect(nextScrollTarget(short, 100, 1, page, maxY)).toBe(900);
  });

  it('goes back to the previous stop, or a screen through prose', () => {
    expect(nextScrollTarget(stops, 2800, -1, page, maxY)).toBe(2000);
    expect(nextScrollTarget(stops, 3300, -1, page, maxY)).toBe(2800);
    expect(nextScrollTarget(stops, 2000, -1, page, maxY)).toBe(1800);
    expect(nextScrollTarget(stops, 1800, -1, page, maxY)).toBe(1300);
    expect(nextScrollTarget(stops, 300, -1, page, maxY)).toBe(0);
  });

  it('treats a position a few pixels off a stop as that stop', () => {
    expect(nextScrollTarget(stops, 1998, 1, page, maxY)).toBe(2800);
    expect(nextScrollTarget(stops, 2002, -1, page, maxY)).toBe(1800);
  });

  it('stops at either end of the page', () => {
    expect(nextScrollTarget(stops, 0, -1, page, maxY)).toBeNull();
    expect(nextScrollTarget(stops, maxY, 1, page, maxY)).toBeNull();
    expect(nextScrollTarget(stops, 4800, 1, page, maxY)).toBe(maxY);
  });

  it('clamps stops beyond the scrollable range', () => {
    expect(nextScrollTarget([{ y: 0, step: false }, { y: 9000, step: true }], 4000, 1, page, maxY)).toBe(maxY);
  });
});

describe('modeFromSearch', () => {
  it('reads the workshop parameter', () => {
    expect(modeFromSearch('?workshop=1')).toBe(true);
    expect(modeFromSearch('?workshop')).toBe(true);
    expect(modeFromSearch('?a=b&workshop=0')).toBe(false);
    expect(modeFromSearch('?workshop=off')).toBe(false);
    expect(modeFromSearch('')).toBeNull();
    expect(modeFromSearch('?workshop=maybe')).toBeNull();
  });
});

describe('shareUrl', () => {
  it('points at this page and section, without the presenter’s own settings', () => {
    expect(shareUrl('https://example.org/en/02-memorize-then-generalize/?workshop=1&backend=wasm#old', 'three-phases')).toBe(
      'https://example.org/en/02-memorize-then-generalize/#three-phases',
    );
    expect(shareUrl('https://example.org/ja/00-prologue/?workshop=1', null)).toBe('https://example.org/ja/00-prologue/');
  });

  it('encodes section ids', () => {
    expect(shareUrl('https://example.org/ja/01/', '3-つの段階')).toBe(`https://example.org/ja/01/#${encodeURIComponent('3-つの段階')}`);
  });

  it('keeps the playground’s run, in its canonical form', () => {
    const canonical = (search: string) => canonicalSearch(search, { ...parseState(search).state, backend: null });
    const url = new URL(shareUrl('https://example.org/en/12-playground/?seed=2&preset=classic&workshop=1&backend=cpu', null, canonical));
    expect(url.searchParams.get('workshop')).toBeNull();
    expect(url.searchParams.get('backend')).toBeNull();
    const state = parseState(url.search).state;
    expect(state.preset).toBe('classic');
    expect(state.config.seed).toBe(2);
    expect(url.search.indexOf('preset')).toBeLessThan(url.search.indexOf('seed'));
  });
});

describe('presetHref', () => {
  it('opens the playground with the preset', () => {
    expect(presetHref('/ja/12-playground/', 'grokfast')).toBe('/ja/12-playground/?preset=grokfast');
  });
});

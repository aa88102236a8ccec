// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { arcPath, createClock, dialRadius, positionAngle, positionAt, windTo } from './clock.ts';
import { mount, nextFrame } from './test-utils.ts';

afterEach(() => document.body.replaceChildren());

const rotation = (hand: string) => {
  const g = document.querySelector<SVGGElement>(`.chart-hand-group[data-hand="${hand}"]`)!;
  const match = /rotate\((-?[\d.]+)deg\)/.exec(g.style.transform);
  return match ? Number(match[1]) : Number.NaN;
};
const mod360 = (deg: number) => ((deg % 360) + 360) % 360;
const equation = () => document.querySelector('.chart-equation')!.textContent;

describe('clock geometry', () => {
  it('puts position k of p at k/p of a turn clockwise from the top', () => {
    expect(positionAngle(0, 12)).toBe(0);
    expect(positionAngle(3, 12)).toBe(90);
    expect(positionAngle(14, 12)).toBe(60);
    expect(positionAngle(-1, 12)).toBe(330);
  });

  it('finds the position nearest a pointer', () => {
    expect(positionAt(10, 0, 12)).toBe(3);
    expect(positionAt(0, 10, 12)).toBe(6);
    expect(positionAt(-10, -0.1, 12)).toBe(9);
    // Just left of the top rounds to 0, not to p.
    expect(positionAt(-0.1, -10, 12)).toBe(0);
  });

  it('draws arcs clockwise and takes the long flag past half a turn', () => {
    expect(arcPath(10, 0, 90)).toBe('M0,-10A10,10 0 0 1 10,0');
    expect(arcPath(10, 0, 270)).toContain(' 0 1 1 ');
    expect(arcPath(10, 30, 30)).toBe('');
  });

  it('never gives the dial a negative radius, however narrow the column', () => {
    // At 16 px per rem the labels need 28.8 px outside the dial on each side.
    expect(dialRadius(23, 16)).toBe(0);
    expect(dialRadius(57.6, 16)).toBe(0);
    expect(dialRadius(416, 16)).toBeCloseTo(179.2, 6);
  });

  it('winds a hand the short way round', () => {
    expect(windTo(330, 0)).toBe(360);
    expect(windTo(360, 330)).toBe(330);
    expect(windTo(0, 90)).toBe(90);
  });
});

describe('createClock', () => {
  it('points the sum hand at (a + b) mod p and states the equation', async () => {
    const chart = createClock(mount(), { lang: 'en' });
    chart.update({ p: 12, a: 9, b: 5 });
    await nextFrame();
    expect(mod360(rotation('a'))).toBe(270);
    expect(mod360(rotation('b'))).toBe(150);
    expect(mod360(rotation('sum'))).toBe(60);
    expect(equation()).toBe('9 + 5 = 14, and 14 mod 12 = 2');
    expect(document.querySelector('.chart-figure')!.getAttribute('aria-label')).toBe('Modular addition on a clock with 12 positions');
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toBe(
      'Hand a points at 9. Turning on by b = 5 more positions brings the sum hand to 2.',
    );
    // The b arc starts where a points and wraps past 0.
    expect(document.querySelector('.chart-arc--b')!.getAttribute('d')).toMatch(/^M-/);
    expect(document.querySelectorAll('.chart-tick')).toHaveLength(12);
  });

  it('lets the reader change a from the keyboard-operable slider', async () => {
    const onChange = vi.fn();
    const chart = createClock(mount(), { lang: 'ja', onChange });
    chart.update({ p: 7, a: 2, b: 3 });
    await nextFrame();
    const input = document.querySelector<HTMLInputElement>('input[data-hand="a"]')!;
    expect(input.type).toBe('range');
    expect(input.max).toBe('6');
    expect(input.labels![0]!.textContent).toBe('針 a');
    // What the browser does for ArrowRight on a focused range input.
    input.value = String(Number(input.value) + 1);
    input.dispatchEvent(new Event('input', { bubbles: true }));
    expect(onChange).toHaveBeenCalledWith({ a: 3, b: 3 });
    await nextFrame();
    expect(mod360(rotation('sum'))).toBeCloseTo((360 * 6) / 7, 3);
    expect(equation()).toBe('3 + 3 = 6、7 で割った余りは 6');
    expect(document.querySelector('output')!.value).toBe('3');
  });

  it('drags a hand to the position under the pointer', async () => {
    const onChange = vi.fn();
    const chart = createClock(mount(), { lang: 'en', onChange });
    chart.update({ p: 12, a: 0, b: 0 });
    await nextFrame();
    const hit = document.querySelector('.chart-hit[data-hand="b"]')!;
    hit.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, pointerId: 1 }));
    // jsdom lays nothing out, so the dial's centre is at (0, 0): straight down is 6.
    hit.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: 0, clientY: 40 }));
    expect(onChange).toHaveBeenLastCalledWith({ a: 0, b: 6 });
    hit.dispatchEvent(new PointerEvent('pointerup', { bubbles: true, pointerId: 1 }));
    hit.dispatchEvent(new PointerEvent('pointermove', { bubbles: true, clientX: 40, clientY: 0 }));
    expect(onChange).toHaveBeenCalledTimes(1);
  });

  it('does not report changes it was told about, and clamps them', async () => {
    const onChange = vi.fn();
    const chart = createClock(mount(), { lang: 'en', onChange });
    chart.update({ p: 5, a: 9, b: -2 });
    await nextFrame();
    expect(onChange).not.toHaveBeenCalled();
    expect(document.querySelector<HTMLInputElement>('input[data-hand="a"]')!.value).toBe('4');
    expect(equation()).toBe('4 + 0 = 4, and 4 mod 5 = 4');
  });

  it('turns the sum hand forward across 12 o’clock instead of back round the dial', async () => {
    const chart = createClock(mount(), { lang: 'en' });
    chart.update({ p: 12, a: 11, b: 0 });
    await nextFrame();
    const before = rotation('sum');
    expect(mod360(before)).toBe(330);
    chart.update({ p: 12, a: 11, b: 1 });
    await nextFrame();
    expect(rotation('sum') - before).toBe(30);
  });

  it('shows only the hands a step asks for', async () => {
    const chart = createClock(mount(), { lang: 'en' });
    chart.update({ p: 12, a: 3, b: 4 }, { hands: ['a'] });
    await nextFrame();
    expect(document.querySelector('.chart-hand-group[data-hand="b"]')!.getAttribute('display')).toBe('none');
    expect(document.querySelector('.chart-hand-group[data-hand="sum"]')!.getAttribute('display')).toBe('none');
    expect(document.querySelector('.chart-arc--b')!.getAttribute('d')).toBe('');
  });

  it('can be display-only', async () => {
    const chart = createClock(mount(), { lang: 'en', interactive: false });
    chart.update({ p: 113, a: 100, b: 50 });
    await nextFrame();
    expect(document.querySelectorAll('input')).toHaveLength(0);
    expect(document.querySelectorAll('.chart-hit')).toHaveLength(0);
    // At p = 113 only a dozen or so positions are numbered.
    const numbered = [...document.querySelectorAll('.chart-tick-label')].filter((t) => t.textContent !== '');
    expect(numbered.length).toBeLessThanOrEqual(13);
    expect(mod360(rotation('sum'))).toBeCloseTo((360 * 37) / 113, 3);
  });

  it('tabulates a, b, their sum and the remainder', () => {
    const chart = createClock(mount(), { lang: 'en' });
    chart.update({ p: 12, a: 9, b: 5 });
    const rows = [...chart.table().querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['a', '9'],
      ['b', '5'],
      ['a + b', '14'],
      ['(a + b) mod 12', '2'],
    ]);
  });
});

describe('clock labels at large p', () => {
  it('does not print p − 1 beside 0 on the dial', async () => {
    const host = document.createElement('div');
    document.body.append(host);
    const clock = createClock(host, { lang: 'en' });
    clock.update({ p: 97, a: 60, b: 50 });
    await new Promise((r) => setTimeout(r, 40));
    const labels = [...host.querySelectorAll('.chart-tick-label')].map((t) => t.textContent).filter(Boolean);
    expect(labels).toContain('0');
    expect(labels).not.toContain('96');
    clock.destroy();
  });
});

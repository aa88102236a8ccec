// @vitest-environment jsdom
import { select } from 'd3';
import { describe, expect, it } from 'vitest';
import { SVG_NS } from './plot.ts';
import { createScale, decadeTicks, drawAxis, formatPowerOfTen } from './scale.ts';

describe('createScale', () => {
  it('maps a linear domain onto a range and back', () => {
    const x = createScale('linear', [0, 200], [0, 100]);
    expect(x(50)).toBe(25);
    expect(x.invert(25)).toBe(50);
    expect(createScale('linear', [0, 1], [100, 0])(0.25)).toBe(75);
    expect(x.ticks(5)).toEqual([0, 50, 100, 150, 200]);
  });

  it('rounds a linear domain out to nice values when asked', () => {
    expect(createScale('linear', [0, 1.37], [0, 1], { nice: true }).domain).toEqual([0, 1.4]);
    expect(createScale('linear', [0, 41], [0, 1], { nice: true }).domain).toEqual([0, 45]);
  });

  it('maps decades evenly on a log scale, with whole decades when nice', () => {
    const y = createScale('log', [0.003, 20], [100, 0], { nice: true });
    expect(y.domain).toEqual([0.001, 100]);
    expect(y(0.001)).toBeCloseTo(100, 9);
    expect(y(1)).toBeCloseTo(40, 9);
    expect(y.invert(40)).toBeCloseTo(1, 9);
    expect(y.ticks(10)).toEqual([0.001, 0.01, 0.1, 1, 10, 100]);
    expect(y(0)).toBeNaN();
  });

  it('clamps when asked', () => {
    const x = createScale('linear', [0, 10], [0, 100], { clamp: true });
    expect(x(20)).toBe(100);
    expect(x(-5)).toBe(0);
    expect(createScale('log', [1, 100], [0, 10], { clamp: true })(0)).toBe(0);
  });

  it('puts a degenerate domain in the middle instead of dividing by zero', () => {
    expect(createScale('linear', [3, 3], [0, 10])(3)).toBe(5);
  });
});

describe('log ticks', () => {
  it('labels whole decades, thinned when the range is wide', () => {
    expect(decadeTicks(0.0003, 20, 10)).toEqual([0.001, 0.01, 0.1, 1, 10]);
    expect(decadeTicks(1e-8, 10, 3)).toEqual([1e-8, 1e-4, 1]);
    expect([1e-4, 1, 10, 1000].map(formatPowerOfTen)).toEqual(['10⁻⁴', '1', '10', '10³']);
  });
});

describe('drawAxis', () => {
  const group = () => select(document.createElementNS(SVG_NS, 'g') as SVGGElement);

  it('places one labelled tick per value along a bottom axis', () => {
    const g = group();
    drawAxis(g, createScale('linear', [0, 10], [0, 200]), { orient: 'bottom', values: [0, 5, 10], format: (v) => `${v}!`, line: true });
    const ticks = [...g.node()!.querySelectorAll('.tick')];
    expect(ticks.map((t) => t.getAttribute('transform'))).toEqual(['translate(0,0)', 'translate(100,0)', 'translate(200,0)']);
    expect(ticks.map((t) => t.textContent)).toEqual(['0!', '5!', '10!']);
    expect(g.node()!.querySelector('.domain')!.getAttribute('d')).toBe('M0,0H200');
  });

  it('draws gridlines across for a left axis and updates in place', () => {
    const g = group();
    const y = createScale('linear', [0, 1], [100, 0]);
    drawAxis(g, y, { orient: 'left', values: [0, 0.5, 1], format: String, tickSize: 300 });
    expect(g.node()!.querySelector('.tick line')!.getAttribute('x2')).toBe('300');
    expect(g.node()!.querySelector('.domain')).toBeNull();
    drawAxis(g, y, { orient: 'left', values: [0, 1], format: String });
    expect(g.node()!.querySelectorAll('.tick')).toHaveLength(2);
    expect(g.node()!.querySelector('.tick line')!.getAttribute('x2')).toBe('-6');
  });
});

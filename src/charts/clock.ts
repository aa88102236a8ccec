/**
 * Modular addition as a clock with p positions: hand a points at a, an arc
 * turns on by b more positions, and the sum hand lands on (a + b) mod p,
 * wrapping past 0 when a + b ≥ p. The reader sets a and b with two native
 * range inputs (keyboard, screen readers and touch all work without extra
 * code) or by dragging the hands' knobs. The hands differ in length, knob
 * shape and dash as well as colour.
 */
import { select } from 'd3';
import { uid } from './a11y.ts';
import { fill, formats, resolveLabels, CLOCK_LABELS, type ClockLabels } from './labels.ts';
import { SVG_NS, indexTicks } from './plot.ts';
import { createShell, type Chart, type ChartOptions } from './shell.ts';

export interface ClockData {
  readonly p: number;
  readonly a: number;
  readonly b: number;
}

export type Hand = 'a' | 'b' | 'sum';

export interface ClockState {
  /** Which hands (and their arcs) are shown, for steps that introduce them one at a time. */
  readonly hands?: readonly Hand[];
}

export interface ClockOptions extends ChartOptions<ClockLabels> {
  /** Called when the reader moves a or b; not when update() sets them. */
  onChange?: (value: { a: number; b: number }) => void;
  /** Let the reader move a and b. Default true. */
  interactive?: boolean;
}

export type Clock = Chart<ClockData, ClockState>;

/** Degrees clockwise from 12 o'clock for position k of p. */
export function positionAngle(k: number, p: number): number {
  return p > 0 ? (360 * (((k % p) + p) % p)) / p : 0;
}

/** The position nearest to a point given relative to the centre (y down, as on screen). */
export function positionAt(dx: number, dy: number, p: number): number {
  const turns = (Math.atan2(dx, -dy) / (2 * Math.PI) + 1) % 1;
  return Math.round(turns * p) % p;
}

/**
 * The dial's radius in a square of `size` px, leaving room for the labels
 * outside it. Never negative: a container squeezed narrower than the labels'
 * margin (a phone's column at ~23 px) got `r` below 0, which SVG rejects.
 */
export function dialRadius(size: number, rem: number): number {
  return Math.max(0, size / 2 - 1.8 * rem);
}

/** An SVG arc of radius r, clockwise from one angle to another (degrees from 12 o'clock). */
export function arcPath(r: number, fromDeg: number, toDeg: number): string {
  const sweep = toDeg - fromDeg;
  if (sweep <= 0) return '';
  // Two decimals keep the path short; `|| 0` turns a rounded −0 into 0.
  const round = (v: number) => Math.round(v * 100) / 100 || 0;
  const point = (deg: number) => {
    const rad = (deg * Math.PI) / 180;
    return `${round(r * Math.sin(rad))},${round(-r * Math.cos(rad))}`;
  };
  return `M${point(fromDeg)}A${r},${r} 0 ${sweep > 180 ? 1 : 0} 1 ${point(toDeg)}`;
}

/**
 * The next rotation for a hand already at `current` degrees (which may have
 * wound past 360) to point at `target`: the short way round, so an animated
 * hand never spins backwards through the whole dial.
 */
export function windTo(current: number, target: number): number {
  const delta = ((((target - current) % 360) + 540) % 360) - 180;
  return current + delta;
}

function clampInt(v: number, p: number): number {
  return Math.min(p - 1, Math.max(0, Math.round(v)));
}

export function createClock(container: HTMLElement, options: ClockOptions): Clock {
  const { lang } = options;
  const labels = resolveLabels(CLOCK_LABELS, lang, options.labels);
  const f = formats(lang);
  const interactive = options.interactive ?? true;

  let data: ClockData = { p: 12, a: 0, b: 0 };
  let state: ClockState = {};
  const wound = { a: 0, b: 0, sum: 0 };

  const sumOf = () => data.a + data.b;
  const cOf = () => (data.p > 0 ? sumOf() % data.p : 0);

  const shell = createShell(container, {
    name: 'clock',
    lang,
    label: fill(labels.title, { p: data.p }),
    showTable: labels.showTable,
    draw,
    table: () => ({
      caption: fill(labels.tableCaption, { p: data.p }),
      columns: [labels.quantity, labels.value],
      rows: [
        ['a', data.a],
        ['b', data.b],
        ['a + b', sumOf()],
        [`(a + b) mod ${data.p}`, cOf()],
      ],
    }),
  });
  const doc = shell.doc;

  const svg = select(doc.createElementNS(SVG_NS, 'svg')).attr('class', 'chart-svg chart-clock').attr('aria-hidden', 'true');
  shell.figure.append(svg.node() as SVGSVGElement);
  const face = svg.append('g');
  face.append('circle').attr('class', 'chart-dial');
  const ticks = face.append('g').attr('class', 'chart-ticks');
  const arcA = face.append('path').attr('class', 'chart-arc chart-arc--a');
  const arcB = face.append('path').attr('class', 'chart-arc chart-arc--b');
  const hands = {
    sum: face.append('g').attr('class', 'chart-hand-group').attr('data-hand', 'sum'),
    b: face.append('g').attr('class', 'chart-hand-group').attr('data-hand', 'b'),
    a: face.append('g').attr('class', 'chart-hand-group').attr('data-hand', 'a'),
  };
  hands.sum.append('line').attr('class', 'chart-hand chart-hand--sum');
  hands.sum.append('path').attr('class', 'chart-knob chart-knob--sum');
  hands.b.append('line').attr('class', 'chart-hand chart-hand--b');
  hands.b.append('rect').attr('class', 'chart-knob chart-knob--b');
  hands.a.append('line').attr('class', 'chart-hand chart-hand--a');
  hands.a.append('circle').attr('class', 'chart-knob chart-knob--a');
  face.append('circle').attr('class', 'chart-knob chart-knob--sum').attr('r', 4);
  if (interactive) {
    hands.b.append('circle').attr('class', 'chart-hit').attr('data-hand', 'b');
    hands.a.append('circle').attr('class', 'chart-hit').attr('data-hand', 'a');
  }

  const equation = doc.createElement('p');
  equation.className = 'chart-equation';
  equation.setAttribute('aria-live', 'polite');
  shell.root.insertBefore(equation, shell.figure.nextSibling);

  const inputs: Partial<Record<'a' | 'b', HTMLInputElement>> = {};
  const outputs: Partial<Record<'a' | 'b', HTMLOutputElement>> = {};
  if (interactive) {
    const controls = doc.createElement('div');
    controls.className = 'chart-controls';
    for (const hand of ['a', 'b'] as const) {
      const id = uid(`chart-clock-${hand}`);
      const label = doc.createElement('label');
      label.htmlFor = id;
      label.textContent = hand === 'a' ? labels.handA : labels.handB;
      const input = doc.createElement('input');
      input.type = 'range';
      input.id = id;
      input.min = '0';
      input.step = '1';
      input.dataset.hand = hand;
      const output = doc.createElement('output');
      output.htmlFor.add(id);
      input.addEventListener('input', () => set(hand, Number(input.value)));
      controls.append(label, input, output);
      inputs[hand] = input;
      outputs[hand] = output;
    }
    shell.root.insertBefore(controls, equation.nextSibling);
  }

  /** A change made by the reader: redraw and tell the page. */
  function set(hand: 'a' | 'b', value: number) {
    const v = clampInt(value, data.p);
    if (data[hand] === v) return;
    data = { ...data, [hand]: v };
    syncControls();
    shell.request(true);
    options.onChange?.({ a: data.a, b: data.b });
  }

  function syncControls() {
    for (const hand of ['a', 'b'] as const) {
      const input = inputs[hand];
      const output = outputs[hand];
      if (!input || !output) continue;
      input.max = String(Math.max(0, data.p - 1));
      input.value = String(data[hand]);
      output.value = String(data[hand]);
    }
  }

  // Dragging a knob: the hand follows the pointer to the nearest position.
  let dragging: 'a' | 'b' | null = null;
  const svgNode = svg.node() as SVGSVGElement;
  const onPointerDown = (event: PointerEvent) => {
    const hand = (event.target as Element | null)?.getAttribute('data-hand');
    if (hand !== 'a' && hand !== 'b') return;
    dragging = hand;
    svgNode.classList.add('is-dragging');
    svgNode.setPointerCapture?.(event.pointerId);
    event.preventDefault();
  };
  const onPointerMove = (event: PointerEvent) => {
    if (!dragging) return;
    const box = svgNode.getBoundingClientRect();
    const dx = event.clientX - (box.left + box.width / 2);
    const dy = event.clientY - (box.top + box.height / 2);
    if (dx === 0 && dy === 0) return;
    set(dragging, positionAt(dx, dy, data.p));
  };
  const onPointerUp = (event: PointerEvent) => {
    if (!dragging) return;
    dragging = null;
    svgNode.classList.remove('is-dragging');
    svgNode.releasePointerCapture?.(event.pointerId);
  };
  if (interactive) {
    svgNode.addEventListener('pointerdown', onPointerDown);
    svgNode.addEventListener('pointermove', onPointerMove);
    svgNode.addEventListener('pointerup', onPointerUp);
    svgNode.addEventListener('pointercancel', onPointerUp);
  }

  function draw({ width, rem }: { width: number; rem: number }) {
    const { p, a, b } = data;
    const c = cOf();
    const shown = new Set<Hand>(state.hands ?? ['a', 'b', 'sum']);
    const size = Math.round(Math.min(width, 26 * rem));
    const r = dialRadius(size, rem);
    svg.attr('width', size).attr('height', size).attr('viewBox', `0 0 ${size} ${size}`);
    face.attr('transform', `translate(${size / 2},${size / 2})`);
    face.select('.chart-dial').attr('r', r);

    // On a dial p − 1 sits next to 0, so it gets no label of its own there.
    const labelled = new Set(p <= 24 ? Array.from({ length: p }, (_, k) => k) : indexTicks(p, 12).filter((k) => k !== p - 1));
    const tick = ticks
      .selectAll<SVGGElement, number>('g')
      .data(Array.from({ length: p }, (_, k) => k))
      .join((enter) => {
        const g = enter.append('g');
        g.append('line').attr('class', 'chart-tick');
        g.append('text').attr('class', 'chart-tick-label').attr('text-anchor', 'middle').attr('dy', '0.35em');
        return g;
      })
      .attr('data-k', (k) => k);
    const polar = (k: number, radius: number) => {
      const rad = (positionAngle(k, p) * Math.PI) / 180;
      return [radius * Math.sin(rad), -radius * Math.cos(rad)] as const;
    };
    tick
      .select('line')
      .each(function (k) {
        const inner = polar(k, r - (labelled.has(k) ? 0.55 : 0.3) * rem);
        const outer = polar(k, r);
        select(this).attr('x1', inner[0]).attr('y1', inner[1]).attr('x2', outer[0]).attr('y2', outer[1]);
      });
    tick
      .select('text')
      .text((k) => (labelled.has(k) ? k : ''))
      .attr('x', (k) => polar(k, r + 0.95 * rem)[0])
      .attr('y', (k) => polar(k, r + 0.95 * rem)[1])
      .attr('font-weight', (k) => (shown.has('sum') && k === c ? 700 : null));

    arcA.attr('d', shown.has('a') ? arcPath(Math.max(0, r - 0.5 * rem), 0, positionAngle(a, p)) : '');
    const startB = (360 * a) / p;
    arcB.attr('d', shown.has('b') ? arcPath(Math.max(0, r - 1.05 * rem), startB, startB + (360 * b) / p) : '');

    const lengths = { a: 0.62 * r, b: 0.42 * r, sum: 0.86 * r };
    const targets = { a: positionAngle(a, p), b: positionAngle(b, p), sum: positionAngle(c, p) };
    for (const hand of ['a', 'b', 'sum'] as const) {
      const g = hands[hand];
      wound[hand] = windTo(wound[hand], targets[hand]);
      // A CSS transform (not the attribute) so the turn can be eased in CSS,
      // and dropped under prefers-reduced-motion.
      g.style('transform', `rotate(${wound[hand]}deg)`).attr('display', shown.has(hand) ? null : 'none');
      const len = lengths[hand];
      g.select('line').attr('x1', 0).attr('y1', 0).attr('x2', 0).attr('y2', -len);
      g.select('.chart-hit').attr('cy', -len).attr('r', 22);
    }
    hands.a.select('circle.chart-knob').attr('cy', -lengths.a).attr('r', 7);
    hands.b.select('rect').attr('x', -6).attr('y', -lengths.b - 6).attr('width', 12).attr('height', 12);
    const s = lengths.sum;
    hands.sum.select('path').attr('d', `M0,${-s - 8}L7,${-s}L0,${-s + 8}L-7,${-s}Z`);

    const text = fill(labels.equation, { a, b, sum: f.integer(a + b), p, c });
    if (equation.textContent !== text) equation.textContent = text;
    shell.setLabel(fill(labels.title, { p }));
    shell.describe(fill(labels.description, { a, b, c }));
  }

  return {
    update(next, nextState) {
      const p = Math.max(1, Math.round(next.p));
      data = { p, a: clampInt(next.a, p), b: clampInt(next.b, p) };
      if (nextState) state = { ...state, ...nextState };
      syncControls();
      shell.request(true);
    },
    resize: shell.resize,
    destroy: shell.destroy,
    table: shell.table,
  };
}

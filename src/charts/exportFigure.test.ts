// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { axisGradient, buildFigureSvg, captionText, colorAlpha, diagonalBand, normalizeColor, readableUrl, textWidth, wrapText, type Box, type ExportEnv, type StyleLike } from './exportFigure.ts';
import { SVG_NS } from './plot.ts';
import { createShell, exportFileName, type Shell } from './shell.ts';
import { mount } from './test-utils.ts';

const COLORS = { bg: 'rgb(251, 250, 247)', fg: 'rgb(31, 35, 40)', muted: 'rgb(87, 96, 106)' };

describe('colours', () => {
  it('turns color(srgb …) into rgb()/rgba() and passes other forms through', () => {
    expect(normalizeColor('color(srgb 1 0.5 0)')).toBe('rgb(255, 128, 0)');
    expect(normalizeColor('color(srgb 0 0 0 / 0.25)')).toBe('rgba(0, 0, 0, 0.25)');
    expect(normalizeColor('rgb(1, 2, 3)')).toBe('rgb(1, 2, 3)');
    expect(normalizeColor('none')).toBe('none');
    expect(colorAlpha('rgba(0, 0, 0, 0)')).toBe(0);
    expect(colorAlpha('rgb(0 0 0 / 50%)')).toBe(1);
    expect(colorAlpha('rgba(0, 0, 0, 0.5)')).toBe(0.5);
    expect(colorAlpha('transparent')).toBe(0);
  });
});

describe('wrapText', () => {
  it('breaks English at spaces within the width', () => {
    const lines = wrapText('Train and test accuracy over training steps, with the reference run beneath', 200, 13);
    expect(lines.length).toBeGreaterThan(1);
    for (const line of lines) expect(textWidth(line, 13)).toBeLessThanOrEqual(200);
    expect(lines.join(' ')).toBe('Train and test accuracy over training steps, with the reference run beneath');
  });

  it('breaks Japanese between characters and keeps closing punctuation on the line', () => {
    const text = '訓練データを覚えたあと、しばらくしてテストの正解率が急に上がります。';
    const lines = wrapText(text, 13 * 10, 13);
    expect(lines.join('')).toBe(text);
    for (const line of lines) expect(line.startsWith('、') || line.startsWith('。')).toBe(false);
  });

  it('breaks a URL anywhere', () => {
    const url = 'http://127.0.0.1:4321/en/12-playground/?preset=fast&step=100&seed=2&lr=0.02';
    const lines = wrapText(url, 120, 11.5, true);
    expect(lines.length).toBeGreaterThan(2);
    expect(lines.join('')).toBe(url);
  });
});

describe('captionText', () => {
  it('reads the enclosing figure caption without KaTeX’s hidden duplicate', () => {
    const figure = document.createElement('figure');
    figure.innerHTML =
      '<div><div class="chart"></div></div><figcaption>Accuracy for <span class="katex"><span class="katex-mathml"><math><mi>p</mi><annotation>p</annotation></math></span><span class="katex-html" aria-hidden="true">p</span></span> = 47.</figcaption>';
    expect(captionText(figure.querySelector('.chart')!)).toBe('Accuracy for p = 47.');
    expect(captionText(document.createElement('div'))).toBe('');
  });
});

describe('exportFileName', () => {
  it('names the chart, the language and the local time', () => {
    expect(exportFileName('prediction-grid', 'ja', new Date(2025, 0, 2, 3, 4), 'svg')).toBe('prediction-grid-ja-20250102-0304.svg');
    expect(exportFileName('a b/c', 'en', new Date(2025, 11, 31, 23, 59), 'png')).toBe('a-b-c-en-20251231-2359.png');
  });
});

const INHERITED = ['color', 'fill', 'stroke', 'stroke-width', 'stroke-linecap', 'font-size', 'visibility'];

/** A layout and a cascade for the jsdom DOM, which has neither: every element gets a value for every property, inherited ones from its parent. */
function fakeEnv(boxes: Map<Element, Box>, styles: (el: Element) => Record<string, string>): ExportEnv {
  const initial: Record<string, string> = { display: 'block', visibility: 'visible', opacity: '1', color: 'rgb(0, 0, 0)', fill: 'rgb(0, 0, 0)', stroke: 'none', 'stroke-width': '1px', 'font-size': '16px' };
  const computed = (el: Element | null): Record<string, string> => {
    if (!el) return initial;
    const parent = computed(el.parentElement);
    const inherited = Object.fromEntries(INHERITED.map((k) => [k, parent[k] ?? '']));
    return { ...initial, ...inherited, ...styles(el) };
  };
  return {
    box: (el) => boxes.get(el) ?? { left: 0, top: 0, width: 0, height: 0 },
    style: (el): StyleLike => {
      const values = computed(el);
      return { getPropertyValue: (name) => values[name] ?? '' };
    },
    lines: (node) => {
      const box = boxes.get(node.parentElement!);
      const text = node.data.replace(/\s+/g, ' ').trim();
      return box && text ? [{ text, box }] : [];
    },
    canvasUrl: () => 'data:image/png;base64,iVBORw0KGgo=',
  };
}

describe('buildFigureSvg', () => {
  let shell: Shell;
  let container: HTMLElement;

  beforeEach(() => {
    const figure = document.createElement('figure');
    container = document.createElement('div');
    const caption = document.createElement('figcaption');
    caption.textContent = 'The run at step 100.';
    figure.append(container, caption);
    document.body.append(figure);
    shell = createShell(container, { name: 'demo', lang: 'en', label: 'Demo chart', showTable: 'Show as table', draw: () => {}, table: () => ({ caption: '', columns: [], rows: [] }) });
  });
  afterEach(() => {
    shell.destroy();
    document.body.replaceChildren();
  });

  function draw() {
    const item = document.createElement('span');
    item.className = 'chart-legend__item';
    const chip = document.createElement('span');
    chip.className = 'chart-chip';
    const label = document.createElement('span');
    label.textContent = 'Train';
    item.append(chip, label);
    shell.legend.append(item);
    const canvas = document.createElement('canvas');
    const svg = document.createElementNS(SVG_NS, 'svg');
    svg.setAttribute('class', 'chart-svg');
    svg.setAttribute('viewBox', '0 0 300 200');
    svg.innerHTML =
      '<g class="chart-axis" fill="currentColor" font-family="sans-serif"><text class="chart-tick">10</text></g>' +
      '<path class="chart-line chart-line--train" d="M0,0L10,10"/>' +
      '<g class="gone"><text>hidden</text></g>' +
      '<g class="spin" style="transform: rotate(90deg)"><line x2="5"/></g>';
    shell.figure.append(canvas, svg);
    shell.describe('A description only for screen readers.');
    const boxes = new Map<Element, Box>([
      [shell.root, { left: 100, top: 50, width: 400, height: 300 }],
      [label, { left: 130, top: 52, width: 40, height: 18 }],
      [chip, { left: 110, top: 54, width: 14, height: 14 }],
      [canvas, { left: 140, top: 110, width: 200, height: 200 }],
      [svg, { left: 100, top: 80, width: 300, height: 200 }],
    ]);
    const styles = (el: Element): Record<string, string> => {
      const cls = el.getAttribute('class') ?? '';
      if (el === shell.root) return { color: COLORS.fg, 'font-size': '14px' };
      if (el === container) return { 'background-color': 'rgb(255, 255, 255)' };
      if (cls.includes('chart-chip')) return { 'background-color': 'rgb(11, 107, 99)', 'border-top-left-radius': '2px' };
      if (cls.includes('chart-line--train')) return { fill: 'none', stroke: 'rgb(11, 107, 99)', 'stroke-width': '2.25px', 'stroke-linecap': 'round' };
      if (cls.includes('chart-tick')) return { fill: 'color(srgb 0.5 0.5 0.5)', 'font-size': '12px' };
      if (cls.includes('gone')) return { display: 'none' };
      if (cls.includes('spin')) return { transform: 'matrix(0, 1, -1, 0, 0, 0)', 'transform-origin': '0px 0px' };
      if (el.localName === 'svg') return { overflow: 'visible' };
      return {};
    };
    return { boxes, styles, canvas, svg };
  }

  function build(url = 'http://127.0.0.1:4321/en/12-playground/?preset=fast&step=100') {
    const { boxes, styles } = draw();
    const built = buildFigureSvg({ root: shell.root, lang: 'en', title: 'Demo chart', caption: captionText(shell.root), url, colors: COLORS }, fakeEnv(boxes, styles));
    const parsed = new DOMParser().parseFromString(built.svg, 'image/svg+xml');
    return { built, parsed, out: parsed.documentElement };
  }

  it('is a well-formed standalone SVG with the caption and the link to the state', () => {
    const { built, parsed, out } = build();
    expect(parsed.querySelector('parsererror')).toBeNull();
    expect(built.svg.startsWith('<?xml')).toBe(true);
    expect(out.namespaceURI).toBe(SVG_NS);
    expect(out.getAttribute('width')).toBe(String(built.width));
    expect(built.width).toBe(432);
    expect(out.getAttribute('font-family')).toMatch(/system-ui.*sans-serif$/);
    const text = out.textContent ?? '';
    expect(text).toContain('Demo chart');
    expect(text).toContain('The run at step 100.');
    expect(text).toContain('http://127.0.0.1:4321/en/12-playground/?preset=fast&step=100');
    expect(out.querySelector('a')!.getAttribute('href')).toBe('http://127.0.0.1:4321/en/12-playground/?preset=fast&step=100');
    // The backdrop is the nearest background behind the chart.
    expect(out.querySelector(':scope > rect')!.getAttribute('fill')).toBe('rgb(255, 255, 255)');
  });

  it('leaves out the controls, hidden parts and the screen-reader description', () => {
    const { out } = build();
    const text = out.textContent ?? '';
    expect(text).not.toContain('Show as table');
    expect(text).not.toContain('Download');
    expect(text).not.toContain('hidden');
    expect(text).not.toContain('only for screen readers');
  });

  it('resolves CSS into attributes on a clone of the live SVG, in place', () => {
    const { out } = build();
    const layer = out.querySelector('g > svg')!;
    expect([layer.getAttribute('x'), layer.getAttribute('y'), layer.getAttribute('width'), layer.getAttribute('height')]).toEqual(['0', '30', '300', '200']);
    expect(layer.getAttribute('viewBox')).toBe('0 0 300 200');
    expect(layer.getAttribute('overflow')).toBe('visible');
    expect(layer.querySelector('[class]')).toBeNull();
    const path = layer.querySelector('path')!;
    expect(path.getAttribute('stroke')).toBe('rgb(11, 107, 99)');
    expect(path.getAttribute('stroke-width')).toBe('2.25');
    expect(path.getAttribute('fill')).toBe('none');
    const axis = layer.querySelector('g')!;
    // d3's presentation attributes lose to the stylesheet, as on screen.
    expect(axis.hasAttribute('fill')).toBe(false);
    expect(axis.hasAttribute('font-family')).toBe(false);
    const tick = axis.querySelector('text')!;
    expect(tick.getAttribute('fill')).toBe('rgb(128, 128, 128)');
    expect(tick.getAttribute('font-size')).toBe('12');
    expect(layer.querySelectorAll('g')).toHaveLength(2);
    expect(layer.querySelector('g:last-of-type')!.getAttribute('transform')).toBe('matrix(0, 1, -1, 0, 0, 0)');
  });

  it('embeds canvas layers as PNG images where they sit', () => {
    const { out } = build();
    const image = out.querySelector('image')!;
    expect(image.getAttribute('href')).toBe('data:image/png;base64,iVBORw0KGgo=');
    expect([image.getAttribute('x'), image.getAttribute('y'), image.getAttribute('width'), image.getAttribute('height')]).toEqual(['40', '60', '200', '200']);
  });

  it('redraws the HTML legend: chips as rectangles, labels as text', () => {
    const { out } = build();
    const label = [...out.querySelectorAll('text')].find((t) => t.textContent === 'Train')!;
    expect(label.getAttribute('x')).toBe('30');
    expect(label.getAttribute('fill')).toBe(COLORS.fg);
    const chip = [...out.querySelectorAll('rect')].find((r) => r.getAttribute('fill') === 'rgb(11, 107, 99)')!;
    expect([chip.getAttribute('x'), chip.getAttribute('y'), chip.getAttribute('width'), chip.getAttribute('rx')]).toEqual(['10', '4', '14', '2']);
  });

  it('wraps a long URL inside the width', () => {
    const long = `http://127.0.0.1:4321/en/12-playground/?${'x=1&'.repeat(60)}step=100`;
    const { out, built } = build(long);
    const lines = [...out.querySelectorAll('a text')];
    expect(lines.length).toBeGreaterThan(1);
    expect(lines.map((l) => l.textContent).join('')).toBe(long);
    for (const line of lines) expect(textWidth(line.textContent ?? '', 11.5)).toBeLessThanOrEqual(built.width - 32);
  });
});

describe('the Download menu', () => {
  let shell: Shell;
  afterEach(() => {
    shell.destroy();
    vi.restoreAllMocks();
    document.body.replaceChildren();
  });

  const make = (lang: 'en' | 'ja') =>
    createShell(mount(), { name: 'demo', lang, label: 'Demo', showTable: 'Show as table', draw: () => {}, table: () => ({ caption: '', columns: [], rows: [] }) });

  it('sits beside the table disclosure with two labelled buttons', () => {
    shell = make('en');
    // The table disclosure stays the chart's first <details>.
    expect(shell.root.querySelector('details')!.classList.contains('chart-table')).toBe(true);
    const menu = shell.root.querySelector<HTMLDetailsElement>('.chart-tools > details.chart-export')!;
    expect(menu.querySelector('summary')!.textContent).toBe('Download');
    const buttons = [...menu.querySelectorAll('button')];
    expect(buttons.map((b) => b.textContent)).toEqual(['SVG', 'PNG']);
    expect(buttons.map((b) => b.getAttribute('aria-label'))).toEqual(['Download the figure as SVG', 'Download the figure as PNG']);
  });

  it('speaks Japanese on Japanese pages', () => {
    shell = make('ja');
    expect(shell.root.querySelector('.chart-export summary')!.textContent).toBe('ダウンロード');
    expect(shell.root.querySelector('[data-export="png"]')!.getAttribute('aria-label')).toBe('図を PNG で保存');
  });

  it('saves an SVG file named after the chart, and closes the menu', async () => {
    shell = make('en');
    const saved: { name: string; blob: Blob }[] = [];
    const blobs = new Map<string, Blob>();
    URL.createObjectURL = (blob: Blob) => {
      const url = `blob:test/${blobs.size}`;
      blobs.set(url, blob);
      return url;
    };
    URL.revokeObjectURL = () => {};
    vi.spyOn(HTMLAnchorElement.prototype, 'click').mockImplementation(function (this: HTMLAnchorElement) {
      saved.push({ name: this.download, blob: blobs.get(this.href)! });
    });
    const menu = shell.root.querySelector<HTMLDetailsElement>('.chart-export')!;
    menu.open = true;
    expect(await shell.exportAs('svg')).toBe(true);
    shell.root.querySelector<HTMLButtonElement>('[data-export="svg"]')!.click();
    expect(menu.open).toBe(false);
    await vi.waitFor(() => expect(saved).toHaveLength(2));
    expect(saved[0]!.name).toMatch(/^demo-en-\d{8}-\d{4}\.svg$/);
    expect(saved[0]!.blob.type).toBe('image/svg+xml');
    expect(await saved[0]!.blob.text()).toContain('<svg');
  });

  it('shows a short message instead of throwing when saving fails', async () => {
    shell = make('en');
    URL.createObjectURL = () => {
      throw new Error('blocked');
    };
    expect(await shell.exportAs('svg')).toBe(false);
    expect(shell.root.querySelector('.chart-export__message')!.textContent).toBe('The figure could not be exported in this browser.');
  });
});

describe('diagonalBand', () => {
  it('turns the chips’ slash gradient into a polygon across the box', () => {
    const band = diagonalBand('linear-gradient(to right top, rgba(0, 0, 0, 0) 42%, rgb(251, 250, 247) 42%, rgb(251, 250, 247) 58%, rgba(0, 0, 0, 0) 58%)')!;
    expect(band.color).toBe('rgb(251, 250, 247)');
    const rounded = band.map(([x, y]) => [Math.round(x * 100) / 100, Math.round(y * 100) / 100]);
    expect(rounded).toEqual([
      [0, 0],
      [0.16, 0],
      [1, 0.84],
      [1, 1],
      [0.84, 1],
      [0, 0.16],
    ]);
    expect(diagonalBand('linear-gradient(to top right, transparent 42%, color(srgb 1 1 1) 42% 58%, transparent 58%)')!.color).toBe('rgb(255, 255, 255)');
    expect(diagonalBand('none')).toBeNull();
    expect(diagonalBand('linear-gradient(to right, rgb(0, 0, 0) 0%, rgb(255, 255, 255) 100%)')).toBeNull();
  });
});

describe('readableUrl', () => {
  it('decodes escaped letters for reading but keeps spaces escaped', () => {
    expect(readableUrl('http://x/ja/12-playground/?preset=fast#%E5%AD%A6%E7%BF%92')).toBe('http://x/ja/12-playground/?preset=fast#学習');
    expect(readableUrl('http://x/?q=a%20b')).toBe('http://x/?q=a%20b');
    expect(readableUrl('http://x/%E0%A4%A')).toBe('http://x/%E0%A4%A');
  });
});

describe('axisGradient', () => {
  it('reads the colour ramps as SVG gradient stops', () => {
    expect(axisGradient('linear-gradient(to right, rgb(241, 238, 231), rgb(7, 82, 76))')).toEqual({
      vertical: false,
      stops: [
        { color: 'rgb(241, 238, 231)', offset: 0 },
        { color: 'rgb(7, 82, 76)', offset: 1 },
      ],
    });
    const three = axisGradient('linear-gradient(color(srgb 1 0 0), rgb(0, 0, 0), rgb(0, 0, 255) 80%)')!;
    expect(three.vertical).toBe(true);
    expect(three.stops.map((s) => [s.color, Math.round(s.offset * 100)])).toEqual([
      ['rgb(255, 0, 0)', 0],
      ['rgb(0, 0, 0)', 40],
      ['rgb(0, 0, 255)', 80],
    ]);
    expect(axisGradient('linear-gradient(to right top, rgba(0, 0, 0, 0) 42%, rgb(1, 1, 1) 42% 58%)')).toBeNull();
    expect(axisGradient('none')).toBeNull();
  });
});

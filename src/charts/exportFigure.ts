/**
 * A chart as a file a reader can keep: a standalone SVG of the chart as it is
 * on screen (the live SVG's CSS resolved into attributes, canvas layers
 * embedded as PNG, the HTML legend redrawn in SVG), with the chart's title,
 * the figure's caption and the link to this state underneath; or the same
 * drawing as a PNG at twice its size.
 *
 * Loaded on demand by the shell's Download menu. All reading of the page goes
 * through an `ExportEnv`, so the drawing logic runs in jsdom with a stand-in
 * layout; `domEnv` is the browser's.
 */
import type { Lang } from './labels.ts';

const SVG_NS = 'http://www.w3.org/2000/svg';
const XLINK_NS = 'http://www.w3.org/1999/xlink';
const XMLNS_NS = 'http://www.w3.org/2000/xmlns/';
const XML_NS = 'http://www.w3.org/XML/1998/namespace';

/** Whatever machine opens the file: a system font stack, as the site's UI uses. */
export const FONT_STACK = "system-ui, -apple-system, 'Segoe UI', 'Hiragino Sans', 'Noto Sans CJK JP', 'Noto Sans JP', 'Yu Gothic UI', Meiryo, sans-serif";

/** The PNG is drawn at this many pixels per CSS pixel of the figure. */
export const PNG_SCALE = 2;
const IMAGE_TIMEOUT_MS = 15_000;

const PAD = 16;
const TITLE_SIZE = 15;
const CAPTION_SIZE = 13;
const URL_SIZE = 11.5;
const LINE_HEIGHT = 1.4;

export interface Box {
  readonly left: number;
  readonly top: number;
  readonly width: number;
  readonly height: number;
}

export interface TextLine {
  readonly text: string;
  /** Where the line's glyphs sit on screen. */
  readonly box: Box;
}

export interface StyleLike {
  getPropertyValue(name: string): string;
}

/** How the exporter reads the page. */
export interface ExportEnv {
  /** An element's border box in viewport coordinates. */
  box(el: Element): Box;
  /** A text node's visible text, one entry per rendered line. */
  lines(text: Text): TextLine[];
  style(el: Element): StyleLike;
  /** A canvas's pixels as a PNG data URL, or null when it cannot be read. */
  canvasUrl(canvas: HTMLCanvasElement): string | null;
}

export interface FigureSource {
  /** The chart's root (`.chart`): its legend, figure and any text panels are drawn. */
  readonly root: HTMLElement;
  readonly lang: Lang;
  readonly title: string;
  /** The figure's caption, '' when it has none. */
  readonly caption: string;
  /** The page's address, which restores this state. */
  readonly url: string;
  /** Fallback colours when the page does not say (a detached chart). */
  readonly colors: { readonly bg: string; readonly fg: string; readonly muted: string };
}

export interface BuiltFigure {
  readonly svg: string;
  readonly width: number;
  readonly height: number;
}

/** Parts of a chart that are controls, not the picture (the clock's sliders would come out as bare labels). */
const SKIP_SELECTOR = '.chart-tools, .chart-export__message, .chart-controls, .visually-hidden, details, fieldset, input, select, textarea, script, style, noscript, template';

interface SvgProperty {
  readonly name: string;
  readonly inherited: boolean;
  readonly initial: string;
}

/** What charts.css styles on SVG marks, with the SVG initial values. */
const SVG_PROPERTIES: readonly SvgProperty[] = [
  { name: 'fill', inherited: true, initial: 'rgb(0, 0, 0)' },
  { name: 'fill-opacity', inherited: true, initial: '1' },
  { name: 'stroke', inherited: true, initial: 'none' },
  { name: 'stroke-width', inherited: true, initial: '1' },
  { name: 'stroke-opacity', inherited: true, initial: '1' },
  { name: 'stroke-dasharray', inherited: true, initial: 'none' },
  { name: 'stroke-dashoffset', inherited: true, initial: '0' },
  { name: 'stroke-linecap', inherited: true, initial: 'butt' },
  { name: 'stroke-linejoin', inherited: true, initial: 'miter' },
  { name: 'font-size', inherited: true, initial: '' },
  { name: 'font-weight', inherited: true, initial: '400' },
  { name: 'font-style', inherited: true, initial: 'normal' },
  { name: 'text-anchor', inherited: true, initial: 'start' },
  { name: 'dominant-baseline', inherited: true, initial: 'auto' },
  { name: 'opacity', inherited: false, initial: '1' },
];

/** Page-only attributes the file does not need (and ids that could clash when two exports are combined). */
const DROP_ATTRIBUTE = /^(class|style|id|role|tabindex|focusable|aria-.*|data-.*|font-family)$/;

/**
 * A computed colour in a form every SVG renderer reads. Chrome computes
 * color-mix() as color(srgb r g b / a), which image viewers and librsvg do not
 * know; rgb()/rgba(), hex and keywords pass through.
 */
export function normalizeColor(value: string): string {
  const text = value.trim();
  const srgb = /^color\(srgb\s+([-\d.e]+)\s+([-\d.e]+)\s+([-\d.e]+)(?:\s*\/\s*([\d.]+)(%?))?\s*\)$/i.exec(text);
  if (!srgb) return text;
  const channel = (v: string | undefined) => Math.round(Math.min(1, Math.max(0, Number(v ?? 0))) * 255);
  const [r, g, b] = [channel(srgb[1]), channel(srgb[2]), channel(srgb[3])];
  const alpha = srgb[4] === undefined ? 1 : Number(srgb[4]) / (srgb[5] ? 100 : 1);
  return alpha >= 1 ? `rgb(${r}, ${g}, ${b})` : `rgba(${r}, ${g}, ${b}, ${Number(alpha.toFixed(3))})`;
}

/** Alpha of a computed colour (0 for transparent), 1 when it cannot tell. */
export function colorAlpha(value: string): number {
  const text = normalizeColor(value).toLowerCase();
  if (text === 'transparent' || text === 'none' || text === '') return 0;
  const rgba = /^rgba\([^)]*[,/]\s*([\d.]+)(%?)\s*\)$/.exec(text);
  if (!rgba) return 1;
  return Number(rgba[1]) / (rgba[2] ? 100 : 1);
}

/** Lengths without "px" (user units are CSS pixels), colours normalized. */
function attributeValue(name: string, value: string): string {
  if (name === 'fill' || name === 'stroke') return normalizeColor(value);
  return value.replace(/(-?[\d.]+)px\b/g, '$1').trim();
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}

function isCjk(code: number): boolean {
  return (code >= 0x2e80 && code <= 0x9fff) || (code >= 0xac00 && code <= 0xd7af) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xff00 && code <= 0xffef) || code >= 0x20000;
}

/** Estimated advance of a character in em: the file's font is unknown, so wrapping errs on the wide side. */
function advance(ch: string): number {
  const code = ch.codePointAt(0) ?? 0;
  if (isCjk(code) || (code >= 0x3000 && code <= 0x303f)) return 1;
  if (/[ilj.,:;'|!()[\]]/.test(ch)) return 0.32;
  if (/[mwMW@%]/.test(ch)) return 0.9;
  if (/[A-Z0-9]/.test(ch)) return 0.66;
  return 0.56;
}

export function textWidth(text: string, fontSize: number): number {
  let em = 0;
  for (const ch of text) em += advance(ch);
  return em * fontSize;
}

/** Characters a Japanese line must not start with. */
const NO_LINE_START = /^[、。，．・：；？！ー）」』】〕〉》’”%)\]}.,:;!?]/;

/**
 * Breaks text into lines no wider than `maxWidth`: at spaces for words, between
 * any two CJK characters (keeping closing punctuation on the line before), and
 * anywhere inside a token too long for a line (or everywhere with `anywhere`,
 * for the URL).
 */
export function wrapText(text: string, maxWidth: number, fontSize: number, anywhere = false): string[] {
  const clean = text.replace(/\s+/g, ' ').trim();
  if (clean === '') return [];
  // Tokens: a run of spaces, one CJK character, or a run of anything else.
  const tokens = anywhere ? [...clean] : (clean.match(/ +|[\u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]|[^ \u2e80-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef]+/gu) ?? []);
  const lines: string[] = [];
  let line = '';
  const push = () => {
    const done = line.trimEnd();
    if (done !== '') lines.push(done);
    line = '';
  };
  for (const token of tokens) {
    if (token.startsWith(' ')) {
      if (line !== '') line += ' ';
      continue;
    }
    if (textWidth(line + token, fontSize) <= maxWidth || (line !== '' && NO_LINE_START.test(token) && token.length === 1)) {
      line += token;
      continue;
    }
    if (line.trim() !== '') push();
    if (textWidth(token, fontSize) <= maxWidth) {
      line = token;
      continue;
    }
    for (const ch of token) {
      if (line !== '' && textWidth(line + ch, fontSize) > maxWidth) push();
      line += ch;
    }
  }
  push();
  return lines;
}

/** The text a figure's caption shows, without KaTeX's duplicate rendering. */
export function captionText(root: Element): string {
  const figure = root.closest('figure');
  const caption = figure ? [...figure.children].find((c) => c.localName === 'figcaption') : undefined;
  if (!caption) return '';
  const copy = caption.cloneNode(true) as Element;
  // KaTeX writes each formula twice: MathML for assistive technology (whose
  // annotation holds the TeX source) and HTML marked aria-hidden. Keep the MathML's characters.
  for (const el of copy.querySelectorAll('[aria-hidden="true"], annotation, .visually-hidden')) el.remove();
  return (copy.textContent ?? '').replace(/\s+/g, ' ').trim();
}

/** The address as a reader would type it: percent-escapes of letters decoded (a Japanese heading's anchor), spaces kept escaped. */
export function readableUrl(url: string): string {
  try {
    return decodeURI(url).replace(/\s/g, (ch) => encodeURIComponent(ch));
  } catch {
    return url;
  }
}

/** The first non-transparent background behind `el`, as the reader sees the figure on. */
function backdrop(el: Element, env: ExportEnv): string | null {
  for (let node: Element | null = el; node; node = node.parentElement) {
    const bg = env.style(node).getPropertyValue('background-color');
    if (bg && colorAlpha(bg) > 0) return normalizeColor(bg);
  }
  return null;
}

function isHidden(style: StyleLike): boolean {
  return style.getPropertyValue('display') === 'none' || style.getPropertyValue('visibility') === 'hidden';
}

function opacityOf(style: StyleLike): number {
  const value = Number.parseFloat(style.getPropertyValue('opacity'));
  return Number.isFinite(value) ? value : 1;
}

function px(style: StyleLike, name: string): number {
  const value = Number.parseFloat(style.getPropertyValue(name));
  return Number.isFinite(value) ? value : 0;
}

/**
 * Copies every SVG property the page's CSS set onto the clone as a
 * presentation attribute, written only where it differs from what the element
 * inherits, and drops what was hidden.
 */
function inlineSvg(live: Element, clone: Element, env: ExportEnv, parent: StyleLike | null): void {
  const style = env.style(live);
  for (const prop of SVG_PROPERTIES) {
    const raw = style.getPropertyValue(prop.name);
    if (!raw) continue;
    const value = attributeValue(prop.name, raw);
    clone.removeAttribute(prop.name);
    const inheritedValue = prop.inherited && parent ? attributeValue(prop.name, parent.getPropertyValue(prop.name)) : prop.initial;
    if (value !== inheritedValue) clone.setAttribute(prop.name, value);
  }
  const transform = style.getPropertyValue('transform');
  // A CSS transform (the clock's hands) overrides the attribute; 'none' may also
  // mean the browser does not map the attribute, so the attribute then stays.
  if (transform.startsWith('matrix')) {
    const [ox = 0, oy = 0] = style
      .getPropertyValue('transform-origin')
      .split(/\s+/)
      .map((v) => Number.parseFloat(v) || 0);
    clone.setAttribute('transform', ox || oy ? `translate(${round(ox)} ${round(oy)}) ${transform} translate(${round(-ox)} ${round(-oy)})` : transform);
  }
  for (const attr of [...clone.attributes]) {
    if (DROP_ATTRIBUTE.test(attr.name)) clone.removeAttribute(attr.name);
  }
  const liveChildren = [...live.children];
  const cloneChildren = [...clone.children];
  liveChildren.forEach((child, i) => {
    const copy = cloneChildren[i];
    if (!copy) return;
    if (isHidden(env.style(child))) copy.remove();
    else inlineSvg(child, copy, env, style);
  });
}

interface Canvas {
  readonly doc: Document;
  readonly group: Element;
  readonly origin: Box;
  readonly env: ExportEnv;
  /** Gradients for HTML backgrounds, numbered within the file. */
  readonly defs: Element;
  gradients: number;
  /** Furthest right and bottom edge drawn, relative to the chart. */
  right: number;
  bottom: number;
}

function svgEl(doc: Document, name: string, attrs: Record<string, string | number>): Element {
  const el = doc.createElementNS(SVG_NS, name);
  for (const [k, v] of Object.entries(attrs)) el.setAttribute(k, typeof v === 'number' ? String(round(v)) : v);
  return el;
}

function relative(out: Canvas, box: Box): Box {
  return { left: box.left - out.origin.left, top: box.top - out.origin.top, width: box.width, height: box.height };
}

function extend(out: Canvas, box: Box): void {
  if (box.width <= 0 || box.height <= 0) return;
  out.right = Math.max(out.right, box.left + box.width);
  out.bottom = Math.max(out.bottom, box.top + box.height);
}

function withOpacity(el: Element, opacity: number): Element {
  if (opacity < 1) el.setAttribute('opacity', String(round(opacity)));
  return el;
}

/** Splits at commas outside parentheses: the arguments of a CSS function. */
function cssArguments(inner: string): string[] {
  const out: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if (ch === '(') depth++;
    else if (ch === ')') depth--;
    else if (ch === ',' && depth === 0) {
      out.push(inner.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(inner.slice(start).trim());
  return out;
}

export interface AxisGradient {
  readonly vertical: boolean;
  readonly stops: readonly { readonly color: string; readonly offset: number }[];
}

/**
 * A left-to-right or top-to-bottom linear-gradient (the spectrum's and the
 * addition table's colour ramps) as SVG gradient stops, or null for any other
 * image. Stops without a position are spread evenly, as CSS does.
 */
export function axisGradient(image: string): AxisGradient | null {
  const inner = /^linear-gradient\((.*)\)$/.exec(image.trim())?.[1];
  if (!inner) return null;
  const args = cssArguments(inner);
  let vertical = true;
  const head = args[0] ?? '';
  if (/^(to |-?[\d.]+(deg|turn|rad|grad))/.test(head)) {
    args.shift();
    if (head === 'to right' || head === '90deg') vertical = false;
    else if (head !== 'to bottom' && head !== '180deg') return null;
  }
  const raw = args.flatMap((arg) => {
    const m = /^(.*?\))?\s*([a-z]+)?\s*(?:([\d.]+)%)?\s*(?:([\d.]+)%)?$/i.exec(arg);
    const color = m?.[1] ?? m?.[2];
    if (!m || !color) return [];
    const positions = [m[3], m[4]].filter((v) => v !== undefined).map((v) => Number(v) / 100);
    return positions.length > 0 ? positions.map((at) => ({ color: normalizeColor(color), at: at as number | null })) : [{ color: normalizeColor(color), at: null as number | null }];
  });
  if (raw.length < 2) return null;
  raw[0]!.at ??= 0;
  raw[raw.length - 1]!.at ??= 1;
  for (let i = 1; i < raw.length - 1; i++) {
    if (raw[i]!.at !== null) continue;
    let j = i;
    while (raw[j]!.at === null) j++;
    const from = raw[i - 1]!.at!;
    raw[i]!.at = from + (raw[j]!.at! - from) / (j - i + 1);
  }
  return { vertical, stops: raw.map((stop) => ({ color: stop.color, offset: stop.at ?? 0 })) };
}

type Band = [number, number][] & { color: string };

/**
 * The slash that marks "wrong" in the legend's chips: a CSS gradient `to top
 * right` with one opaque stripe between two transparent stops. With CSS's
 * "magic corners" the stripe runs parallel to the top-left–bottom-right
 * diagonal: a point (X, Y) of the unit box lies at 0.5·(X + 1 − Y) along the
 * gradient. Returns the stripe as a polygon in unit coordinates, or null for
 * any other background image (those are not carried over).
 */
export function diagonalBand(image: string): Band | null {
  if (!/^linear-gradient\(to (right top|top right),/.test(image)) return null;
  // A stop may carry two positions ("color 42% 58%").
  const stops = [...image.matchAll(/((?:rgba?|color)\([^)]*\)|transparent)\s+([\d.]+)%(?:\s+([\d.]+)%)?/g)].flatMap((m) =>
    [m[2], m[3]].filter((at) => at !== undefined).map((at) => ({ color: m[1]!, at: Number(at) / 100 })),
  );
  const solid = stops.filter((stop) => colorAlpha(stop.color) > 0);
  if (solid.length === 0) return null;
  const a = 2 * Math.min(...solid.map((stop) => stop.at)) - 1;
  const b = 2 * Math.max(...solid.map((stop) => stop.at)) - 1;
  // Only a stripe across the middle is drawn this way (a ≤ X − Y ≤ b with a ≤ 0 ≤ b).
  if (!(a <= 0 && b >= 0 && a > -1 && b < 1)) return null;
  const points: [number, number][] = [
    [0, 0],
    [b, 0],
    [1, 1 - b],
    [1, 1],
    [1 + a, 1],
    [0, -a],
  ];
  return Object.assign(points, { color: normalizeColor(solid[0]!.color) });
}

/** An HTML element's background and borders as rectangles; of background images, the ramps and the chips' slash are carried over. */
function drawBoxDecoration(out: Canvas, style: StyleLike, box: Box, opacity: number): void {
  const { doc, group } = out;
  const bg = style.getPropertyValue('background-color');
  const radius = px(style, 'border-top-left-radius');
  if (bg && colorAlpha(bg) > 0) {
    group.append(withOpacity(svgEl(doc, 'rect', { x: box.left, y: box.top, width: box.width, height: box.height, rx: Math.min(radius, box.height / 2), fill: normalizeColor(bg) }), opacity));
  }
  const image = style.getPropertyValue('background-image');
  const gradient = axisGradient(image);
  if (gradient) {
    const id = `export-gradient-${++out.gradients}`;
    const def = svgEl(doc, 'linearGradient', { id, x1: 0, y1: 0, x2: gradient.vertical ? 0 : 1, y2: gradient.vertical ? 1 : 0 });
    for (const stop of gradient.stops) def.append(svgEl(doc, 'stop', { offset: stop.offset, 'stop-color': stop.color }));
    out.defs.append(def);
    group.append(withOpacity(svgEl(doc, 'rect', { x: box.left, y: box.top, width: box.width, height: box.height, rx: Math.min(radius, box.height / 2), fill: `url(#${id})` }), opacity));
  }
  const band = diagonalBand(image);
  if (band) {
    const points = band.map(([x, y]) => `${round(box.left + x * box.width)},${round(box.top + y * box.height)}`).join(' ');
    group.append(withOpacity(svgEl(doc, 'polygon', { points, fill: band.color }), opacity));
  }
  const sides = (['top', 'right', 'bottom', 'left'] as const).map((side) => {
    const styleName = style.getPropertyValue(`border-${side}-style`);
    const width = styleName && styleName !== 'none' && styleName !== 'hidden' ? px(style, `border-${side}-width`) : 0;
    return { side, width, color: normalizeColor(style.getPropertyValue(`border-${side}-color`)) };
  });
  const first = sides[0]!;
  if (radius > 0 && first.width > 0 && sides.every((s) => s.width === first.width && s.color === first.color)) {
    const w = first.width;
    group.append(
      withOpacity(
        svgEl(doc, 'rect', { x: box.left + w / 2, y: box.top + w / 2, width: box.width - w, height: box.height - w, rx: Math.max(0, radius - w / 2), fill: 'none', stroke: first.color, 'stroke-width': w }),
        opacity,
      ),
    );
    return;
  }
  for (const { side, width, color } of sides) {
    if (width <= 0 || colorAlpha(color) === 0) continue;
    const rect =
      side === 'top'
        ? { x: box.left, y: box.top, width: box.width, height: width }
        : side === 'bottom'
          ? { x: box.left, y: box.top + box.height - width, width: box.width, height: width }
          : side === 'left'
            ? { x: box.left, y: box.top, width, height: box.height }
            : { x: box.left + box.width - width, y: box.top, width, height: box.height };
    group.append(withOpacity(svgEl(doc, 'rect', { ...rect, fill: color }), opacity));
  }
}

function drawText(out: Canvas, node: Text, style: StyleLike, opacity: number): void {
  const fontSize = px(style, 'font-size') || 14;
  const weight = style.getPropertyValue('font-weight');
  const fontStyle = style.getPropertyValue('font-style');
  const color = normalizeColor(style.getPropertyValue('color')) || 'rgb(0, 0, 0)';
  for (const line of out.env.lines(node)) {
    if (line.text === '' || line.box.width <= 0) continue;
    const box = relative(out, line.box);
    // The middle of the line box, lowered by about a third of the font size, is
    // the baseline in any font, without relying on dominant-baseline support.
    const attrs: Record<string, string | number> = { x: box.left, y: box.top + box.height / 2 + 0.35 * fontSize, fill: color, 'font-size': fontSize };
    if (weight && weight !== '400' && weight !== 'normal') attrs['font-weight'] = weight;
    if (fontStyle && fontStyle !== 'normal') attrs['font-style'] = fontStyle;
    const text = svgEl(out.doc, 'text', attrs);
    text.textContent = line.text;
    out.group.append(withOpacity(text, opacity));
    extend(out, box);
  }
}

function drawLayer(out: Canvas, live: SVGSVGElement, box: Box, opacity: number): void {
  const clone = live.cloneNode(true) as SVGSVGElement;
  inlineSvg(live, clone, out.env, null);
  clone.setAttribute('x', String(round(box.left)));
  clone.setAttribute('y', String(round(box.top)));
  clone.setAttribute('width', String(round(box.width)));
  clone.setAttribute('height', String(round(box.height)));
  // Marks may reach past the chart's own box (.chart-svg is overflow: visible); a nested <svg> clips by default.
  const overflow = out.env.style(live).getPropertyValue('overflow');
  if (overflow === '' || overflow === 'visible') clone.setAttribute('overflow', 'visible');
  out.group.append(withOpacity(clone, opacity));
  extend(out, box);
}

function drawCanvas(out: Canvas, canvas: HTMLCanvasElement, box: Box, opacity: number): void {
  const url = out.env.canvasUrl(canvas);
  if (!url || box.width <= 0 || box.height <= 0) return;
  const image = svgEl(out.doc, 'image', { x: box.left, y: box.top, width: box.width, height: box.height, preserveAspectRatio: 'none' });
  image.setAttribute('href', url);
  // Older viewers know only the XLink form.
  image.setAttributeNS(XLINK_NS, 'xlink:href', url);
  out.group.append(withOpacity(image, opacity));
  extend(out, box);
}

function drawNode(out: Canvas, el: Element, parentOpacity: number): void {
  if (el.matches(SKIP_SELECTOR)) return;
  const style = out.env.style(el);
  if (style.getPropertyValue('display') === 'none') return;
  const opacity = parentOpacity * opacityOf(style);
  if (opacity <= 0) return;
  const visible = style.getPropertyValue('visibility') !== 'hidden';
  const box = relative(out, out.env.box(el));
  if (el.namespaceURI === SVG_NS && el.localName === 'svg') {
    if (visible) drawLayer(out, el as SVGSVGElement, box, opacity);
    return;
  }
  if (el.localName === 'canvas') {
    if (visible) drawCanvas(out, el as HTMLCanvasElement, box, opacity);
    return;
  }
  if (visible && box.width > 0 && box.height > 0) drawBoxDecoration(out, style, box, opacity);
  for (const child of el.childNodes) {
    if (child.nodeType === 3) {
      if (visible) drawText(out, child as Text, style, opacity);
    } else if (child.nodeType === 1) drawNode(out, child as Element, opacity);
  }
}

/** The chart as a standalone SVG document, with the title, caption and address below it. */
export function buildFigureSvg(source: FigureSource, env: ExportEnv): BuiltFigure {
  const { root } = source;
  const doc = root.ownerDocument;
  const rootStyle = env.style(root);
  const origin = env.box(root);
  const svg = doc.createElementNS(SVG_NS, 'svg');
  const content = svgEl(doc, 'g', { transform: `translate(${PAD} ${PAD})` });
  const defs = doc.createElementNS(SVG_NS, 'defs');
  const out: Canvas = { doc, group: content, origin, env, defs, gradients: 0, right: 0, bottom: 0 };
  for (const child of root.children) drawNode(out, child, 1);

  const width = Math.ceil(Math.max(out.right, origin.width, 280) + 2 * PAD);
  const fg = normalizeColor(rootStyle.getPropertyValue('color')) || source.colors.fg;
  const bg = backdrop(root, env) ?? source.colors.bg;
  const textWidthMax = width - 2 * PAD;

  const notes = svgEl(doc, 'g', {});
  let y = PAD + out.bottom + (out.bottom > 0 ? 14 : 0);
  const addLines = (lines: readonly string[], size: number, attrs: Record<string, string | number>, parent: Element = notes) => {
    for (const line of lines) {
      y += size * LINE_HEIGHT;
      const text = svgEl(doc, 'text', { x: PAD, y: y - size * 0.35, 'font-size': size, ...attrs });
      text.textContent = line;
      parent.append(text);
    }
  };
  const title = source.title.trim();
  const caption = source.caption.trim();
  addLines(wrapText(title, textWidthMax, TITLE_SIZE), TITLE_SIZE, { fill: fg, 'font-weight': 700 });
  if (caption !== '' && caption !== title) {
    y += 4;
    addLines(wrapText(caption, textWidthMax, CAPTION_SIZE), CAPTION_SIZE, { fill: fg });
  }
  if (source.url !== '') {
    y += 6;
    const link = svgEl(doc, 'a', {});
    link.setAttribute('href', source.url);
    addLines(wrapText(readableUrl(source.url), textWidthMax, URL_SIZE, true), URL_SIZE, { fill: source.colors.muted }, link);
    notes.append(link);
  }
  const height = Math.ceil(y + PAD);

  svg.setAttributeNS(XMLNS_NS, 'xmlns:xlink', XLINK_NS);
  svg.setAttributeNS(XML_NS, 'xml:lang', source.lang);
  for (const [k, v] of Object.entries({ width, height, viewBox: `0 0 ${width} ${height}`, 'font-family': FONT_STACK, 'font-size': px(rootStyle, 'font-size') || 14 })) {
    svg.setAttribute(k, String(v));
  }
  const titleEl = doc.createElementNS(SVG_NS, 'title');
  titleEl.textContent = title;
  svg.append(titleEl);
  if (out.gradients > 0) svg.append(defs);
  svg.append(svgEl(doc, 'rect', { width, height, fill: bg }), content, notes);
  const xml = new (doc.defaultView?.XMLSerializer ?? XMLSerializer)().serializeToString(svg);
  return { svg: `<?xml version="1.0" encoding="UTF-8"?>\n${xml}\n`, width, height };
}

/** The nearest box that clips `el`'s overflow, up to the chart root, or null. */
function clipBoxOf(el: Element | null, view: Window): Box | null {
  let clip: { left: number; top: number; right: number; bottom: number } | null = null;
  for (let node = el; node && !node.classList.contains('chart'); node = node.parentElement) {
    const style = view.getComputedStyle(node);
    if (style.overflowX === 'visible' && style.overflowY === 'visible') continue;
    const r = node.getBoundingClientRect();
    clip = clip
      ? { left: Math.max(clip.left, r.left), top: Math.max(clip.top, r.top), right: Math.min(clip.right, r.right), bottom: Math.min(clip.bottom, r.bottom) }
      : { left: r.left, top: r.top, right: r.right, bottom: r.bottom };
  }
  return clip ? { left: clip.left, top: clip.top, width: clip.right - clip.left, height: clip.bottom - clip.top } : null;
}

/**
 * A text node's lines as laid out: one range when it fits on one unclipped
 * line, else character by character (labels are short), so wrapped legends
 * and ellipsised titles come out as the reader sees them.
 */
function domLines(node: Text, view: Window): TextLine[] {
  const doc = node.ownerDocument;
  const data = node.data;
  if (data.trim() === '') return [];
  const range = doc.createRange();
  range.selectNodeContents(node);
  const whole = range.getClientRects();
  const clip = clipBoxOf(node.parentElement, view);
  const first = whole[0];
  if (whole.length === 1 && first && (!clip || (first.left >= clip.left - 1 && first.right <= clip.left + clip.width + 1))) {
    return [{ text: data.replace(/\s+/g, ' ').trim(), box: first }];
  }
  const lines: { text: string; left: number; top: number; right: number; bottom: number }[] = [];
  let space = false;
  for (let i = 0; i < data.length; ) {
    const len = (data.codePointAt(i) ?? 0) > 0xffff ? 2 : 1;
    const ch = data.slice(i, i + len);
    range.setStart(node, i);
    range.setEnd(node, i + len);
    i += len;
    if (/\s/.test(ch)) {
      space = lines.length > 0;
      continue;
    }
    const r = range.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    const cx = r.left + r.width / 2;
    if (clip && (cx < clip.left || cx > clip.left + clip.width || r.bottom <= clip.top || r.top >= clip.top + clip.height)) continue;
    const line = lines.at(-1);
    if (!line || Math.abs(r.top - line.top) > r.height / 2) {
      lines.push({ text: ch, left: r.left, top: r.top, right: r.right, bottom: r.bottom });
    } else {
      line.text += (space ? ' ' : '') + ch;
      line.right = r.right;
      line.bottom = Math.max(line.bottom, r.bottom);
    }
    space = false;
  }
  return lines.map((l) => ({ text: l.text, box: { left: l.left, top: l.top, width: l.right - l.left, height: l.bottom - l.top } }));
}

/** The browser's layout, styles and canvases. */
export function domEnv(doc: Document): ExportEnv {
  const view = doc.defaultView;
  if (!view) throw new Error('No window to export from.');
  return {
    box: (el) => el.getBoundingClientRect(),
    lines: (node) => domLines(node, view),
    style: (el) => view.getComputedStyle(el),
    canvasUrl(canvas) {
      if (canvas.width === 0 || canvas.height === 0) return null;
      try {
        return canvas.toDataURL('image/png');
      } catch {
        return null;
      }
    },
  };
}

/** Draws the SVG onto a canvas PNG_SCALE times its size; a data URL keeps it within img-src 'self' data:. */
export async function svgToPng(figure: BuiltFigure, doc: Document, scale = PNG_SCALE): Promise<Blob> {
  const view = doc.defaultView;
  if (!view) throw new Error('No window to draw in.');
  const image = new view.Image();
  const loaded = new Promise<void>((resolve, reject) => {
    image.onload = () => resolve();
    image.onerror = () => reject(new Error('The figure could not be drawn as an image.'));
    // A browser that never decodes the image would otherwise leave the reader waiting without a word.
    view.setTimeout(() => reject(new Error('Drawing the figure timed out.')), IMAGE_TIMEOUT_MS);
  });
  image.src = `data:image/svg+xml;charset=utf-8,${encodeURIComponent(figure.svg)}`;
  await loaded;
  const canvas = doc.createElement('canvas');
  canvas.width = Math.round(figure.width * scale);
  canvas.height = Math.round(figure.height * scale);
  const ctx = canvas.getContext('2d');
  if (!ctx) throw new Error('No 2D canvas.');
  ctx.drawImage(image, 0, 0, canvas.width, canvas.height);
  return new Promise<Blob>((resolve, reject) => {
    canvas.toBlob((blob) => (blob ? resolve(blob) : reject(new Error('The PNG could not be encoded.'))), 'image/png');
  });
}

/** The file for one format. */
export async function renderFigure(format: 'svg' | 'png', source: FigureSource, env: ExportEnv = domEnv(source.root.ownerDocument)): Promise<Blob> {
  const figure = buildFigureSvg(source, env);
  if (format === 'svg') return new Blob([figure.svg], { type: 'image/svg+xml' });
  return svgToPng(figure, source.root.ownerDocument);
}

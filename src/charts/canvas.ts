/**
 * Canvas plumbing for the dense charts: a backing store sized to the device
 * pixel ratio so cells stay crisp on high-density screens, and helpers to
 * mix the theme's colours (canvas cannot use color-mix(); d3-color would
 * add 4 KB gzipped for the two operations needed here).
 */
export interface SizedCanvas {
  ctx: CanvasRenderingContext2D;
  /** Device pixels per CSS pixel actually used. */
  dpr: number;
}

/**
 * Sizes the canvas to `cssWidth × cssHeight` CSS pixels and returns its 2D
 * context with an identity transform (callers draw in device pixels), or
 * null where there is no 2D canvas (a DOM without canvas support, or a
 * context lost to memory pressure): the chart then keeps its SVG parts, its
 * description and its table.
 */
export function sizeCanvas(canvas: HTMLCanvasElement, cssWidth: number, cssHeight: number): SizedCanvas | null {
  const dpr = Math.min(3, Math.max(1, canvas.ownerDocument.defaultView?.devicePixelRatio ?? 1));
  const w = Math.max(1, Math.round(cssWidth * dpr));
  const h = Math.max(1, Math.round(cssHeight * dpr));
  if (canvas.width !== w) canvas.width = w;
  if (canvas.height !== h) canvas.height = h;
  canvas.style.width = `${cssWidth}px`;
  canvas.style.height = `${cssHeight}px`;
  let ctx: CanvasRenderingContext2D | null = null;
  try {
    ctx = canvas.getContext('2d');
  } catch {
    ctx = null;
  }
  if (!ctx) return null;
  ctx.setTransform(1, 0, 0, 1, 0, 0);
  return { ctx, dpr };
}

/**
 * Pixel edges of n equal cells across `size` device pixels, rounded so
 * neighbouring cells share an edge: no hairline seams, no overlaps.
 */
export function cellEdges(n: number, size: number): Int32Array {
  const edges = new Int32Array(n + 1);
  for (let i = 0; i <= n; i++) edges[i] = Math.round((i * size) / n);
  return edges;
}

export type Rgb = readonly [number, number, number];

/**
 * Reads the colour forms a computed style produces for the site's tokens:
 * rgb()/rgba() (comma or space syntax) and hex. Alpha is dropped: the tokens
 * are opaque. Returns null for anything else.
 */
export function parseColor(css: string): Rgb | null {
  const text = css.trim().toLowerCase();
  const hex = /^#([0-9a-f]{3}|[0-9a-f]{6})$/.exec(text)?.[1];
  if (hex) {
    const full = hex.length === 3 ? [...hex].map((c) => c + c).join('') : hex;
    return [0, 2, 4].map((i) => Number.parseInt(full.slice(i, i + 2), 16)) as unknown as Rgb;
  }
  const fn = /^rgba?\(\s*([\d.]+)[\s,]+([\d.]+)[\s,]+([\d.]+)/.exec(text);
  if (!fn) return null;
  return [Number(fn[1]), Number(fn[2]), Number(fn[3])];
}

const BLACK: Rgb = [0, 0, 0];

export function formatRgb([r, g, b]: Rgb): string {
  return `rgb(${Math.round(r)}, ${Math.round(g)}, ${Math.round(b)})`;
}

/** `from` moved a share `t` of the way towards `to` in sRGB, as color-mix(in srgb) does. */
export function mix(from: string, to: string, t: number): string {
  const a = parseColor(from) ?? BLACK;
  const b = parseColor(to) ?? BLACK;
  return formatRgb([0, 1, 2].map((i) => (a[i] ?? 0) + ((b[i] ?? 0) - (a[i] ?? 0)) * t) as unknown as Rgb);
}

const toLinear = (c: number) => {
  const v = c / 255;
  return v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
};
const fromLinear = (v: number) => {
  const c = v <= 0.0031308 ? 12.92 * v : 1.055 * Math.max(0, v) ** (1 / 2.4) - 0.055;
  return Math.min(255, Math.max(0, c * 255));
};

/** sRGB to OKLab, where equal steps look equally different. */
export function toOklab([r8, g8, b8]: Rgb): Rgb {
  const r = toLinear(r8);
  const g = toLinear(g8);
  const b = toLinear(b8);
  const l = Math.cbrt(0.4122214708 * r + 0.5363325363 * g + 0.0514459929 * b);
  const m = Math.cbrt(0.2119034982 * r + 0.6806995451 * g + 0.1073969566 * b);
  const s = Math.cbrt(0.0883024619 * r + 0.2817188376 * g + 0.6299787005 * b);
  return [
    0.2104542553 * l + 0.793617785 * m - 0.0040720468 * s,
    1.9779984951 * l - 2.428592205 * m + 0.4505937099 * s,
    0.0259040371 * l + 0.7827717662 * m - 0.808675766 * s,
  ];
}

export function fromOklab([L, A, B]: Rgb): Rgb {
  const l = (L + 0.3963377774 * A + 0.2158037573 * B) ** 3;
  const m = (L - 0.1055613458 * A - 0.0638541728 * B) ** 3;
  const s = (L - 0.0894841775 * A - 1.291485548 * B) ** 3;
  return [
    fromLinear(4.0767416621 * l - 3.3077115913 * m + 0.2309699292 * s),
    fromLinear(-1.2684380046 * l + 2.6097574011 * m - 0.3413193965 * s),
    fromLinear(-0.0041960863 * l - 0.7034186147 * m + 1.707614701 * s),
  ];
}

/** A lookup table of `steps` colours from `from` to `to` (even steps in OKLab), as packed RGB bytes. */
export function ramp(from: string, to: string, steps: number): Uint8ClampedArray {
  const a = toOklab(parseColor(from) ?? BLACK);
  const b = toOklab(parseColor(to) ?? BLACK);
  const lut = new Uint8ClampedArray(steps * 3);
  for (let i = 0; i < steps; i++) {
    const t = steps === 1 ? 1 : i / (steps - 1);
    const c = fromOklab([0, 1, 2].map((k) => (a[k] ?? 0) + ((b[k] ?? 0) - (a[k] ?? 0)) * t) as unknown as Rgb);
    lut.set([Math.round(c[0]), Math.round(c[1]), Math.round(c[2])], i * 3);
  }
  return lut;
}

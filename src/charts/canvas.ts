/**
 * Canvas plumbing for the dense charts: a backing store sized to the device
 * pixel ratio so cells stay crisp on high-density screens, and helpers to
 * mix the theme's colours (canvas cannot use color-mix()).
 */
import { interpolateLab, interpolateRgb, rgb } from 'd3';

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

/** `from` moved a share `t` of the way towards `to`, as a CSS rgb() string. */
export function mix(from: string, to: string, t: number): string {
  return rgb(interpolateRgb(from, to)(t)).formatRgb();
}

/** A lookup table of `steps` colours from `from` to `to` (even steps in CIELAB), as packed RGB bytes. */
export function ramp(from: string, to: string, steps: number): Uint8ClampedArray {
  const lut = new Uint8ClampedArray(steps * 3);
  const interpolate = interpolateLab(from, to);
  for (let i = 0; i < steps; i++) {
    const c = rgb(interpolate(steps === 1 ? 1 : i / (steps - 1)));
    lut[i * 3] = c.r;
    lut[i * 3 + 1] = c.g;
    lut[i * 3 + 2] = c.b;
  }
  return lut;
}

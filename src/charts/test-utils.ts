/** Helpers for the chart tests (jsdom): charts draw on the next animation frame. */
export function nextFrame(): Promise<void> {
  return new Promise((resolve) => requestAnimationFrame(() => resolve()));
}

/** Number of points in an SVG path: one per M or L command. */
export function pathPoints(d: string | null): number {
  return (d ?? '').match(/[ML]/g)?.length ?? 0;
}

export function mount(): HTMLElement {
  const container = document.createElement('div');
  document.body.append(container);
  return container;
}

export interface RecordedCall {
  name: string;
  args: unknown[];
  /** fillStyle/strokeStyle at the time of the call. */
  fillStyle: unknown;
}

/**
 * A stand-in 2D context that records what a chart draws, since jsdom has no
 * canvas. Unknown methods are accepted and recorded.
 */
export function recordingContext(): { ctx: CanvasRenderingContext2D; calls: RecordedCall[] } {
  const calls: RecordedCall[] = [];
  const props: Record<string, unknown> = { fillStyle: '#000', strokeStyle: '#000', lineWidth: 1, imageSmoothingEnabled: true };
  const ctx = new Proxy(props, {
    get(target, key) {
      if (typeof key !== 'string') return undefined;
      if (key in target) return target[key];
      if (key === 'createImageData') {
        return (w: number, h: number) => ({ width: w, height: h, data: new Uint8ClampedArray(w * h * 4) });
      }
      return (...args: unknown[]) => {
        calls.push({ name: key, args, fillStyle: target.fillStyle });
      };
    },
    set(target, key, value) {
      if (typeof key === 'string') target[key] = value;
      return true;
    },
  });
  return { ctx: ctx as unknown as CanvasRenderingContext2D, calls };
}

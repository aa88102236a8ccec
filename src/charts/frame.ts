/**
 * Coalesces redraw requests: a live run may post snapshots faster than the
 * screen refreshes, and a resize, a theme change and new data can all arrive
 * in one frame. However many `request()` calls come in, `draw` runs once, on
 * the next animation frame, with whatever state is newest by then.
 */
export interface Frame {
  request(): void;
  cancel(): void;
}

type Scheduler = {
  request: (callback: () => void) => number;
  cancel: (handle: number) => void;
};

function defaultScheduler(): Scheduler {
  if (typeof requestAnimationFrame === 'function') {
    return { request: (cb) => requestAnimationFrame(cb), cancel: (h) => cancelAnimationFrame(h) };
  }
  // Without a display (SSR, some test environments) a short timeout keeps the coalescing.
  return { request: (cb) => setTimeout(cb, 16) as unknown as number, cancel: (h) => clearTimeout(h) };
}

export function createFrame(draw: () => void, scheduler: Scheduler = defaultScheduler()): Frame {
  let handle: number | null = null;
  const run = () => {
    handle = null;
    draw();
  };
  return {
    request() {
      if (handle === null) handle = scheduler.request(run);
    },
    cancel() {
      if (handle !== null) scheduler.cancel(handle);
      handle = null;
    },
  };
}

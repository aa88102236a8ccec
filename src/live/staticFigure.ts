/**
 * Figures that need no training: the clock and the addition table. Mounted
 * near the viewport like live figures; inside a scrollytelling section they
 * follow the active step's state (which hands, which p, split or not).
 */
import { createAdditionTable, type TableMode } from '../charts/additionTable.ts';
import { createClock, type Hand } from '../charts/clock.ts';
import { makeDataset } from '../model/data.ts';
import { SCROLLY_EVENT, scrollyStateOf, type ScrollyDetail } from '../scroll/scrolly.ts';
import type { FigureHandle } from './lifecycle.ts';

export type StaticKind = 'clock' | 'table';

export interface StaticFigureOptions {
  root: HTMLElement;
  kind: StaticKind;
  lang: 'ja' | 'en';
  /** Initial values; a scrolly step may override them (`p`, `a`, `b`, `hands`, `mode`, `fraction`, `seed`). */
  p: number;
  a: number;
  b: number;
  fraction: number;
  seed: number;
}

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

export function mountStaticFigure(options: StaticFigureOptions): FigureHandle {
  const { root, kind, lang } = options;
  const host = root.querySelector<HTMLElement>('[data-figure-body]')!;
  let story: Record<string, unknown> = scrollyStateOf(root)?.state ?? {};
  let reader: { a: number; b: number } | null = null;

  const clock = kind === 'clock' ? createClock(host, { lang, onChange: (v) => ((reader = v), draw()) }) : undefined;
  const table = kind === 'table' ? createAdditionTable(host, { lang }) : undefined;
  const masks = new Map<string, Uint8Array>();

  const draw = () => {
    const p = Math.round(num(story.p, options.p));
    if (clock) {
      const a = reader?.a ?? Math.round(num(story.a, options.a));
      const b = reader?.b ?? Math.round(num(story.b, options.b));
      const hands = Array.isArray(story.hands) ? (story.hands.filter((h) => h === 'a' || h === 'b' || h === 'sum') as Hand[]) : undefined;
      clock.update({ p, a: a % p, b: b % p }, hands ? { hands } : {});
      root.dataset.p = String(p);
    }
    if (table) {
      const mode: TableMode = story.mode === 'split' ? 'split' : 'all';
      const fraction = num(story.fraction, options.fraction);
      const seed = Math.round(num(story.seed, options.seed));
      const key = `${p}/${fraction}/${seed}`;
      let isTrain = masks.get(key);
      if (!isTrain) {
        isTrain = makeDataset(p, 'add', fraction, seed).isTrain;
        masks.set(key, isTrain);
      }
      const highlight = typeof story.a === 'number' && typeof story.b === 'number' ? { a: story.a, b: story.b } : null;
      table.update({ p, isTrain }, { mode, highlight });
      root.dataset.mode = mode;
      root.dataset.p = String(p);
    }
  };

  const scrolly = root.closest('[data-scrolly]');
  const onStory = (event: Event) => {
    story = (event as CustomEvent<ScrollyDetail>).detail.state;
    // A new step's numbers replace the reader's own until they move the hands again.
    reader = null;
    draw();
  };
  scrolly?.addEventListener(SCROLLY_EVENT, onStory);
  draw();
  return {
    setVisible: () => undefined,
    destroy() {
      scrolly?.removeEventListener(SCROLLY_EVENT, onStory);
      clock?.destroy();
      table?.destroy();
    },
  };
}

/**
 * Figures that need no training: the clock, the addition table and the logit
 * construction. Mounted near the viewport like live figures; inside a
 * scrollytelling section they follow the active step's state (which hands,
 * which p, split or not, how many waves).
 */
import { createAdditionTable, type TableMode } from '../charts/additionTable.ts';
import { createClock, type Hand } from '../charts/clock.ts';
import { createLogitConstruction } from '../charts/logitConstruction.ts';
import type { PresetId } from '../model/presets.ts';
import { loadReference } from '../state/reference.ts';
import { makeDataset } from '../model/data.ts';
import { SCROLLY_EVENT, scrollyStateOf, type ScrollyDetail } from '../scroll/scrolly.ts';
import type { FigureHandle } from './lifecycle.ts';

export type StaticKind = 'clock' | 'table' | 'logit';

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
  /** Logit construction: the frequencies k, or none to take the preset's key frequencies. */
  frequencies: number[];
  /** Logit construction: whose reference run supplies the key frequencies (and p). */
  preset: PresetId;
  /** Logit construction: how many of the key frequencies to take from the reference run. */
  terms: number;
}

const num = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) ? v : fallback);

export function mountStaticFigure(options: StaticFigureOptions): FigureHandle {
  const { root, kind, lang } = options;
  const host = root.querySelector<HTMLElement>('[data-figure-body]')!;
  let story: Record<string, unknown> = scrollyStateOf(root)?.state ?? {};
  let reader: { a: number; b: number } | null = null;

  const clock = kind === 'clock' ? createClock(host, { lang, onChange: (v) => ((reader = v), draw()) }) : undefined;
  const table = kind === 'table' ? createAdditionTable(host, { lang }) : undefined;
  const logit = kind === 'logit' ? createLogitConstruction(host, { lang }) : undefined;
  let frequencies = options.frequencies;
  let logitP = options.p;
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
    if (logit && frequencies.length > 0) {
      const q = Math.round(num(story.p, logitP));
      const a = Math.round(num(story.a, options.a));
      const b = Math.round(num(story.b, options.b));
      const terms = Math.round(num(story.terms, frequencies.length));
      const k = typeof story.k === 'number' ? story.k : undefined;
      logit.update({ p: q, a: a % q, b: b % q, frequencies }, { terms, ...(k !== undefined ? { k } : {}) });
      root.dataset.p = String(q);
      root.dataset.terms = String(Math.min(terms, frequencies.length));
      root.dataset.frequencies = frequencies.join(',');
    }
  };
  if (logit && frequencies.length === 0) {
    // The waves of the network this chapter trains: its most common key frequencies.
    void loadReference(options.preset).then((trace) => {
      const run = trace?.runs[0];
      if (!run) return;
      frequencies = run.keyFrequencies.slice(0, options.terms);
      logitP = run.config.p;
      draw();
    });
  }

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
      logit?.destroy();
    },
  };
}

/**
 * A live figure: one preset trained in the page's worker, drawn as training
 * curves (and, when asked, the prediction grid), with play/pause/step/reset,
 * a status line that says what the engine is doing, and milestones announced
 * to screen readers. Loaded only when the figure comes near the viewport.
 */
import { createTrainingCurves, type CurveSeries, type TrainingCurves } from '../charts/trainingCurves.ts';
import { createPredictionGrid, type PredictionGrid } from '../charts/predictionGrid.ts';
import { makeDataset } from '../model/data.ts';
import { PRESETS, type PresetId } from '../model/presets.ts';
import { RunStore } from '../state/runStore.ts';
import { accuracySeries, loadReference, phasesOf } from '../state/reference.ts';
import type { RunTrace } from '../model/trace.ts';
import { EngineClient, forcedBackend } from '../worker/client.ts';
import type { MetricsRecord } from '../worker/protocol.ts';
import { SCROLLY_EVENT, scrollyStateOf, type ScrollyDetail } from '../scroll/scrolly.ts';

export type LiveStrings = Record<string, string>;

export interface LiveRunOptions {
  root: HTMLElement;
  preset: PresetId;
  lang: 'ja' | 'en';
  strings: LiveStrings;
  /** Show the p×p prediction grid beside the curves. */
  grid: boolean;
  autoplay: boolean;
  /** Under prefers-reduced-motion nothing starts training by itself; steps may still jump to a state. */
  reducedMotion: boolean;
}

let groupCounter = 0;

const fill = (template: string | undefined, values: Record<string, string | number>) =>
  (template ?? '').replace(/\{(\w+)\}/g, (whole, k: string) => (k in values ? String(values[k]) : whole));

function series(history: readonly MetricsRecord[]): CurveSeries {
  return {
    steps: history.map((r) => r.step),
    train: history.map((r) => r.train.accuracy),
    test: history.map((r) => r.test.accuracy),
  };
}

export interface LiveRun {
  setVisible(visible: boolean): void;
  destroy(): void;
}

export function mountLiveRun(options: LiveRunOptions): LiveRun {
  const { root, preset: presetId, lang, strings: s } = options;
  const preset = PRESETS[presetId];
  const run = preset.runs[0]!;
  const group = `${presetId}-${++groupCounter}`;
  const mountedAt = performance.now();
  const store = new RunStore(group);
  const q = <T extends Element>(sel: string) => root.querySelector<T>(sel);
  const status = q<HTMLElement>('[data-live-status]')!;
  const announce = q<HTMLElement>('[data-live-announce]')!;
  const backendLine = q<HTMLElement>('[data-live-backend]')!;
  const playButton = q<HTMLButtonElement>('[data-action="play"]')!;
  const stepButton = q<HTMLButtonElement>('[data-action="step"]')!;
  const resetButton = q<HTMLButtonElement>('[data-action="reset"]')!;

  const curves: TrainingCurves = createTrainingCurves(q<HTMLElement>('[data-live-curves]')!, { lang });
  let grid: PredictionGrid | undefined;
  let isTrain: Uint8Array | undefined;
  if (options.grid) {
    grid = createPredictionGrid(q<HTMLElement>('[data-live-grid]')!, { lang });
    const data = makeDataset(run.config.p, run.config.op, run.config.trainFraction, run.config.seed);
    isTrain = new Uint8Array(run.config.p ** 2);
    for (const i of data.trainIdx) isTrain[i] = 1;
  }

  let reference: RunTrace | undefined;
  let unavailable = false;
  let memorizedAt: number | null = null;
  let grokkedAt: number | null = null;
  let wantsPlay = false;
  let ready = false;
  let visibleNow = false;
  /** What the active scrollytelling step asks of this figure, if it sits in one. */
  let story: Record<string, unknown> = {};

  const draw = () => {
    const view = store.run(run.key);
    const history = view?.history ?? [];
    const ghost = reference ? accuracySeries(reference) : undefined;
    const phases = reference ? phasesOf(reference) : [];
    if (unavailable && ghost) {
      // No live training here: the reference run stands in, drawn as the run itself.
      curves.update({ accuracy: ghost, phases, maxStep: preset.steps });
      return;
    }
    const activePhase = typeof story.phase === 'string' ? story.phase : null;
    curves.update(
      { accuracy: series(history), ...(ghost ? { ghost: { accuracy: ghost } } : {}), phases, maxStep: preset.steps },
      { step: store.step, activePhase },
    );
    if (grid && isTrain && view?.withGrid?.grid) {
      const focus = story.focus === 'train' || story.focus === 'test' ? story.focus : null;
      grid.update({ p: run.config.p, isTrain, correct: view.withGrid.grid.correct, predicted: view.withGrid.grid.predicted }, { focus });
    }
    const cur = store.current(run.key);
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    const parts = [fill(s['live.stepCount'], { step: store.step, max: preset.steps })];
    if (cur) {
      parts.push(fill(s['live.accuracy'], { split: s['live.train'] ?? '', value: pct(cur.train.accuracy) }));
      parts.push(fill(s['live.accuracy'], { split: s['live.test'] ?? '', value: pct(cur.test.accuracy) }));
    }
    if (store.status === 'playing' && store.stepsPerSecond > 0) parts.push(fill(s['live.speed'], { n: Math.round(store.stepsPerSecond) }));
    if (store.hold) parts.push(s[`live.hold.${store.hold}`] ?? '');
    const fault = view?.fault;
    if (fault) parts.push(fill(s['live.fault'], { message: fault.message }));
    status.textContent = parts.filter(Boolean).join(' · ');
    root.dataset.status = store.status;
    root.dataset.step = String(store.step);
    if (cur) root.dataset.testAccuracy = cur.test.accuracy.toFixed(4);
    const playing = store.status === 'playing' || store.hold !== null;
    const finished = store.status === 'done' || store.status === 'faulted';
    playButton.textContent = finished
      ? (s['live.again'] ?? '')
      : playing
        ? (s['live.pause'] ?? '')
        : store.step > 0
          ? (s['live.resume'] ?? '')
          : (s['live.play'] ?? '');
    playButton.setAttribute('aria-pressed', String(playing));
    playButton.disabled = !ready;
    stepButton.disabled = !ready || finished;
    resetButton.disabled = !ready || store.step === 0;

    // Milestones are announced once each; the numbers above are not (they change many times a second).
    for (const rec of history) {
      if (memorizedAt === null && rec.train.accuracy > 0.99) {
        memorizedAt = rec.step;
        root.dataset.memorizedAt = String(rec.step);
        announce.textContent = fill(s['live.memorized'], { step: rec.step, test: pct(rec.test.accuracy) });
      }
      if (grokkedAt === null && rec.test.accuracy > 0.95) {
        grokkedAt = rec.step;
        root.dataset.grokkedAt = String(rec.step);
        announce.textContent = fill(s['live.grokked'], { step: rec.step });
      }
    }
    if (store.status === 'done' && grokkedAt === null && memorizedAt !== null) {
      announce.textContent = fill(s['live.done'], { max: preset.steps });
    }
  };
  let frame = 0;
  const requestDraw = () => {
    if (frame === 0) frame = requestAnimationFrame(() => ((frame = 0), draw()));
  };
  store.subscribe(requestDraw);

  const client = EngineClient.shared();
  const unsubscribe = client.subscribe(group, (reply) => {
    store.apply(reply);
    // How long the reader waited for the first trained step (reported by `npm run bench`).
    if (reply.type === 'snapshot' && reply.step > 0 && root.dataset.firstStepMs === undefined) {
      root.dataset.firstStepMs = String(Math.round(performance.now() - mountedAt));
    }
    if (reply.type === 'invalid') {
      status.textContent = fill(s['live.invalid'], { message: reply.errors.map((e) => e.message).join('; ') });
    }
  });
  const unsubscribeEngine = client.onEngine((reply) => {
    if (reply.type === 'backend-changed') {
      describeBackend(reply.backend.name);
      backendLine.textContent = fill(s['live.backendLost'], { from: reply.from, name: reply.backend.name, step: reply.resumedAt[group] ?? 0 });
    }
  });

  const describeBackend = (name: string) => {
    const wanted = forcedBackend(location.search);
    backendLine.textContent =
      wanted && wanted !== name
        ? fill(s['live.backendFallback'], { wanted, name })
        : fill(wanted ? s['live.backendForced'] : s['live.backend'], { name });
    root.dataset.backend = name;
  };

  const reset = () => {
    memorizedAt = null;
    grokkedAt = null;
    delete root.dataset.memorizedAt;
    delete root.dataset.grokkedAt;
    announce.textContent = '';
  };

  playButton.addEventListener('click', () => {
    if (store.status === 'done' || store.status === 'faulted') {
      reset();
      wantsPlay = true;
      client.send({ type: 'reset', group });
      client.send({ type: 'play', group });
      return;
    }
    const playing = store.status === 'playing' || store.hold !== null;
    wantsPlay = !playing;
    client.send({ type: wantsPlay ? 'play' : 'pause', group });
  });
  stepButton.addEventListener('click', () => {
    wantsPlay = false;
    client.send({ type: 'step', group, n: Number(stepButton.dataset.n ?? 50) });
  });
  resetButton.addEventListener('click', () => {
    reset();
    client.send({ type: 'reset', group });
    if (wantsPlay) client.send({ type: 'play', group });
  });

  /** Applies a step's state: play or pause, or move to a step, and what to highlight. */
  const applyStory = (detail: ScrollyDetail | undefined) => {
    story = detail?.state ?? {};
    root.dataset.storyStep = String(detail?.index ?? -1);
    if (!ready) return;
    if (typeof story.seek === 'number') {
      const target = Math.min(preset.steps, Math.max(0, Math.floor(story.seek)));
      wantsPlay = false;
      if (target <= store.trainedTo) client.send({ type: 'seek', group, step: target });
      else client.send({ type: 'step', group, n: target - store.step });
    } else if (story.play === true && !wantsPlay && !options.reducedMotion) {
      wantsPlay = true;
      client.send({ type: 'play', group });
    } else if (story.play === false && wantsPlay) {
      wantsPlay = false;
      client.send({ type: 'pause', group });
    }
    requestDraw();
  };
  const scrolly = root.closest('[data-scrolly]');
  const onStory = (event: Event) => applyStory((event as CustomEvent<ScrollyDetail>).detail);
  scrolly?.addEventListener(SCROLLY_EVENT, onStory);

  status.textContent = s['live.loading'] ?? '';
  void loadReference(presetId).then((trace) => {
    reference = trace?.runs.find((r) => r.key === run.key);
    requestDraw();
  });
  client.ready.then(
    (info) => {
      ready = true;
      describeBackend(info.backend.name);
      root.dataset.readyMs = String(Math.round(info.readyAfterMs));
      client.send({ type: 'create', group, preset: presetId, runs: [{ key: run.key, config: run.config }], maxSteps: preset.steps });
      client.send({ type: 'visible', group, visible: visibleNow });
      if (scrolly) applyStory(scrollyStateOf(root));
      else if (options.autoplay) {
        wantsPlay = true;
        client.send({ type: 'play', group });
      }
      requestDraw();
    },
    (error: Error) => {
      unavailable = true;
      draw();
      status.textContent = fill(s['live.unavailable'], { reason: error.message }) + (reference ? ` ${s['live.showingReference'] ?? ''}` : '');
      root.dataset.status = 'unavailable';
    },
  );

  return {
    setVisible(visible: boolean) {
      visibleNow = visible;
      if (ready) client.send({ type: 'visible', group, visible });
    },
    destroy() {
      scrolly?.removeEventListener(SCROLLY_EVENT, onStory);
      unsubscribe();
      unsubscribeEngine();
      client.send({ type: 'dispose', group });
      curves.destroy();
      grid?.destroy();
      cancelAnimationFrame(frame);
    },
  };
}

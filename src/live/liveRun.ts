/**
 * A live figure: a preset trained in the page's worker — one run, or up to
 * three side by side in lockstep — each drawn as training curves and, when
 * asked, its prediction grid and kernel signals (eNTK change, distance from
 * init, weight norm). Play/pause/step/reset, a status line that says what the
 * engine is doing, milestones announced to screen readers. Loaded only when
 * the figure comes near the viewport.
 */
import { fill } from '../charts/labels.ts';
import { createTrainingCurves, type CurveSeries, type TrainingCurves } from '../charts/trainingCurves.ts';
import { createPredictionGrid, type PredictionGrid } from '../charts/predictionGrid.ts';
import { createKernelSignal, type KernelSignal, type SignalSeries } from '../charts/kernelSignal.ts';
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
  /** Show the kernel signals (eNTK change, distance from init, weight norm) under the curves. */
  kernel: boolean;
  autoplay: boolean;
  /** Under prefers-reduced-motion nothing starts training by itself; steps may still jump to a state. */
  reducedMotion: boolean;
}

let groupCounter = 0;


function signals(history: readonly MetricsRecord[]): SignalSeries {
  return {
    steps: history.map((r) => r.step),
    ntkChange: history.map((r) => r.ntkChange),
    distanceFromInit: history.map((r) => r.distanceFromInit),
    weightNorm: history.map((r) => r.norms.total.l2),
  };
}

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
  const runs = preset.runs;
  const first = runs[0]!;
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
  const panelsHost = q<HTMLElement>('[data-live-panels]')!;

  interface Panel {
    key: string;
    curves: TrainingCurves;
    grid: PredictionGrid | undefined;
    isTrain: Uint8Array | undefined;
    kernel: KernelSignal | undefined;
    reference: RunTrace | undefined;
  }
  const several = runs.length > 1;
  panelsHost.classList.toggle('several', several);
  const panels: Panel[] = runs.map((run) => {
    const box = document.createElement('div');
    box.className = 'live-panel';
    if (several) {
      const title = document.createElement('p');
      title.className = 'live-panel-title';
      title.textContent = s[`run.${presetId}.${run.key}`] ?? run.key;
      box.append(title);
    }
    const make = (cls: string) => {
      const el = document.createElement('div');
      el.className = cls;
      box.append(el);
      return el;
    };
    const curves = createTrainingCurves(make('live-curves'), { lang });
    let grid: PredictionGrid | undefined;
    let isTrain: Uint8Array | undefined;
    if (options.grid) {
      grid = createPredictionGrid(make('live-grid'), { lang });
      isTrain = makeDataset(run.config.p, run.config.op, run.config.trainFraction, run.config.seed).isTrain;
    }
    const kernel = options.kernel ? createKernelSignal(make('live-kernel'), { lang }) : undefined;
    panelsHost.append(box);
    return { key: run.key, curves, grid, isTrain, kernel, reference: undefined };
  });

  let unavailable = false;
  let memorizedAt: number | null = null;
  let grokkedAt: number | null = null;
  let wantsPlay = false;
  let ready = false;
  let visibleNow = false;
  /** What the active scrollytelling step asks of this figure, if it sits in one. */
  let story: Record<string, unknown> = {};

  const draw = () => {
    const activePhase = typeof story.phase === 'string' ? story.phase : null;
    const focus = story.focus === 'train' || story.focus === 'test' ? story.focus : null;
    for (const panel of panels) {
      const view = store.run(panel.key);
      const history = view?.history ?? [];
      const ref = panel.reference;
      const ghost = ref ? accuracySeries(ref) : undefined;
      const phases = ref ? phasesOf(ref) : [];
      if (unavailable) {
        // No live training here: the reference run stands in, drawn as the run itself.
        if (ghost) panel.curves.update({ accuracy: ghost, phases, maxStep: preset.steps });
        continue;
      }
      panel.curves.update(
        { accuracy: series(history), ...(ghost ? { ghost: { accuracy: ghost } } : {}), phases, maxStep: preset.steps },
        { step: store.step, activePhase },
      );
      if (panel.grid && panel.isTrain && view?.withGrid?.grid) {
        const g = view.withGrid.grid;
        panel.grid.update({ p: runs[0]!.config.p, isTrain: panel.isTrain, correct: g.correct, predicted: g.predicted }, { focus });
      }
      if (panel.kernel) {
        const refSignals: SignalSeries | undefined = ref
          ? { steps: ref.series.step, ntkChange: ref.series.ntk, distanceFromInit: ref.series.dist, weightNorm: ref.series.l2 }
          : undefined;
        panel.kernel.update({ ...signals(history), ...(refSignals ? { ghost: refSignals } : {}), phases, maxStep: preset.steps }, { step: store.step, activePhase });
      }
    }
    if (unavailable) return;
    const view = store.run(first.key);
    const history = view?.history ?? [];
    const cur = store.current(first.key);
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    const parts = [fill(s['live.stepCount'], { step: store.step, max: preset.steps })];
    for (const run of runs) {
      // Per-run readings for tests and for anyone inspecting the page.
      const c = store.current(run.key);
      if (c) {
        root.setAttribute(`data-run-${run.key}-test`, c.test.accuracy.toFixed(4));
        root.setAttribute(`data-run-${run.key}-ntk`, c.ntkChange.toPrecision(3));
      }
    }
    if (several) {
      for (const run of runs) {
        const c = store.current(run.key);
        if (c) parts.push(`${s[`run.${presetId}.${run.key}`] ?? run.key}: ${fill(s['live.accuracy'], { split: s['live.test'] ?? '', value: pct(c.test.accuracy) })}`);
      }
    } else if (cur) {
      parts.push(fill(s['live.accuracy'], { split: s['live.train'] ?? '', value: pct(cur.train.accuracy) }));
      parts.push(fill(s['live.accuracy'], { split: s['live.test'] ?? '', value: pct(cur.test.accuracy) }));
    }
    if (store.status === 'playing' && store.stepsPerSecond > 0) parts.push(fill(s['live.speed'], { n: Math.round(store.stepsPerSecond) }));
    if (store.hold) parts.push(s[`live.hold.${store.hold}`] ?? '');
    const fault = view?.fault;
    // The engine's message is English; the reader gets the cause in their language.
    if (fault) parts.push(fill(s[`live.fault.${fault.cause}`], { step: fault.step, share: `${Math.round(100 * fault.zeroLossFraction)}%` }));
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
        root.dataset.testAtMemorized = rec.test.accuracy.toFixed(4);
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
    delete root.dataset.testAtMemorized;
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
  let storyIndex: number | null = null;
  const applyStory = (detail: ScrollyDetail | undefined) => {
    story = detail?.state ?? {};
    root.dataset.storyStep = String(detail?.index ?? -1);
    root.dataset.view = story.focus === 'train' || story.focus === 'test' ? 'grid' : 'curves';
    requestDraw();
    // Progress within a step redraws highlights only; the run is steered once per step.
    const index = detail?.index ?? -1;
    if (!ready || index === storyIndex) return;
    storyIndex = index;
    if (typeof story.seek === 'number') {
      // The engine replays or trains to exactly this step; with `play` it goes on from there.
      client.send({ type: 'seek', group, step: story.seek });
      wantsPlay = story.play === true && !options.reducedMotion;
      if (wantsPlay) client.send({ type: 'play', group });
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
    for (const panel of panels) panel.reference = trace?.runs.find((r) => r.key === panel.key);
    requestDraw();
  });
  client.ready.then(
    (info) => {
      ready = true;
      describeBackend(info.backend.name);
      root.dataset.readyMs = String(Math.round(info.readyAfterMs));
      client.send({ type: 'create', group, preset: presetId, runs: runs.map((r) => ({ key: r.key, config: r.config })), maxSteps: preset.steps });
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
      const shown = panels.some((p) => p.reference);
      status.textContent = fill(s['live.unavailable'], { reason: error.message }) + (shown ? ` ${s['live.showingReference'] ?? ''}` : '');
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
      for (const panel of panels) {
        panel.curves.destroy();
        panel.grid?.destroy();
        panel.kernel?.destroy();
      }
      cancelAnimationFrame(frame);
    },
  };
}

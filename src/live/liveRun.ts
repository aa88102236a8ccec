/**
 * A live figure: a preset trained in the page's worker — one run, or up to
 * three side by side in lockstep — each drawn as training curves and, when
 * asked, its prediction grid, Fourier spectrum, neurons as waves with the
 * embedding's circle, and kernel signals (eNTK change, distance from init,
 * weight norm). Play/pause/step/reset, a status line that says what the
 * engine is doing, milestones announced to screen readers. Loaded only when
 * the figure comes near the viewport.
 */
import { fill } from '../charts/labels.ts';
import { createTrainingCurves, type TrainingCurves } from '../charts/trainingCurves.ts';
import { createPredictionGrid, type PredictionGrid } from '../charts/predictionGrid.ts';
import { createKernelSignal, type KernelSignal, type SignalSeries } from '../charts/kernelSignal.ts';
import { createSpectrum, type Spectrum, type SpectrumData } from '../charts/spectrum.ts';
import { createNeuronWaves, type NeuronWaves, type NeuronWavesData } from '../charts/neuronWaves.ts';
import { makeDataset } from '../model/data.ts';
import { PRESETS, type PresetId } from '../model/presets.ts';
import { RunStore } from '../state/runStore.ts';
import { accuracySeries, loadReference, phasesOf } from '../state/reference.ts';
import { decodeWaves, type PresetWaves, type RunTrace, type WaveFrame } from '../model/traceFormat.ts';
import { EngineClient } from '../worker/client.ts';
import { addRunExport } from './exportRun.ts';
import { watchWorker } from './workerFault.ts';
import { backendLine, curveSeries, playButtonState, signalSeries } from './runSeries.ts';
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
  /** Show the Fourier spectrum of the embeddings (W_a and W_b) over the steps. */
  spectrum: boolean;
  /** Show a few neurons' input weights as waves and the embedding's circle. */
  waves: boolean;
  autoplay: boolean;
  /** Under prefers-reduced-motion nothing starts training by itself; steps may still jump to a state. */
  reducedMotion: boolean;
}

let groupCounter = 0;

/** The panels a story step can show (`show`); `focus` on a split of the grid implies 'grid'. */
type PanelView = 'curves' | 'grid' | 'spectrum' | 'waves';
const VIEWS: readonly PanelView[] = ['curves', 'grid', 'spectrum', 'waves'];

/**
 * Which panel a step is about: `show` when the figure has that panel, else the
 * grid when `focus` names a split (what chapters did before `show`), else the
 * curves. `explicit` tells whether the step asked for it by name.
 */
function viewOf(story: Record<string, unknown>, has: Readonly<Record<PanelView, boolean>>): { view: PanelView; explicit: boolean } {
  const show = story.show;
  if (typeof show === 'string' && (VIEWS as readonly string[]).includes(show) && has[show as PanelView]) {
    return { view: show as PanelView, explicit: true };
  }
  return { view: story.focus === 'train' || story.focus === 'test' ? 'grid' : 'curves', explicit: false };
}

/** Embedding spectrum per record as the reference traces store it: power of W_a + W_b, IPR the mean of the two. */
function spectrumOf(history: readonly MetricsRecord[], maxStep: number): SpectrumData {
  const nF = history[0]?.fourier.Wa.power.length ?? 0;
  const power = new Float64Array(history.length * nF);
  history.forEach((r, t) => {
    for (let k = 0; k < nF; k++) power[t * nF + k] = (r.fourier.Wa.power[k] ?? 0) + (r.fourier.Wb.power[k] ?? 0);
  });
  return {
    steps: history.map((r) => r.step),
    power,
    frequencies: nF,
    keyFrequencies: history.at(-1)?.fourier.neurons.keyFrequencies ?? [],
    ipr: history.map((r) => (r.fourier.Wa.ipr + r.fourier.Wb.ipr) / 2),
    maxStep,
  };
}

function referenceSpectrum(ref: RunTrace, maxStep: number): SpectrumData {
  return {
    steps: ref.series.step,
    power: ref.spectrum.power,
    frequencies: ref.spectrum.frequencies,
    keyFrequencies: ref.keyFrequencies,
    ipr: ref.series.ipr,
    maxStep,
  };
}

/** The reference frame at or before `step` (the first one if none is). */
function frameAt(frames: readonly WaveFrame[], step: number): NeuronWavesData | undefined {
  let best = frames[0];
  for (const f of frames) if (f.step <= step) best = f;
  return best;
}

const wavesCache = new Map<PresetId, Promise<PresetWaves | null>>();

/** A preset's reference waves (their own file, so figures without waves never fetch them), or null. */
function loadReferenceWaves(id: PresetId): Promise<PresetWaves | null> {
  let pending = wavesCache.get(id);
  if (!pending) {
    pending = fetch(`/data/presets/${id}.waves.json`)
      .then((res) => (res.ok ? (res.json() as Promise<PresetWaves>) : null))
      .catch(() => null);
    wavesCache.set(id, pending);
  }
  return pending;
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
  const backendText = q<HTMLElement>('[data-live-backend]')!;
  const playButton = q<HTMLButtonElement>('[data-action="play"]')!;
  const stepButton = q<HTMLButtonElement>('[data-action="step"]')!;
  const resetButton = q<HTMLButtonElement>('[data-action="reset"]')!;
  const panelsHost = q<HTMLElement>('[data-live-panels]')!;
  // Every run's metrics as CSV or JSON, read at the moment of the click.
  const runExport = addRunExport(q<HTMLElement>('[data-live-export]') ?? root, {
    lang,
    strings: s,
    preset: presetId,
    backend: () => root.dataset.backend,
    getRuns: () => runs.map((r) => ({ key: r.key, config: r.config, history: store.run(r.key)?.history ?? [] })),
  });

  interface Panel {
    key: string;
    curves: TrainingCurves;
    grid: PredictionGrid | undefined;
    isTrain: Uint8Array | undefined;
    kernel: KernelSignal | undefined;
    spectrum: Spectrum | undefined;
    waves: NeuronWaves | undefined;
    reference: RunTrace | undefined;
    referenceWaves: WaveFrame[];
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
      el.className = `live-chart ${cls}`;
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
    const spectrum = options.spectrum ? createSpectrum(make('live-spectrum'), { lang }) : undefined;
    const waves = options.waves ? createNeuronWaves(make('live-waves'), { lang }) : undefined;
    const kernel = options.kernel ? createKernelSignal(make('live-kernel'), { lang }) : undefined;
    panelsHost.append(box);
    return { key: run.key, curves, grid, isTrain, kernel, spectrum, waves, reference: undefined, referenceWaves: [] };
  });

  let unavailable = false;
  let memorizedAt: number | null = null;
  let grokkedAt: number | null = null;
  let wantsPlay = false;
  let ready = false;
  let visibleNow = false;
  /** What the active scrollytelling step asks of this figure, if it sits in one. */
  let story: Record<string, unknown> = {};

  const has: Record<PanelView, boolean> = { curves: true, grid: options.grid, spectrum: options.spectrum, waves: options.waves };
  /** Readings of the first run for tests and for anyone inspecting the page. */
  const expose = (k: number | undefined, ipr: number | undefined) => {
    if (k !== undefined) root.dataset.keyFrequency = String(k);
    if (ipr !== undefined && Number.isFinite(ipr)) root.dataset.ipr = ipr.toFixed(4);
  };

  const draw = () => {
    const activePhase = typeof story.phase === 'string' ? story.phase : null;
    const focus = story.focus === 'train' || story.focus === 'test' ? story.focus : null;
    const circleK = typeof story.k === 'number' ? story.k : null;
    for (const panel of panels) {
      const view = store.run(panel.key);
      const history = view?.history ?? [];
      const ref = panel.reference;
      const ghost = ref ? accuracySeries(ref) : undefined;
      const phases = ref ? phasesOf(ref) : [];
      if (unavailable) {
        // No live training here: the reference run stands in, drawn as the run itself, at the story step's `seek`.
        if (ghost) panel.curves.update({ accuracy: ghost, phases, maxStep: preset.steps });
        const at = typeof story.seek === 'number' ? story.seek : preset.steps;
        if (ref && panel.spectrum) panel.spectrum.update(referenceSpectrum(ref, preset.steps), { step: at });
        const frame = frameAt(panel.referenceWaves, at);
        if (frame) panel.waves?.update(frame, { k: circleK });
        if (panel.key === first.key && ref) {
          let i = 0;
          while (i + 1 < ref.series.step.length && (ref.series.step[i + 1] ?? 0) <= at) i++;
          expose(frame?.k, ref.series.ipr[i]);
        }
        continue;
      }
      panel.curves.update(
        { accuracy: curveSeries(history), ...(ghost ? { ghost: { accuracy: ghost } } : {}), phases, maxStep: preset.steps },
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
        panel.kernel.update({ ...signalSeries(history), ...(refSignals ? { ghost: refSignals } : {}), phases, maxStep: preset.steps }, { step: store.step, activePhase });
      }
      if (panel.spectrum && history.length > 0) panel.spectrum.update(spectrumOf(history, preset.steps), { step: store.step });
      const cur = store.current(panel.key);
      if (panel.waves && cur) panel.waves.update({ ...cur.waves, step: cur.step }, { k: circleK });
      if (panel.key === first.key && cur) expose(cur.waves.k, (cur.fourier.Wa.ipr + cur.fourier.Wb.ipr) / 2);
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
    // With the worker down, the last snapshot's speed and hold are stale: the notice under the status says why.
    const down = worker.down;
    worker.sync(store.step);
    if (!down && store.status === 'playing' && store.stepsPerSecond > 0) parts.push(fill(s['live.speed'], { n: Math.round(store.stepsPerSecond) }));
    if (!down && store.hold) parts.push(s[`live.hold.${store.hold}`] ?? '');
    const fault = view?.fault;
    // The engine's message is English; the reader gets the cause in their language.
    if (fault) parts.push(fill(s[`live.fault.${fault.cause}`], { step: fault.step, share: `${Math.round(100 * fault.zeroLossFraction)}%` }));
    status.textContent = parts.filter(Boolean).join(' · ');
    root.dataset.status = store.status;
    root.dataset.step = String(store.step);
    // Tensors alive in the worker: `npm run soak` watches this stay flat.
    root.dataset.tensors = String(store.tensors);
    if (cur) root.dataset.testAccuracy = cur.test.accuracy.toFixed(4);
    const { label, pressed, finished } = playButtonState(down ? 'paused' : store.status, down ? null : store.hold, store.step);
    playButton.textContent = s[label] ?? '';
    playButton.setAttribute('aria-pressed', String(pressed));
    playButton.disabled = !ready || down;
    stepButton.disabled = !ready || finished || down;
    resetButton.disabled = !ready || store.step === 0 || down;

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
      backendText.textContent = fill(s['live.backendLost'], { from: reply.from, name: reply.backend.name, step: reply.resumedAt[group] ?? 0 });
    }
  });

  const describeBackend = (name: string) => {
    backendText.textContent = backendLine(s, name, location.search);
    root.dataset.backend = name;
  };
  const createGroup = () => {
    client.send({ type: 'create', group, preset: presetId, runs: runs.map((r) => ({ key: r.key, config: r.config })), maxSteps: preset.steps });
    client.send({ type: 'visible', group, visible: visibleNow });
  };
  const worker = watchWorker({
    root,
    anchor: status,
    strings: s,
    client,
    step: () => store.step,
    onChange: requestDraw,
    onRestarted: (info, step) => {
      describeBackend(info.backend.name);
      reset();
      createGroup();
      // Deterministic training brings the new worker to the same step; then it goes on if it was playing.
      if (step > 0) client.send({ type: 'seek', group, step });
      if (wantsPlay) client.send({ type: 'play', group });
    },
  });

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
    const { view, explicit } = viewOf(story, has);
    root.dataset.view = view;
    // Phones and short screens show only this panel; tall wide ones show all and outline the one named by `show`.
    if (explicit) root.dataset.emphasis = view;
    else delete root.dataset.emphasis;
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
  if (options.waves) {
    void loadReferenceWaves(presetId).then((file) => {
      for (const panel of panels) {
        const run = file?.runs.find((r) => r.key === panel.key);
        panel.referenceWaves = run ? run.waves.map((w) => decodeWaves(w, run.p)) : [];
      }
      requestDraw();
    });
  }
  client.ready.then(
    (info) => {
      ready = true;
      describeBackend(info.backend.name);
      root.dataset.readyMs = String(Math.round(info.readyAfterMs));
      createGroup();
      if (scrolly) applyStory(scrollyStateOf(root));
      else if (options.autoplay) {
        wantsPlay = true;
        client.send({ type: 'play', group });
      }
      requestDraw();
    },
    (error: Error) => {
      unavailable = true;
      // The reference stands in at the step the story is on (this also draws).
      if (scrolly) applyStory(scrollyStateOf(root));
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
      runExport.destroy();
      worker.destroy();
      unsubscribe();
      unsubscribeEngine();
      client.send({ type: 'dispose', group });
      for (const panel of panels) {
        panel.curves.destroy();
        panel.grid?.destroy();
        panel.kernel?.destroy();
        panel.spectrum?.destroy();
        panel.waves?.destroy();
      }
      cancelAnimationFrame(frame);
    },
  };
}

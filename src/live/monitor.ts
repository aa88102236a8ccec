/**
 * The monitoring figure: a preset trained live in the page's worker, drawn as
 * the dashboard of signals one can watch without a test set, with a reading
 * ("keep training", "intervene", …) that follows the run. The reader picks
 * the run (with or without weight decay, or softmax beside StableMax), plays,
 * pauses or starts over, and may reveal the train–test gap. When the engine
 * cannot run here the recorded reference run stands in, read the same way.
 */
import { fill } from '../charts/labels.ts';
import { createMonitorDashboard, type MonitorDashboard, type MonitorSeries } from '../charts/monitorDashboard.ts';
import { PRESETS } from '../model/presets.ts';
import type { RunTrace } from '../model/traceFormat.ts';
import { SCROLLY_EVENT, scrollyStateOf, type ScrollyDetail } from '../scroll/scrolly.ts';
import { RunStore } from '../state/runStore.ts';
import { loadReference } from '../state/reference.ts';
import { EngineClient } from '../worker/client.ts';
import { addRunExport } from './exportRun.ts';
import { backendLine, playButtonState } from './runSeries.ts';
import { watchWorker } from './workerFault.ts';
import {
  TREND_WINDOW,
  pointFromRecord,
  pointsFromTrace,
  readAll,
  verdictSpans,
  type MonitorPoint,
  type Reading,
  type Reason,
  type Verdict,
} from './monitorReading.ts';

export const MONITOR_PRESETS = ['classic', 'noreg', 'collapse'] as const;
export type MonitorPresetId = (typeof MONITOR_PRESETS)[number];

export function isMonitorPreset(value: unknown): value is MonitorPresetId {
  return typeof value === 'string' && (MONITOR_PRESETS as readonly string[]).includes(value);
}

export interface MonitorOptions {
  root: HTMLElement;
  preset: MonitorPresetId;
  lang: 'ja' | 'en';
  strings: Record<string, string>;
  autoplay: boolean;
  /** Under prefers-reduced-motion nothing starts training by itself. */
  reducedMotion: boolean;
}

export interface Monitor {
  setVisible(visible: boolean): void;
  destroy(): void;
}

/** The dashboard's series from measured points. */
export function seriesOf(points: readonly MonitorPoint[]): MonitorSeries {
  return {
    steps: points.map((p) => p.step),
    trainLoss: points.map((p) => p.trainLoss),
    trainAccuracy: points.map((p) => p.trainAccuracy),
    zeroLoss: points.map((p) => p.zeroLossFraction),
    weightNorm: points.map((p) => p.weightNorm),
    ntkChange: points.map((p) => p.ntkChange),
    distanceFromInit: points.map((p) => p.distanceFromInit),
    tunedFraction: points.map((p) => p.tunedFraction),
    ipr: points.map((p) => p.ipr),
    testAccuracy: points.map((p) => p.testAccuracy ?? Number.NaN),
  };
}

interface ReasonFormats {
  pct: Intl.NumberFormat;
  change: Intl.NumberFormat;
  step: Intl.NumberFormat;
}
const reasonFormats = new Map<string, ReasonFormats>();

function formatsFor(lang: 'ja' | 'en'): ReasonFormats {
  let f = reasonFormats.get(lang);
  if (!f) {
    f = {
      pct: new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 }),
      change: new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1, signDisplay: 'exceptZero' }),
      step: new Intl.NumberFormat(lang, { maximumFractionDigits: 0 }),
    };
    reasonFormats.set(lang, f);
  }
  return f;
}

/** The reason as a sentence in the reader's language. */
export function reasonText(reason: Reason, s: Record<string, string>, lang: 'ja' | 'en'): string {
  const { pct, change, step } = formatsFor(lang);
  const window = step.format(TREND_WINDOW);
  switch (reason.kind) {
    case 'fitting':
      return fill(s['monitor.reason.fitting'], { acc: pct.format(reason.accuracy) });
    case 'justFit':
      return fill(s['monitor.reason.justFit'], { since: step.format(reason.since), until: step.format(reason.until), window });
    case 'fit':
      return fill(s['monitor.reason.fit'], { acc: pct.format(reason.accuracy), since: step.format(reason.since) });
    case 'norm':
      return fill(s[`monitor.reason.norm.${reason.trend}`], { change: change.format(reason.change), window });
    case 'structure':
      return fill(s[`monitor.reason.structure.${reason.trend}`], { change: change.format(reason.change), tuned: pct.format(reason.tuned), window });
    case 'circuit':
      return fill(s['monitor.reason.circuit'], { tuned: pct.format(reason.tuned) });
    case 'wait':
      return fill(s['monitor.reason.wait'], { until: step.format(reason.until) });
    case 'zeroLoss':
      return fill(s['monitor.reason.zeroLoss'], { share: pct.format(reason.share) });
  }
}

let groupCounter = 0;

export function mountMonitor(options: MonitorOptions): Monitor {
  const { root, lang, strings: s } = options;
  const id = ++groupCounter;
  const q = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const status = q<HTMLElement>('[data-monitor-status]');
  const backendText = q<HTMLElement>('[data-monitor-backend]');
  const announce = q<HTMLElement>('[data-monitor-announce]');
  const playButton = q<HTMLButtonElement>('[data-action="play"]');
  const resetButton = q<HTMLButtonElement>('[data-action="reset"]');
  const readingAt = q<HTMLElement>('[data-monitor-reading-at]');
  const verdictEl = q<HTMLElement>('[data-monitor-verdict]');
  const reasonsEl = q<HTMLUListElement>('[data-monitor-reasons]');
  const adviceEl = q<HTMLElement>('[data-monitor-advice]');
  const lossPicker = q<HTMLFieldSetElement>('[data-monitor-loss]');
  const heldOutBox = q<HTMLInputElement>('[data-monitor-heldout]');
  const presetRadios = [...root.querySelectorAll<HTMLInputElement>('input[data-monitor-preset]')];
  const lossRadios = [...root.querySelectorAll<HTMLInputElement>('input[data-monitor-run]')];
  // Radio groups are named per figure, so two monitors on one page do not share a group.
  for (const r of presetRadios) r.name = `monitor-preset-${id}`;
  for (const r of lossRadios) r.name = `monitor-run-${id}`;

  const chart: MonitorDashboard = createMonitorDashboard(q<HTMLElement>('[data-monitor-chart]'), { lang });
  // Every run of the preset shown (softmax and StableMax side by side for collapse), as trained so far.
  const runExport = addRunExport(q<HTMLElement>('[data-monitor-export]'), {
    lang,
    strings: s,
    preset: () => presetId,
    backend: () => root.dataset.backend,
    getRuns: () => presetRuns().map((r) => ({ key: r.key, config: r.config, history: session?.store.run(r.key)?.history ?? [] })),
  });
  const client = EngineClient.shared();
  const unsubscribeEngine = client.onEngine((reply) => {
    if (reply.type !== 'backend-changed') return;
    root.dataset.backend = reply.backend.name;
    backendText.textContent = fill(s['live.backendLost'], { from: reply.from, name: reply.backend.name, step: (session && reply.resumedAt[session.group]) ?? 0 });
  });

  let presetId: MonitorPresetId = options.preset;
  let runKey = PRESETS[presetId].runs[0]!.key;
  let heldOut = false;
  let unavailable = false;
  let ready = false;
  let visibleNow = false;
  let wantsPlay = false;
  let lastVerdict: Verdict | null = null;
  let reference: RunTrace[] | undefined;

  interface Session {
    group: string;
    store: RunStore;
    unsubscribe(): void;
  }
  let session: Session | null = null;

  let frame = 0;
  const requestDraw = () => {
    if (frame === 0) frame = requestAnimationFrame(() => ((frame = 0), draw()));
  };

  const worker = watchWorker({
    root,
    anchor: status,
    strings: s,
    client,
    step: () => session?.store.step ?? 0,
    onChange: requestDraw,
    onRestarted: (info, step) => {
      describeBackend(info.backend.name);
      clearReading();
      startSession();
      // Deterministic training brings the new worker to the same step; then it goes on if it was playing.
      if (session && step > 0) client.send({ type: 'seek', group: session.group, step });
      if (wantsPlay) play(true);
    },
  });

  const presetRuns = () => PRESETS[presetId].runs;

  /** A fresh group for the current preset; the previous one is disposed. */
  const startSession = () => {
    if (session) {
      session.unsubscribe();
      client.send({ type: 'dispose', group: session.group });
    }
    const group = `monitor-${presetId}-${id}-${++groupCounter}`;
    const store = new RunStore(group);
    store.subscribe(requestDraw);
    const unsubscribe = client.subscribe(group, (reply) => {
      store.apply(reply);
      if (reply.type === 'invalid') status.textContent = fill(s['live.invalid'], { message: reply.errors.map((e) => e.message).join('; ') });
    });
    session = { group, store, unsubscribe };
    const preset = PRESETS[presetId];
    client.send({ type: 'create', group, preset: presetId, runs: preset.runs.map((r) => ({ key: r.key, config: r.config })), maxSteps: preset.steps });
    client.send({ type: 'visible', group, visible: visibleNow });
  };

  const loadRef = () => {
    const wanted = presetId;
    reference = undefined;
    void loadReference(wanted).then((trace) => {
      if (presetId !== wanted) return;
      reference = trace?.runs;
      requestDraw();
    });
  };

  const clearReading = () => {
    lastVerdict = null;
    announce.textContent = '';
  };

  const play = (on: boolean) => {
    if (!session) return;
    wantsPlay = on;
    client.send({ type: on ? 'play' : 'pause', group: session.group });
  };

  const setPreset = (next: MonitorPresetId) => {
    if (next === presetId) return;
    presetId = next;
    runKey = presetRuns()[0]!.key;
    for (const r of presetRadios) r.checked = r.value === next;
    for (const r of lossRadios) r.checked = r.value === runKey;
    lossPicker.hidden = presetRuns().length < 2;
    root.dataset.preset = next;
    wantsPlay = false;
    clearReading();
    loadRef();
    if (ready) startSession();
    requestDraw();
  };

  function renderReading(reading: Reading | null) {
    if (!reading) {
      readingAt.textContent = '';
      verdictEl.textContent = s['monitor.readingNone'] ?? '';
      reasonsEl.replaceChildren();
      adviceEl.textContent = '';
      delete root.dataset.verdict;
      return;
    }
    const verdictName = s[`monitor.verdict.${reading.verdict}`] ?? reading.verdict;
    readingAt.textContent = fill(s['monitor.readingAt'], { step: reading.step.toLocaleString(lang) });
    verdictEl.textContent = verdictName;
    const items = reading.reasons.map((r) => {
      const li = document.createElement('li');
      li.textContent = reasonText(r, s, lang);
      return li;
    });
    reasonsEl.replaceChildren(...items);
    adviceEl.textContent = reading.verdict === 'intervene' || reading.verdict === 'collapse' ? (s[`monitor.advice.${reading.verdict}`] ?? '') : '';
    root.dataset.verdict = reading.verdict;
    // Announced only when the verdict changes: the reasons' numbers change with every snapshot.
    if (reading.verdict !== lastVerdict) {
      if (lastVerdict !== null || reading.verdict !== 'early') {
        announce.textContent = fill(s['monitor.announce'], { step: reading.step.toLocaleString(lang), verdict: verdictName });
      }
      lastVerdict = reading.verdict;
    }
  }

  function draw() {
    const preset = PRESETS[presetId];
    const ref = reference?.find((r) => r.key === runKey);
    const refPoints = ref ? pointsFromTrace(ref.series) : [];
    root.dataset.run = runKey;
    if (unavailable) {
      // The recording stands in for the run, read exactly as a live run would be.
      const readings = readAll(refPoints);
      root.dataset.step = String(refPoints.at(-1)?.step ?? 0);
      chart.update({ ...seriesOf(refPoints), verdicts: verdictSpans(readings), maxStep: preset.steps }, { heldOut, step: refPoints.at(-1)?.step ?? 0 });
      renderReading(readings.at(-1) ?? null);
      return;
    }
    const store = session?.store;
    const history = store?.run(runKey)?.history ?? [];
    const points = history.map(pointFromRecord);
    const readings = readAll(points);
    const step = store?.step ?? 0;
    chart.update(
      { ...seriesOf(points), ...(ref ? { ghost: seriesOf(refPoints) } : {}), verdicts: verdictSpans(readings), maxStep: preset.steps },
      { heldOut, step },
    );
    let index = -1;
    for (let i = 0; i < points.length && points[i]!.step <= step; i++) index = i;
    renderReading(readings[index] ?? null);

    const parts = [fill(s['live.stepCount'], { step, max: preset.steps })];
    // With the worker down, the last snapshot's speed and hold are stale: the notice under the status says why.
    const down = worker.down;
    worker.sync(step);
    if (!down && store?.status === 'playing' && store.stepsPerSecond > 0) parts.push(fill(s['live.speed'], { n: Math.round(store.stepsPerSecond) }));
    if (!down && store?.hold) parts.push(s[`live.hold.${store.hold}`] ?? '');
    const fault = store?.run(runKey)?.fault;
    if (fault) parts.push(fill(s[`live.fault.${fault.cause}`], { step: fault.step, share: `${Math.round(100 * fault.zeroLossFraction)}%` }));
    if (ready) status.textContent = parts.filter(Boolean).join(' · ');
    const groupStatus = store?.status ?? 'idle';
    // 'loading' until the engine is ready, so that 'idle' means the play button works.
    root.dataset.status = ready ? groupStatus : 'loading';
    root.dataset.step = String(step);
    const { label, pressed } = playButtonState(down ? 'paused' : groupStatus, down ? null : store?.hold, step);
    playButton.textContent = s[label] ?? '';
    playButton.setAttribute('aria-pressed', String(pressed));
    playButton.disabled = !ready || down;
    resetButton.disabled = !ready || step === 0 || down;
  }

  const describeBackend = (name: string) => {
    backendText.textContent = backendLine(s, name, location.search);
    root.dataset.backend = name;
  };

  playButton.addEventListener('click', () => {
    if (!session) return;
    const st = session.store;
    if (st.status === 'done' || st.status === 'faulted') {
      clearReading();
      client.send({ type: 'reset', group: session.group });
      play(true);
      return;
    }
    play(!(st.status === 'playing' || st.hold !== null));
  });
  resetButton.addEventListener('click', () => {
    if (!session) return;
    clearReading();
    client.send({ type: 'reset', group: session.group });
    if (wantsPlay) play(true);
  });
  for (const r of presetRadios) {
    r.addEventListener('change', () => {
      if (r.checked && isMonitorPreset(r.value)) setPreset(r.value);
    });
  }
  for (const r of lossRadios) {
    r.addEventListener('change', () => {
      if (!r.checked) return;
      runKey = r.value;
      requestDraw();
    });
  }
  heldOutBox.addEventListener('change', () => {
    heldOut = heldOutBox.checked;
    root.dataset.heldOut = String(heldOut);
    requestDraw();
  });

  /** A scrollytelling step may pick the preset, reveal the gap, and play or pause. */
  let storyIndex: number | null = null;
  const applyStory = (detail: ScrollyDetail | undefined) => {
    const story = detail?.state ?? {};
    const index = detail?.index ?? -1;
    if (index === storyIndex) return;
    storyIndex = index;
    if (isMonitorPreset(story.preset)) setPreset(story.preset);
    if (typeof story.heldOut === 'boolean') {
      heldOut = story.heldOut;
      heldOutBox.checked = heldOut;
      root.dataset.heldOut = String(heldOut);
    }
    if (ready && story.play === true && !wantsPlay && !options.reducedMotion) play(true);
    else if (ready && story.play === false && wantsPlay) play(false);
    requestDraw();
  };
  const scrolly = root.closest('[data-scrolly]');
  const onStory = (event: Event) => applyStory((event as CustomEvent<ScrollyDetail>).detail);
  scrolly?.addEventListener(SCROLLY_EVENT, onStory);

  for (const r of presetRadios) r.checked = r.value === presetId;
  for (const r of lossRadios) r.checked = r.value === runKey;
  lossPicker.hidden = presetRuns().length < 2;
  root.dataset.preset = presetId;
  root.dataset.heldOut = 'false';
  status.textContent = s['live.loading'] ?? '';
  loadRef();
  requestDraw();

  client.ready.then(
    (info) => {
      ready = true;
      describeBackend(info.backend.name);
      startSession();
      if (scrolly) {
        storyIndex = null;
        applyStory(scrollyStateOf(root));
      } else if (options.autoplay && !options.reducedMotion) play(true);
      requestDraw();
    },
    (error: Error) => {
      unavailable = true;
      playButton.disabled = true;
      resetButton.disabled = true;
      root.dataset.status = 'unavailable';
      // Japanese sentences follow one another without a space.
      status.textContent = [fill(s['live.unavailable'], { reason: error.message }), s['live.showingReference'], s['monitor.referenceReading']].join(lang === 'ja' ? '' : ' ');
      requestDraw();
    },
  );

  return {
    setVisible(visible: boolean) {
      visibleNow = visible;
      if (ready && session) client.send({ type: 'visible', group: session.group, visible });
    },
    destroy() {
      scrolly?.removeEventListener(SCROLLY_EVENT, onStory);
      unsubscribeEngine();
      worker.destroy();
      if (session) {
        session.unsubscribe();
        client.send({ type: 'dispose', group: session.group });
      }
      chart.destroy();
      runExport.destroy();
      cancelAnimationFrame(frame);
    },
  };
}

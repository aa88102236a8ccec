/**
 * The playground: one run with every setting in a form, trained in the page's
 * worker, and the state kept in the URL (src/state/url.ts). Opening a link
 * restores the settings and trains to the step it names; changing a setting
 * starts the run again and rewrites the link (replaceState, debounced), so the
 * address bar is always a link to what is on screen.
 */
import { fill } from '../charts/labels.ts';
import { createKernelSignal } from '../charts/kernelSignal.ts';
import { createPredictionGrid } from '../charts/predictionGrid.ts';
import { createTrainingCurves } from '../charts/trainingCurves.ts';
import { runMemory } from '../model/config.ts';
import { makeDataset } from '../model/data.ts';
import { PRESETS, type PresetId } from '../model/presets.ts';
import type { RunTrace } from '../model/traceFormat.ts';
import { accuracySeries, loadReference, phasesOf } from '../state/reference.ts';
import { RunStore } from '../state/runStore.ts';
import {
  canonicalSearch,
  defaultState,
  isPresetId,
  isPresetRun,
  issueMessage,
  parseState,
  rangeText,
  ruleOf,
  sameRun,
  serializeState,
  stateValues,
  URL_KEYS,
  type Issue,
  type ParseResult,
  type ShareState,
  type UrlKey,
} from '../state/url.ts';
import { affordableEvery, expectedMs } from '../worker/cadence.ts';
import { EngineClient } from '../worker/client.ts';
import type { FigureHandle } from './lifecycle.ts';
import { addRunExport } from './exportRun.ts';
import { watchWorker } from './workerFault.ts';
import { backendLine, curveSeries, durationText, playButtonState, signalSeries } from './runSeries.ts';

export interface PlaygroundOptions {
  root: HTMLElement;
  lang: 'ja' | 'en';
  strings: Record<string, string>;
  /** Steps per press of the step button. */
  stepSize: number;
  reducedMotion: boolean;
  /**
   * The link as it was opened, read before the address bar was made canonical
   * (see Playground.astro); its issues are shown until the reader changes something.
   */
  initial: ParseResult;
}

/** The one run of the playground's group. */
const RUN = 'main';
/** Quiet time before a changed setting restarts the run, so spinner clicks and typing coalesce. */
const APPLY_DELAY_MS = 300;
/** Quiet time before the address bar is rewritten (browsers throttle replaceState). */
const URL_DELAY_MS = 400;
/**
 * A step asked for by a link or the step field that would take longer than
 * this to reach is asked about first, and is not trained to off screen: a
 * restored step=10000 of the largest model used to train for hours at full
 * CPU while the reader had scrolled away.
 */
const LONG_SEEK_MS = 2 * 60_000;
/**
 * Leaving a run whose peak memory was above this for one that needs less than
 * half of it starts a fresh worker, since the old one's WASM heap never
 * shrinks (see EngineClient.recycle).
 */
const RECYCLE_PEAK_BYTES = 256 * 2 ** 20;

let groupCounter = 0;

/**
 * Shows messages as a list. Text only: each message becomes an <li> through
 * textContent, so a hostile value echoed in a message can never become markup.
 */
export function renderIssueList(list: HTMLElement, messages: readonly string[]): void {
  const doc = list.ownerDocument;
  list.replaceChildren(
    ...messages.map((message) => {
      const li = doc.createElement('li');
      li.textContent = message;
      return li;
    }),
  );
}

type Control = HTMLInputElement | HTMLSelectElement;

export function mountPlayground(options: PlaygroundOptions): FigureHandle {
  const { root, lang, strings: s } = options;
  const q = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const form = q<HTMLFormElement>('[data-pg-form]');
  const issuesBox = q<HTMLElement>('[data-pg-issues]');
  const issueList = q<HTMLElement>('[data-pg-issue-list]');
  const status = q<HTMLElement>('[data-pg-status]');
  const backendText = q<HTMLElement>('[data-pg-backend]');
  const referenceNote = q<HTMLElement>('[data-pg-reference]');
  const announce = q<HTMLElement>('[data-pg-announce]');
  const estimateText = q<HTMLElement>('[data-pg-estimate]');
  const confirmBox = q<HTMLElement>('[data-pg-confirm]');
  const confirmText = q<HTMLElement>('[data-pg-confirm-text]');
  const confirmTrain = q<HTMLButtonElement>('[data-action="confirm-train"]');
  const confirmCancel = q<HTMLButtonElement>('[data-action="confirm-cancel"]');
  const playButton = q<HTMLButtonElement>('[data-action="play"]');
  const stepButton = q<HTMLButtonElement>('[data-action="step"]');
  const resetButton = q<HTMLButtonElement>('[data-action="reset"]');
  const copyButton = q<HTMLButtonElement>('[data-action="copy"]');
  const linkInput = q<HTMLInputElement>('[data-pg-link]');
  const alphaOn = q<HTMLInputElement>('[data-alpha-on]');
  const control = (key: string) => form.querySelector<Control>(`[name="${key}"]`);

  const curves = createTrainingCurves(q<HTMLElement>('[data-pg-curves]'), { lang });
  const grid = createPredictionGrid(q<HTMLElement>('[data-pg-grid]'), { lang });
  const kernel = createKernelSignal(q<HTMLElement>('[data-pg-kernel]'), { lang });
  const runExport = addRunExport(q<HTMLElement>('[data-pg-export]'), {
    lang,
    strings: s,
    preset: () => current.preset,
    backend: () => root.dataset.backend,
    getRuns: () => [{ key: current.run, config: current.config, history: store.run(RUN)?.history ?? [] }],
  });

  const group = `playground-${++groupCounter}`;
  const store = new RunStore(group);

  const showIssues = (issues: readonly Issue[]) => {
    renderIssueList(issueList, issues.map((issue) => issueMessage(issue, s)));
    issuesBox.hidden = issues.length === 0;
    root.dataset.issues = String(issues.length);
  };

  let current: ShareState = options.initial.state;
  showIssues(options.initial.issues);
  /** The regularizer and filter kinds the form was last filled with: their parameters belong to them. */
  let formKinds = { reg: current.config.regularizer.kind as string, grad: current.config.transform.kind as string };

  const writeUrl = (state: ShareState) => {
    const url = `${location.pathname}${canonicalSearch(location.search, state)}${location.hash}`;
    if (url !== `${location.pathname}${location.search}${location.hash}`) history.replaceState(history.state, '', url);
    linkInput.value = location.href;
    root.dataset.preset = state.preset;
    root.dataset.run = state.run;
    root.dataset.seed = String(state.config.seed);
  };
  let urlTimer: ReturnType<typeof setTimeout> | undefined;
  const scheduleUrl = () => {
    clearTimeout(urlTimer);
    urlTimer = setTimeout(() => writeUrl(current), URL_DELAY_MS);
  };

  const setHint = (key: UrlKey, state: ShareState) => {
    const input = control(key);
    const hint = form.querySelector<HTMLElement>(`[data-hint="${key}"]`);
    const rule =
      key === 'step'
        ? { kind: 'number' as const, min: 0, max: state.steps, minInclusive: true, maxInclusive: true, integer: true }
        : ruleOf(state.config, key);
    if (!input || rule?.kind !== 'number') return;
    input.setAttribute('min', String(rule.min));
    input.setAttribute('max', String(rule.max));
    if (hint) hint.textContent = fill(s['playground.allowed'], { range: rangeText(rule, s) });
  };

  /** Puts a state into the form: values, which parameters apply, and their current ranges. */
  const fillForm = (state: ShareState) => {
    const values = stateValues(state);
    formKinds = { reg: state.config.regularizer.kind, grad: state.config.transform.kind };
    const runSelect = control('run') as HTMLSelectElement | null;
    const runs = PRESETS[state.preset].runs;
    if (runSelect) {
      runSelect.replaceChildren(
        ...runs.map((r) => {
          const opt = document.createElement('option');
          opt.value = r.key;
          opt.textContent = s[`run.${state.preset}.${r.key}`] ?? r.key;
          return opt;
        }),
      );
    }
    for (const field of form.querySelectorAll<HTMLElement>('[data-field]')) {
      const key = field.dataset.field as UrlKey;
      const input = control(key);
      if (!input) continue;
      if (key === 'alpha') {
        const on = state.config.alpha !== null;
        alphaOn.checked = on;
        input.disabled = !on;
        input.value = on ? String(state.config.alpha) : '';
      } else {
        const applies = values.has(key) && !(key === 'run' && runs.length < 2);
        field.classList.toggle('pg-hidden', !applies);
        input.disabled = !applies;
        const value = values.get(key) ?? '';
        if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = value === 'true';
        else input.value = value;
      }
      setHint(key, state);
    }
  };

  /** The form's values as a query, read by the same parser as a link. */
  const readForm = (): string => {
    const params = new URLSearchParams();
    for (const key of URL_KEYS) {
      if (key === 'step' || key === 'backend') continue;
      const input = control(key);
      if (!input) continue;
      const kindKey = key.startsWith('reg.') ? 'reg' : key.startsWith('grad.') ? 'grad' : null;
      // A newly chosen kind starts from its own defaults, not from the old kind's values.
      if (kindKey && control(kindKey)?.value !== formKinds[kindKey]) continue;
      if (key === 'alpha') params.set(key, alphaOn.checked ? input.value : 'none');
      else if (input.disabled) continue;
      else if (input instanceof HTMLInputElement && input.type === 'checkbox') params.set(key, String(input.checked));
      else params.set(key, input.value);
    }
    return params.toString();
  };

  let ready = false;
  let unavailable = false;
  let visibleNow = false;
  let wantsPlay = false;
  /** The step a link asked for, until the engine has got there. */
  let restoring: number | null = null;
  /** Whether reaching `restoring` is quick enough to go on off screen. */
  let restoreOffscreen = false;
  /** A step to seek to once the engine has created the run and timed a step (it decides whether to ask first). */
  let seekWhenCreated: number | null = null;
  /** After a worker restart: go back to the step the figure had without asking (the reader was there), then play on if it played. */
  let resume: { play: boolean } | null = null;
  /** A long seek waiting for the reader's yes. */
  let asking: number | null = null;
  /** The engine's estimate of one training step on this machine, from a timed slice before training. */
  let msPerStep: number | null = null;
  /** Peak memory of the run last created in the worker (runMemory). */
  let createdPeak = 0;
  /** What one metrics measurement took at step 0. */
  let msPerMetrics = 0;
  /** Expected time from the step on screen to `target`, metrics included. */
  const timeTo = (target: number) =>
    expectedMs(store.trainedTo, target, msPerStep ?? 0, msPerMetrics, affordableEvery([current.config], current.steps));
  let isTrain: Uint8Array | undefined;
  let reference: RunTrace | undefined;
  let memorizedAt: number | null = null;
  let grokkedAt: number | null = null;

  const draw = () => {
    const view = store.run(RUN);
    const history = view?.history ?? [];
    const ghost = reference ? accuracySeries(reference) : undefined;
    const phases = reference ? phasesOf(reference) : [];
    const maxStep = current.steps;
    if (unavailable) {
      if (ghost) curves.update({ accuracy: ghost, phases, maxStep });
      return;
    }
    curves.update({ accuracy: curveSeries(history), ...(ghost ? { ghost: { accuracy: ghost } } : {}), phases, maxStep }, { step: store.step });
    const g = view?.withGrid?.grid;
    if (g && isTrain && isTrain.length === current.config.p ** 2) {
      grid.update({ p: current.config.p, isTrain, correct: g.correct, predicted: g.predicted });
    }
    const refSignals = reference
      ? { steps: reference.series.step, ntkChange: reference.series.ntk, distanceFromInit: reference.series.dist, weightNorm: reference.series.l2 }
      : undefined;
    kernel.update({ ...signalSeries(history), ...(refSignals ? { ghost: refSignals } : {}), phases, maxStep }, { step: store.step });

    const { label, pressed: playing, finished } = playButtonState(store.status, store.hold, store.step);
    if (restoring !== null && ((store.step === restoring && !playing) || finished)) {
      restoring = null;
      sendVisible();
    }

    const cur = store.current(RUN);
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    const parts = [fill(s['live.stepCount'], { step: store.step, max: current.steps })];
    if (cur) {
      parts.push(fill(s['live.accuracy'], { split: s['live.train'] ?? '', value: pct(cur.train.accuracy) }));
      parts.push(fill(s['live.accuracy'], { split: s['live.test'] ?? '', value: pct(cur.test.accuracy) }));
      root.dataset.testAccuracy = cur.test.accuracy.toFixed(4);
      root.dataset.measuredStep = String(cur.step);
    }
    // With the worker down, the last snapshot's speed and hold are stale: the notice under the status says why.
    const down = worker.down;
    worker.sync(store.step);
    if (!down && store.status === 'playing' && store.stepsPerSecond > 0) parts.push(fill(s['live.speed'], { n: Math.round(store.stepsPerSecond) }));
    if (!down && store.hold) parts.push(s[`live.hold.${store.hold}`] ?? '');
    if (restoring !== null) parts.push(fill(s['playground.restoring'], { step: restoring }));
    const fault = view?.fault;
    if (fault) parts.push(fill(s[`live.fault.${fault.cause}`], { step: fault.step, share: `${Math.round(100 * fault.zeroLossFraction)}%` }));
    if (view?.invalid) parts.push(fill(s['live.invalid'], { message: view.invalid.map((e) => e.message).join('; ') }));
    status.textContent = parts.filter(Boolean).join(' · ');
    root.dataset.status = store.status;
    root.dataset.step = String(store.step);

    playButton.textContent = s[down ? (store.step > 0 ? 'live.resume' : 'live.play') : label] ?? '';
    playButton.setAttribute('aria-pressed', String(playing && !down));
    playButton.disabled = !ready || down;
    stepButton.disabled = !ready || finished || down;
    resetButton.disabled = !ready || store.step === 0 || down;

    for (const rec of history) {
      if (memorizedAt === null && rec.train.accuracy > 0.99) {
        memorizedAt = rec.step;
        announce.textContent = fill(s['live.memorized'], { step: rec.step, test: pct(rec.test.accuracy) });
      }
      if (grokkedAt === null && rec.test.accuracy > 0.95) {
        grokkedAt = rec.step;
        announce.textContent = fill(s['live.grokked'], { step: rec.step });
      }
    }

    // The link follows the step whenever the run stands still, so copying it shares this moment.
    if (view && restoring === null && seekWhenCreated === null && asking === null && !playing && store.step !== current.step) {
      current = { ...current, step: store.step };
      const stepInput = control('step');
      if (stepInput && document.activeElement !== stepInput) stepInput.value = String(store.step);
      scheduleUrl();
    }
  };
  let frame = 0;
  const requestDraw = () => {
    if (frame === 0) frame = requestAnimationFrame(() => ((frame = 0), draw()));
  };
  store.subscribe(requestDraw);

  const describeBackend = (name: string) => {
    backendText.textContent = backendLine(s, name, location.search);
    root.dataset.backend = name;
  };
  /**
   * Off screen, the engine holds training to spare the reader's machine; but a
   * step asked for by the link (or the step field) is reached even then, since
   * after a reload the browser may put the reader further down the page.
   */
  const sendVisible = () => {
    if (ready) client.send({ type: 'visible', group, visible: visibleNow || (restoring !== null && restoreOffscreen) });
  };

  const showEstimate = (target: number) => {
    if (msPerStep === null) return;
    const step = Math.max(target, 1);
    estimateText.textContent = fill(s['playground.estimate'], {
      perStep: durationText(msPerStep, s),
      total: durationText(timeTo(step), s),
      step,
    });
    root.dataset.msPerStep = String(Math.round(msPerStep));
  };

  const hideConfirm = () => {
    asking = null;
    confirmBox.hidden = true;
    delete root.dataset.confirm;
  };

  /** Trains (or replays) to `target`, after asking when it would take longer than LONG_SEEK_MS. */
  const seekOrAsk = (target: number, confirmed = false) => {
    hideConfirm();
    const ms = timeTo(target);
    showEstimate(target);
    if (ms > LONG_SEEK_MS && !confirmed) {
      restoring = null;
      sendVisible();
      asking = target;
      const total = durationText(ms, s);
      confirmText.textContent = fill(s['playground.confirmLong'], { step: target, total });
      confirmTrain.textContent = fill(s['playground.confirmTrain'], { step: target });
      confirmBox.hidden = false;
      root.dataset.confirm = String(target);
      requestDraw();
      return;
    }
    restoring = target;
    // A long way, even agreed to, is trained only while the reader can see it.
    restoreOffscreen = ms <= LONG_SEEK_MS;
    sendVisible();
    client.send({ type: 'seek', group, step: target });
    requestDraw();
  };

  /** (Re)creates the run for a state; with `seekTo` the engine trains to exactly that step and stops. */
  const start = (state: ShareState, seekTo: number) => {
    current = { ...state, step: seekTo };
    memorizedAt = null;
    grokkedAt = null;
    announce.textContent = '';
    reference = undefined;
    const { p, op, trainFraction, seed } = state.config;
    isTrain = makeDataset(p, op, trainFraction, seed).isTrain;
    referenceNote.hidden = !isPresetRun(state);
    if (isPresetRun(state)) {
      void loadReference(state.preset).then((trace) => {
        if (current.preset !== state.preset || !isPresetRun(current)) return;
        reference = trace?.runs.find((r) => r.key === state.run);
        requestDraw();
      });
    }
    hideConfirm();
    msPerStep = null;
    estimateText.textContent = '';
    if (!ready) return;
    const peak = runMemory(state.config).peak;
    if (createdPeak > RECYCLE_PEAK_BYTES && peak < createdPeak / 2 && client.onlyGroup(group)) client.recycle();
    createdPeak = peak;
    restoring = null;
    seekWhenCreated = seekTo > 0 ? seekTo : null;
    client.send({ type: 'create', group, preset: state.preset, runs: [{ key: RUN, config: state.config }], maxSteps: state.steps });
    sendVisible();
    if (seekTo === 0 && wantsPlay) client.send({ type: 'play', group });
    requestDraw();
  };

  const apply = (state: ShareState, issues: readonly Issue[]) => {
    showIssues(issues);
    fillForm(state);
    if (!sameRun(state, current)) {
      announce.textContent = s['playground.changed'] ?? '';
      start(state, 0);
    }
    writeUrl(current);
  };

  let applyTimer: ReturnType<typeof setTimeout> | undefined;
  const applyForm = () => {
    clearTimeout(applyTimer);
    const { state, issues } = parseState(readForm());
    apply({ ...state, step: 0, backend: current.backend }, issues);
  };

  const onChange = (event: Event) => {
    const target = event.target as Control;
    const key = target.name;
    if (key === 'preset' && isPresetId(target.value)) {
      apply(defaultState(target.value as PresetId, undefined, current.backend), []);
    } else if (key === 'run') {
      apply(defaultState(current.preset, target.value, current.backend), []);
    } else if (key === 'backend') {
      // The worker picks its backend once, from the URL, so a new one needs a fresh page.
      writeUrl({ ...current, backend: parseState(`backend=${encodeURIComponent(target.value)}`).state.backend });
      location.reload();
    } else if (key === 'step') {
      const { state, issues } = parseState(`${serializeState({ ...current, step: 0 })}&step=${encodeURIComponent(target.value)}`);
      showIssues(issues);
      target.value = String(state.step);
      if (!ready) return;
      wantsPlay = false;
      seekOrAsk(state.step);
    } else {
      if (target === alphaOn) {
        const alpha = control('alpha')!;
        alpha.disabled = !alphaOn.checked;
        // α = 1 keeps the output's scale: the centred model at its plainest.
        if (alphaOn.checked && alpha.value === '') alpha.value = '1';
      }
      clearTimeout(applyTimer);
      applyTimer = setTimeout(applyForm, APPLY_DELAY_MS);
    }
  };
  const onSubmit = (event: Event) => {
    event.preventDefault();
    applyForm();
  };
  form.addEventListener('change', onChange);
  form.addEventListener('submit', onSubmit);

  /** The reader took over: whatever the link asked for is settled. */
  const stopRestoring = () => {
    restoring = null;
    seekWhenCreated = null;
    hideConfirm();
    sendVisible();
  };
  confirmTrain.addEventListener('click', () => {
    if (asking !== null) seekOrAsk(asking, true);
  });
  confirmCancel.addEventListener('click', () => {
    hideConfirm();
    requestDraw();
  });
  playButton.addEventListener('click', () => {
    stopRestoring();
    if (store.status === 'done' || store.status === 'faulted') {
      memorizedAt = null;
      grokkedAt = null;
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
    stopRestoring();
    wantsPlay = false;
    client.send({ type: 'step', group, n: options.stepSize });
  });
  resetButton.addEventListener('click', () => {
    stopRestoring();
    memorizedAt = null;
    grokkedAt = null;
    announce.textContent = '';
    client.send({ type: 'reset', group });
    if (wantsPlay) client.send({ type: 'play', group });
  });
  copyButton.addEventListener('click', () => {
    writeUrl(current);
    const copied = () => (announce.textContent = s['playground.copied'] ?? '');
    const failed = () => {
      linkInput.focus();
      linkInput.select();
      announce.textContent = s['playground.copyFailed'] ?? '';
    };
    if (navigator.clipboard) navigator.clipboard.writeText(linkInput.value).then(copied, failed);
    else failed();
  });

  fillForm(current);
  writeUrl(current);
  start(current, current.step);
  status.textContent = s['live.loading'] ?? '';
  const client = EngineClient.shared();
  const worker = watchWorker({
    root,
    anchor: status,
    strings: s,
    client,
    step: () => store.step,
    onChange: requestDraw,
    onRestarted: (info, step) => {
      describeBackend(info.backend.name);
      // Deterministic training brings the new worker to the same step; then it goes on if it was playing.
      resume = { play: wantsPlay };
      start(current, step);
    },
  });
  const unsubscribe = client.subscribe(group, (reply) => {
    store.apply(reply);
    if (reply.type !== 'created') return;
    msPerStep = reply.msPerStep;
    msPerMetrics = reply.msPerMetrics;
    const target = seekWhenCreated;
    const resumed = resume;
    seekWhenCreated = null;
    resume = null;
    if (target !== null) seekOrAsk(target, resumed !== null);
    else showEstimate(current.steps);
    // The engine takes the play after the seek: it trains through the step it had and on.
    if (resumed?.play) {
      restoring = null;
      sendVisible();
      client.send({ type: 'play', group });
    }
  });
  const unsubscribeEngine = client.onEngine((reply) => {
    if (reply.type === 'backend-changed') {
      describeBackend(reply.backend.name);
      backendText.textContent = fill(s['live.backendLost'], { from: reply.from, name: reply.backend.name, step: reply.resumedAt[group] ?? 0 });
    }
  });

  client.ready.then(
    (info) => {
      ready = true;
      describeBackend(info.backend.name);
      start(current, current.step);
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
      sendVisible();
    },
    destroy() {
      form.removeEventListener('change', onChange);
      form.removeEventListener('submit', onSubmit);
      clearTimeout(applyTimer);
      clearTimeout(urlTimer);
      unsubscribe();
      unsubscribeEngine();
      worker.destroy();
      client.send({ type: 'dispose', group });
      curves.destroy();
      grid.destroy();
      kernel.destroy();
      runExport.destroy();
      cancelAnimationFrame(frame);
    },
  };
}

/**
 * The kernel lab: the separation curve (precomputed, several seeds) and one
 * point the reader picks, computed live in the worker: kernel regression with
 * the expected or the initial eNTK at the chosen training fraction, with the
 * rank of the right answer among the kernel's scores as the "why".
 */
import { fill } from '../charts/labels.ts';
import { createRankHistogram } from '../charts/rankHistogram.ts';
import { createSeparationCurve, type SeparationSeries, type SeparationStyle } from '../charts/separationCurve.ts';
import type { MethodId, SeparationData, SeparationSet } from '../model/separation.ts';
import { EngineClient } from '../worker/client.ts';
import type { FigureHandle } from './lifecycle.ts';

export interface KernelLabOptions {
  root: HTMLElement;
  lang: 'ja' | 'en';
  strings: Record<string, string>;
  p: number;
}


/** How each precomputed method is drawn: the chart has one style per kind of learner. */
const SERIES: readonly { id: MethodId; style: SeparationStyle }[] = [
  { id: 'richL2', style: 'rich' },
  { id: 'lazy', style: 'kernel' },
  { id: 'expected', style: 'limit' },
];

let labCounter = 0;

export function mountKernelLab(options: KernelLabOptions): FigureHandle {
  const { root, lang, strings: s } = options;
  const q = <T extends Element>(sel: string) => root.querySelector<T>(sel)!;
  const curve = createSeparationCurve(q<HTMLElement>('[data-lab-curve]'), { lang, labels: { yourRun: s['lab.yourPoint'] ?? '' } });
  const ranks = createRankHistogram(q<HTMLElement>('[data-lab-ranks]'), { lang });
  const slider = q<HTMLInputElement>('[data-lab-fraction]');
  const output = q<HTMLOutputElement>('[data-lab-fraction-out]');
  const result = q<HTMLElement>('[data-lab-result]');
  const symmetry = q<HTMLTableElement>('[data-lab-symmetry]');
  const methodInputs = [...root.querySelectorAll<HTMLInputElement>('input[name^="lab-method"]')];
  let set: SeparationSet | undefined;
  let fractions: readonly number[] = [];
  let pending = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  const id = `lab-${++labCounter}`;

  const fraction = () => Number(slider.value);
  const method = () => (methodInputs.find((i) => i.checked)?.value === 'entk0' ? 'entk0' : 'expected');

  const drawCurve = () => {
    if (!set) return;
    const series: SeparationSeries[] = SERIES.flatMap(({ id: mid, style }) => {
      const m = set!.methods.find((x) => x.id === mid);
      return m ? [{ id: mid, style, label: s[`lab.method.${mid}`] ?? mid, fractions, accuracy: m.test.mean, spread: m.test.sd }] : [];
    });
    curve.update({ p: set.p, series, chance: set.chance }, { fraction: fraction(), highlight: null });
    drawSymmetry();
  };

  /**
   * The symmetry argument in numbers, at the chosen fraction: the same kernel on
   * true addition and on a table whose numbers were renamed at random. The
   * initial kernel cannot tell them apart; the kernel of the trained network can.
   */
  const drawSymmetry = () => {
    if (!set) return;
    const i = fractions.findIndex((f) => Math.abs(f - fraction()) < 1e-9);
    const pct = (v: number | undefined) => (v === undefined || !Number.isFinite(v) ? '–' : `${(100 * v).toFixed(1)}%`);
    const rows = (['entk0', 'entkRich'] as const).map((k) => {
      const c = set!.scrambled[k];
      return [s[`lab.sym.${k}`] ?? k, pct(c.addition.mean[i]), pct(c.scrambled.mean[i])];
    });
    const doc = symmetry.ownerDocument;
    const caption = doc.createElement('caption');
    caption.textContent = fill(s['lab.sym.caption'], { fraction: `${Math.round(fraction() * 100)}%` });
    const head = doc.createElement('thead');
    const hr = doc.createElement('tr');
    for (const text of [s['lab.kernel'] ?? '', s['lab.sym.addition'] ?? '', s['lab.sym.scrambled'] ?? '']) {
      const th = doc.createElement('th');
      th.scope = 'col';
      th.textContent = text;
      hr.append(th);
    }
    head.append(hr);
    const body = doc.createElement('tbody');
    for (const [name, a, b] of rows) {
      const tr = doc.createElement('tr');
      const th = doc.createElement('th');
      th.scope = 'row';
      th.textContent = name ?? '';
      const td1 = doc.createElement('td');
      td1.textContent = a ?? '';
      const td2 = doc.createElement('td');
      td2.textContent = b ?? '';
      tr.append(th, td1, td2);
      body.append(tr);
    }
    symmetry.replaceChildren(caption, head, body);
  };

  const compute = () => {
    const client = EngineClient.shared();
    const ticket = ++pending;
    result.textContent = s['lab.computing'] ?? '';
    root.dataset.state = 'computing';
    client.ready.then(
      () =>
        client.send({ type: 'kernel', id: `${id}-${ticket}`, method: method(), p: options.p, width: set?.width ?? 128, fraction: fraction(), seed: 0 }),
      (error: Error) => {
        result.textContent = fill(s['live.unavailable'], { reason: error.message });
        root.dataset.state = 'unavailable';
      },
    );
  };
  const unsubscribe = EngineClient.shared().onEngine((reply) => {
    if (reply.type !== 'kernel-result' || reply.id !== `${id}-${pending}`) return;
    const pct = (v: number) => `${(100 * v).toFixed(1)}%`;
    result.textContent = fill(s['lab.result'], {
      fraction: pct(fraction()),
      n: reply.nTrain,
      test: pct(reply.point.test),
      train: pct(reply.point.train),
      chance: pct(1 / options.p),
      bottom: pct(reply.point.bottom),
      seconds: (reply.ms / 1000).toFixed(2),
    });
    root.dataset.state = 'done';
    root.dataset.testAccuracy = String(reply.point.test);
    root.dataset.fraction = String(fraction());
    ranks.update({ counts: reply.rankCounts });
  });

  const onInput = () => {
    output.value = `${Math.round(fraction() * 100)}%`;
    drawCurve();
    clearTimeout(timer);
    timer = setTimeout(compute, 250);
  };
  slider.addEventListener('input', onInput);
  for (const input of methodInputs) input.addEventListener('change', onInput);

  void fetch('/data/kernel/separation.json')
    .then((res) => (res.ok ? (res.json() as Promise<SeparationData>) : null))
    .then((data) => {
      set = data?.sets.find((x) => x.p === options.p) ?? data?.sets[0];
      fractions = data?.fractions ?? [];
      drawCurve();
    })
    .catch(() => undefined);
  onInput();

  return {
    setVisible: () => undefined,
    destroy() {
      clearTimeout(timer);
      unsubscribe();
      curve.destroy();
      ranks.destroy();
    },
  };
}

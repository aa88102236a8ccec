/**
 * Build-time access to the reference trajectories (public/data/presets/*.json,
 * written by `npm run precompute`) and the words that describe them, for
 * pictures made without a browser: no-JavaScript figures and link previews.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { t, type Lang, type UiKey } from '../i18n/index.ts';
import type { PresetId } from '../model/presets.ts';
import type { PresetTrace, RunTrace } from '../model/traceFormat.ts';
import { phasesOf } from '../state/reference.ts';
import { accuracySvg, type AccuracySvgOptions } from './accuracySvg.ts';

const cache = new Map<PresetId, PresetTrace>();

export function readTrace(id: PresetId): PresetTrace {
  let trace = cache.get(id);
  if (!trace) {
    // Astro runs the build from the project root.
    trace = JSON.parse(readFileSync(join(process.cwd(), 'public', 'data', 'presets', `${id}.json`), 'utf8')) as PresetTrace;
    cache.set(id, trace);
  }
  return trace;
}

const OPS = { add: '+', sub: '−', mul: '×' } as const;

function runLabel(lang: Lang, id: PresetId, run: RunTrace, several: boolean): string {
  return several ? t(lang, `run.${id}.${run.key}` as UiKey) : '';
}

/** One sentence per run: when it memorized and grokked, or where it ended. */
export function describeTrace(lang: Lang, trace: PresetTrace): string {
  const several = trace.runs.length > 1;
  return trace.runs
    .map((run) => {
      const { memorize, grok } = run.milestones;
      const final = `${(100 * (run.series.testAcc.at(-1) ?? 0)).toFixed(1)}%`;
      const text =
        memorize !== null && grok !== null
          ? t(lang, 'static.grokked', { memorize, grok })
          : t(lang, 'static.notGrokked', { final, steps: trace.steps });
      return several ? t(lang, 'static.named', { run: runLabel(lang, trace.preset, run, true), text }) : text;
    })
    .join(' ');
}

/** Alternative text for the picture: its setting, then what happened. */
export function referenceAlt(lang: Lang, id: PresetId): string {
  const trace = readTrace(id);
  const { p, trainFraction, seed, op } = trace.runs[0]!.config;
  return `${t(lang, 'static.title', { op: OPS[op], p, percent: `${Math.round(trainFraction * 100)}%`, seed })}. ${describeTrace(lang, trace)}`;
}

export function referenceSvg(lang: Lang, id: PresetId): string {
  const trace = readTrace(id);
  const first = trace.runs[0]!;
  const { p, trainFraction, seed, op } = first.config;
  const several = trace.runs.length > 1;
  const options: AccuracySvgOptions = {
    lang,
    maxStep: trace.steps,
    runs: trace.runs.map((run) => ({
      label: runLabel(lang, id, run, several),
      steps: run.series.step,
      train: run.series.trainAcc,
      test: run.series.testAcc,
    })),
    phases: several ? [] : phasesOf(first),
    title: t(lang, 'static.title', { op: OPS[op], p, percent: `${Math.round(trainFraction * 100)}%`, seed }),
    description: describeTrace(lang, trace),
    labels: { step: t(lang, 'static.step'), train: t(lang, 'static.train'), test: t(lang, 'static.test') },
    ...(several ? { panelWidth: 360 } : {}),
  };
  return accuracySvg(options);
}

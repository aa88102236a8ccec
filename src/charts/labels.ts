/**
 * Default strings for every chart in both languages. The article's own UI
 * strings live in the i18n JSON files; a caller passes any of these keys in
 * `options.labels` to override them, and the rest fall back to what is here.
 * Templates use `{name}` placeholders, as src/i18n does.
 */
export type Lang = 'ja' | 'en';


export type PhaseId = 'memorization' | 'circuit' | 'cleanup';

export interface TrainingCurvesLabels {
  showTable: string;
  title: string;
  step: string;
  train: string;
  test: string;
  ghost: string;
  accuracy: string;
  loss: string;
  phases: Record<PhaseId, string>;
  /** Used when a band is too narrow for the full name. */
  phasesShort: Record<PhaseId, string>;
  description: string;
  phaseSentence: string;
  ghostSentence: string;
  empty: string;
  tableCaption: string;
}

export interface PredictionGridLabels {
  showTable: string;
  title: string;
  train: string;
  test: string;
  trainRight: string;
  trainWrong: string;
  testRight: string;
  testWrong: string;
  split: string;
  pairs: string;
  correct: string;
  accuracy: string;
  all: string;
  predicted: string;
  answer: string;
  description: string;
  empty: string;
  tableCaption: string;
}

export interface SpectrumLabels {
  showTable: string;
  title: string;
  step: string;
  frequency: string;
  share: string;
  key: string;
  keysLegend: string;
  ipr: string;
  iprHint: string;
  low: string;
  high: string;
  description: string;
  keysSentence: string;
  empty: string;
  tableCaption: string;
}

export interface KernelSignalLabels {
  showTable: string;
  title: string;
  step: string;
  live: string;
  ghost: string;
  ntkChange: string;
  ntkChangeFormula: string;
  distanceFromInit: string;
  distanceFromInitFormula: string;
  weightNorm: string;
  weightNormFormula: string;
  phases: Record<PhaseId, string>;
  phasesShort: Record<PhaseId, string>;
  description: string;
  empty: string;
  tableCaption: string;
}

export interface ClockLabels {
  showTable: string;
  title: string;
  handA: string;
  handB: string;
  equation: string;
  description: string;
  tableCaption: string;
  quantity: string;
  value: string;
}

export interface AdditionTableLabels {
  showTable: string;
  title: string;
  corner: string;
  hidden: string;
  description: string;
  splitSentence: string;
  highlightSentence: string;
  tableCaption: string;
}

export type SeparationStyle = 'rich' | 'kernel' | 'limit';

export interface SeparationCurveLabels {
  showTable: string;
  title: string;
  fraction: string;
  accuracy: string;
  chance: string;
  yourRun: string;
  styles: Record<SeparationStyle, string>;
  description: string;
  reaches: string;
  never: string;
  tableCaption: string;
}

export interface LogitConstructionLabels {
  showTable: string;
  title: string;
  candidate: string;
  wave: string;
  sum: string;
  model: string;
  answer: string;
  identityTitle: string;
  identityWhere: string;
  squaresTitle: string;
  description: string;
  modelSentence: string;
  tableCaption: string;
}

/** Each chart's strings in both languages; a chart imports only its own, so the others are not bundled with it. */
export type Defaults<L> = Readonly<Record<Lang, L>>;

const PHASES_EN = { memorization: 'Memorization', circuit: 'Circuit formation', cleanup: 'Cleanup' };
const PHASES_SHORT_EN = { memorization: 'Memorize', circuit: 'Circuit', cleanup: 'Cleanup' };
const PHASES_JA = { memorization: '暗記', circuit: '回路形成', cleanup: '整理' };
const PHASES_SHORT_JA = { memorization: '暗記', circuit: '回路', cleanup: '整理' };

export const TRAINING_CURVES_LABELS: Defaults<TrainingCurvesLabels> = {
  en: {
      showTable: 'Show as table',
      step: 'Step',
      train: 'Train',
      test: 'Test',
      ghost: 'Reference run',
      title: 'Training curves: train and test over training steps',
      accuracy: 'Accuracy',
      loss: 'Loss',
      phases: PHASES_EN,
      phasesShort: PHASES_SHORT_EN,
      description: 'Train and test {metric} over {last} steps. At step {step}: train {train}, test {test}.',
      phaseSentence: ' Phase: {phase}.',
      ghostSentence: ' A reference run is drawn faintly underneath.',
      empty: 'No training data yet.',
      tableCaption: 'Train and test {metric} by step',
  },
  ja: {
      showTable: '表で見る',
      step: 'ステップ',
      train: '訓練',
      test: 'テスト',
      ghost: '参照の学習',
      title: '学習曲線：訓練とテストのステップごとの推移',
      accuracy: '正解率',
      loss: '損失',
      phases: PHASES_JA,
      phasesShort: PHASES_SHORT_JA,
      description: '{last} ステップまでの訓練とテストの{metric}。ステップ {step} の時点で訓練 {train}、テスト {test}。',
      phaseSentence: '段階：{phase}。',
      ghostSentence: '参照の学習を下に薄く重ねています。',
      empty: 'まだ学習のデータがありません。',
      tableCaption: 'ステップごとの訓練とテストの{metric}',
  },
};

export const PREDICTION_GRID_LABELS: Defaults<PredictionGridLabels> = {
  en: {
      showTable: 'Show as table',
      train: 'Train',
      test: 'Test',
      title: 'Predictions for every pair (a, b)',
      trainRight: 'Train, right',
      trainWrong: 'Train, wrong',
      testRight: 'Test, right',
      testWrong: 'Test, wrong',
      split: 'Split',
      pairs: 'Pairs',
      correct: 'Right',
      accuracy: 'Accuracy',
      all: 'All',
      predicted: 'predicted',
      answer: 'answer',
      description:
        'A {p} × {p} grid with a row for each a and a column for each b. Train: {trainRight} of {trainTotal} pairs right. Test: {testRight} of {testTotal} pairs right.',
      empty: 'No predictions yet.',
      tableCaption: 'Right answers by split',
  },
  ja: {
      showTable: '表で見る',
      train: '訓練',
      test: 'テスト',
      title: 'すべての組 (a, b) に対する予測',
      trainRight: '訓練・正解',
      trainWrong: '訓練・不正解',
      testRight: 'テスト・正解',
      testWrong: 'テスト・不正解',
      split: '区分',
      pairs: '組の数',
      correct: '正解数',
      accuracy: '正解率',
      all: '全体',
      predicted: '予測',
      answer: '答え',
      description:
        '行が a、列が b の {p} × {p} のマス目。訓練は {trainTotal} 組のうち {trainRight} 組、テストは {testTotal} 組のうち {testRight} 組が正解。',
      empty: 'まだ予測がありません。',
      tableCaption: '区分ごとの正解数',
  },
};

export const SPECTRUM_LABELS: Defaults<SpectrumLabels> = {
  en: {
      showTable: 'Show as table',
      step: 'Step',
      title: 'Fourier spectrum: power per frequency over training',
      frequency: 'Frequency k',
      share: 'Share of power',
      key: 'Key frequency',
      keysLegend: 'Key frequencies: {keys}',
      ipr: 'IPR',
      iprHint: '1 means all power in one frequency',
      low: 'less power',
      high: 'more power',
      description:
        'Power per frequency at {n} points up to step {last}. At step {step} the strongest frequencies are {top}.{keys} IPR {ipr}.',
      keysSentence: ' Key frequencies: {keys}.',
      empty: 'No spectrum yet.',
      tableCaption: 'Power by frequency at step {step}',
  },
  ja: {
      showTable: '表で見る',
      step: 'ステップ',
      title: 'フーリエスペクトル：学習中の周波数ごとのパワー',
      frequency: '周波数 k',
      share: 'パワーの割合',
      key: '主要な周波数',
      keysLegend: '主要な周波数：{keys}',
      ipr: 'IPR',
      iprHint: '1 なら全パワーが 1 つの周波数に集中',
      low: '小',
      high: '大',
      description:
        'ステップ {last} までの {n} 時点における周波数ごとのパワー。ステップ {step} でパワーが大きいのは周波数 {top}。{keys}IPR は {ipr}。',
      keysSentence: '主要な周波数は {keys}。',
      empty: 'まだスペクトルがありません。',
      tableCaption: 'ステップ {step} の周波数ごとのパワー',
  },
};

export const KERNEL_SIGNAL_LABELS: Defaults<KernelSignalLabels> = {
  en: {
      showTable: 'Show as table',
      step: 'Step',
      live: 'This run',
      ghost: 'Reference run',
      title: 'How far the network moves from where it started',
      ntkChange: 'eNTK change',
      ntkChangeFormula: '‖Kₜ − K₀‖ / ‖K₀‖',
      distanceFromInit: 'Distance from initialization',
      distanceFromInitFormula: '‖θ − θ₀‖ / ‖θ₀‖',
      weightNorm: 'Weight norm',
      weightNormFormula: '‖θ‖',
      phases: PHASES_EN,
      phasesShort: PHASES_SHORT_EN,
      description: 'At step {step}: {values}.',
      empty: 'No training data yet.',
      tableCaption: 'Kernel and weight signals by step',
  },
  ja: {
      showTable: '表で見る',
      step: 'ステップ',
      live: '今回の学習',
      ghost: '参照の学習',
      title: 'ネットワークが初期状態からどれだけ動いたか',
      ntkChange: 'eNTK の変化',
      ntkChangeFormula: '‖Kₜ − K₀‖ / ‖K₀‖',
      distanceFromInit: '初期値からの距離',
      distanceFromInitFormula: '‖θ − θ₀‖ / ‖θ₀‖',
      weightNorm: '重みのノルム',
      weightNormFormula: '‖θ‖',
      phases: PHASES_JA,
      phasesShort: PHASES_SHORT_JA,
      description: 'ステップ {step} の値：{values}。',
      empty: 'まだ学習のデータがありません。',
      tableCaption: 'ステップごとのカーネルと重みの指標',
  },
};

export const CLOCK_LABELS: Defaults<ClockLabels> = {
  en: {
      showTable: 'Show as table',
      title: 'Modular addition on a clock with {p} positions',
      handA: 'Hand a',
      handB: 'Hand b',
      equation: '{a} + {b} = {sum}, and {sum} mod {p} = {c}',
      description: 'Hand a points at {a}. Turning on by b = {b} more positions brings the sum hand to {c}.',
      tableCaption: 'Modular addition with p = {p}',
      quantity: 'Quantity',
      value: 'Value',
  },
  ja: {
      showTable: '表で見る',
      title: '目盛りが {p} 個の時計で考えるモジュラー加算',
      handA: '針 a',
      handB: '針 b',
      equation: '{a} + {b} = {sum}、{p} で割った余りは {c}',
      description: '針 a は {a} を指し、そこから b = {b} 目盛り進めると、和の針は {c} に止まります。',
      tableCaption: 'p = {p} のモジュラー加算',
      quantity: '項目',
      value: '値',
  },
};

export const ADDITION_TABLE_LABELS: Defaults<AdditionTableLabels> = {
  en: {
      showTable: 'Show as table',
      title: 'Addition table modulo {p}',
      corner: 'a \\ b',
      hidden: 'hidden',
      description: 'Row a, column b; each cell holds (a + b) mod {p}.',
      splitSentence: ' Only the {train} training cells are shown; the other {test} of the {total} cells are hidden.',
      highlightSentence: ' Highlighted: a = {a}, b = {b}, cell {c}.',
      tableCaption: 'Addition table modulo {p}',
  },
  ja: {
      showTable: '表で見る',
      title: '{p} を法とする足し算の表',
      corner: 'a \\ b',
      hidden: '隠したマス',
      description: '行が a、列が b で、各マスには (a + b) を {p} で割った余りが入ります。',
      splitSentence: '全 {total} マスのうち訓練に使う {train} マスだけを見せ、残りの {test} マスは隠しています。',
      highlightSentence: '強調したマスは a = {a}、b = {b} で、値は {c}。',
      tableCaption: '{p} を法とする足し算の表',
  },
};

export type LabelOverrides<L> = { [K in keyof L]?: L[K] extends string ? string : Partial<L[K]> };

/** The defaults for `lang` with the caller's overrides laid over them (one level deep for nested maps). */
export function resolveLabels<L extends object>(defaults: Defaults<L>, lang: Lang, overrides: LabelOverrides<L> = {}): L {
  const out: Record<string, unknown> = { ...(defaults[lang] as Record<string, unknown>) };
  for (const [key, value] of Object.entries(overrides)) {
    if (value === undefined) continue;
    const current = out[key];
    out[key] = typeof value === 'object' && typeof current === 'object' ? { ...current, ...value } : value;
  }
  return out as L;
}

/** Fills `{name}` placeholders; unknown names stay visible so a missing value is noticed. */
export function fill(template: string | undefined, values: Readonly<Record<string, string | number>>): string {
  return (template ?? '').replace(/\{(\w+)\}/g, (whole, name: string) => (name in values ? String(values[name]) : whole));
}

export interface Formats {
  /** Whole numbers with grouping: 12,000. */
  integer(value: number): string;
  /** Axis ticks for steps: 12K in English, 1.2万 in Japanese. */
  compact(value: number): string;
  percent(value: number): string;
  /** Three significant digits, for losses, norms and ratios. */
  number(value: number): string;
}

const formatCache = new Map<Lang, Formats>();

export function formats(lang: Lang): Formats {
  const cached = formatCache.get(lang);
  if (cached) return cached;
  const integer = new Intl.NumberFormat(lang, { maximumFractionDigits: 0 });
  const compact = new Intl.NumberFormat(lang, { notation: 'compact', maximumFractionDigits: 1 });
  const percent = new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 1 });
  const number = new Intl.NumberFormat(lang, { maximumSignificantDigits: 3 });
  const dash = '–';
  const guard = (f: Intl.NumberFormat) => (value: number) => (Number.isFinite(value) ? f.format(value) : dash);
  const made: Formats = {
    integer: guard(integer),
    compact: guard(compact),
    percent: guard(percent),
    number: guard(number),
  };
  formatCache.set(lang, made);
  return made;
}

/** Joins a list the way each language does: "3, 5 and 7" / "3、5、7". */
export function list(lang: Lang, items: readonly string[]): string {
  return new Intl.ListFormat(lang, { style: 'long', type: 'conjunction' }).format(items);
}

/** A label as it reads mid-sentence: "Weight norm" → "weight norm", but "eNTK change" and Japanese untouched. */
export function inSentence(text: string): string {
  const [first = '', second = ''] = text;
  return first !== first.toLowerCase() && second === second.toLowerCase() && second !== second.toUpperCase()
    ? first.toLowerCase() + text.slice(1)
    : text;
}

export const SEPARATION_CURVE_LABELS: Defaults<SeparationCurveLabels> = {
  en: {
    showTable: 'Show as table',
    title: 'Test accuracy against the share of pairs used for training',
    fraction: 'Training fraction',
    accuracy: 'Test accuracy',
    chance: 'chance',
    yourRun: 'your run',
    styles: {
      rich: 'Network (learns features)',
      kernel: 'eNTK at initialization (kernel)',
      limit: 'Infinite-width kernel K∞',
    },
    description: 'Test accuracy against the training fraction for p = {p}; chance is {chance}. {summaries}',
    reaches: '{label}: above 90% from a training fraction of {fraction}.',
    never: '{label}: never above {max}.',
    tableCaption: 'Test accuracy by training fraction, p = {p}',
  },
  ja: {
    showTable: '表で見る',
    title: '訓練に使う組の割合とテスト正解率',
    fraction: '訓練データの割合',
    accuracy: 'テスト正解率',
    chance: '当てずっぽう',
    yourRun: 'あなたの学習',
    styles: {
      rich: 'ネットワーク（特徴を学習）',
      kernel: '初期化時の eNTK（カーネル）',
      limit: '無限幅のカーネル K∞',
    },
    description: 'p = {p} で、訓練データの割合ごとのテスト正解率。当てずっぽうなら {chance}。{summaries}',
    reaches: '{label}は訓練データの割合が {fraction} 以上で 90% を超える。',
    never: '{label}は最高でも {max}。',
    tableCaption: 'p = {p} での訓練データの割合ごとのテスト正解率',
  },
};

export const LOGIT_CONSTRUCTION_LABELS: Defaults<LogitConstructionLabels> = {
  en: {
    showTable: 'Show as table',
    title: 'Building the answer from waves',
    candidate: 'Candidate answer c',
    wave: 'k = {k}',
    sum: 'Sum of the waves',
    model: "Network's logits",
    answer: 'answer',
    identityTitle: 'Why each wave peaks at c = a + b',
    identityWhere: 'with ω = 2π·{k}/{p}, x = cos ωa and y = cos ωb',
    squaresTitle: 'A squaring neuron multiplies',
    description:
      'For a = {a} and b = {b} (p = {p}), the waves cos ω(a + b − c) for frequencies {ks} all peak at c = {c}. Their sum is {peak} there and at most {rest} at any other c, so the answer is {c}.',
    modelSentence: " The network's own logits are highest at c = {top}.",
    tableCaption: 'Each wave and their sum for every candidate c (a = {a}, b = {b}, p = {p})',
  },
  ja: {
    showTable: '表で見る',
    title: '波を重ねて答えを組み立てる',
    candidate: '答えの候補 c',
    wave: 'k = {k}',
    sum: '波の和',
    model: 'ネットワークのロジット',
    answer: '答え',
    identityTitle: 'どの波も c = a + b で山になる理由',
    identityWhere: 'ω = 2π·{k}/{p}、x = cos ωa、y = cos ωb とおく',
    squaresTitle: '2 乗するニューロンは掛け算ができる',
    description:
      'p = {p}、a = {a}、b = {b} のとき、周波数 {ks} の波 cos ω(a + b − c) はどれも c = {c} で山になります。和はそこで {peak}、ほかの c では最大でも {rest} なので、答えは {c} です。',
    modelSentence: 'ネットワーク自身のロジットは c = {top} で最大です。',
    tableCaption: 'p = {p}、a = {a}、b = {b} での候補 c ごとの波とその和',
  },
};

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
  /** The named key frequencies and how many more there are. */
  keysMore: string;
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

export interface NeuronWavesLabels {
  showTable: string;
  title: string;
  weights: string;
  fit: string;
  neuronTitle: string;
  neuronColumn: string;
  positionNote: string;
  circleTitle: string;
  circularity: string;
  shapes: Record<'ring' | 'rough' | 'cloud', string>;
  description: string;
  empty: string;
  tableCaption: string;
  a: string;
  xColumn: string;
  yColumn: string;
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
      keysMore: '{keys} and {n} more',
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
      keysMore: '{keys} ほか {n} 個',
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

export type MonitorPanelId = 'loss' | 'fit' | 'norm' | 'motion' | 'structure' | 'gap';
export type MonitorVerdictId = 'early' | 'keep' | 'intervene' | 'collapse';
export type MonitorSeriesLabel =
  | 'trainLoss'
  | 'trainAccuracy'
  | 'zeroLoss'
  | 'weightNorm'
  | 'ntkChange'
  | 'distanceFromInit'
  | 'tunedFraction'
  | 'ipr'
  | 'train'
  | 'test';

export interface MonitorDashboardLabels {
  showTable: string;
  title: string;
  step: string;
  live: string;
  ghost: string;
  /** Name of the strip that shows the reading over time. */
  reading: string;
  verdicts: Record<MonitorVerdictId, string>;
  panels: Record<MonitorPanelId, string>;
  /** The second header line of a panel with a single line. */
  hints: Partial<Record<MonitorPanelId, string>>;
  series: Record<MonitorSeriesLabel, string>;
  description: string;
  readingSentence: string;
  empty: string;
  tableCaption: string;
}

export const MONITOR_DASHBOARD_LABELS: Defaults<MonitorDashboardLabels> = {
  en: {
    showTable: 'Show as table',
    title: 'Monitoring dashboard: what a run shows without a test set',
    step: 'Step',
    live: 'This run',
    ghost: 'Reference run',
    reading: 'Reading',
    verdicts: { early: 'Too early', keep: 'Keep training', intervene: 'Intervene', collapse: 'Collapse' },
    panels: {
      loss: 'Training loss',
      fit: 'Training set',
      norm: 'Weight norm',
      motion: 'Are the features moving?',
      structure: 'Is a structured circuit forming?',
      gap: 'Train–test gap (held-out set)',
    },
    hints: { loss: 'log scale', norm: '‖θ‖, all weights' },
    series: {
      trainLoss: 'loss',
      trainAccuracy: 'accuracy',
      zeroLoss: 'loss exactly 0',
      weightNorm: 'norm',
      ntkChange: 'eNTK change',
      distanceFromInit: 'distance from init',
      tunedFraction: 'tuned neurons',
      ipr: 'IPR',
      train: 'train',
      test: 'test',
    },
    description: 'At step {step}: {values}.',
    readingSentence: ' Reading: {verdict}.',
    empty: 'No training data yet.',
    tableCaption: 'Monitoring signals by step',
  },
  ja: {
    showTable: '表で見る',
    title: 'モニタリング・ダッシュボード：テストデータなしで読み取れる指標',
    step: 'ステップ',
    live: '今回の学習',
    ghost: '参照の学習',
    reading: '診断',
    verdicts: { early: '様子見', keep: '続行', intervene: '介入', collapse: '崩壊' },
    panels: {
      loss: '訓練損失',
      fit: '訓練データ',
      norm: '重みのノルム',
      motion: '特徴は動いているか',
      structure: '構造のある回路ができつつあるか',
      gap: '訓練とテストの差（検証用データ）',
    },
    hints: { loss: '対数目盛', norm: '‖θ‖（全重み）' },
    series: {
      trainLoss: '損失',
      trainAccuracy: '正解率',
      zeroLoss: '損失がちょうど 0',
      weightNorm: 'ノルム',
      ntkChange: 'eNTK の変化',
      distanceFromInit: '初期値からの距離',
      tunedFraction: '同調ニューロン',
      ipr: 'IPR',
      train: '訓練',
      test: 'テスト',
    },
    description: 'ステップ {step} の値：{values}。',
    readingSentence: '診断：{verdict}。',
    empty: 'まだ学習のデータがありません。',
    tableCaption: 'ステップごとのモニタリング指標',
  },
};

/** Research themes of the timeline (figure 11): one lane and one marker shape each. */
export type TimelineTheme = 'phenomenon' | 'mechanism' | 'theory' | 'speed-up' | 'scale';
/** The timeline's lanes: the themes, then the papers listed on the trend page that this site has not reviewed. */
export type TimelineLane = TimelineTheme | 'unreviewed';

export interface TimelineLabels {
  showTable: string;
  title: string;
  /** Name of the group of paper buttons. */
  papers: string;
  /** Lane names; `unreviewed` also marks those papers in the card, the table and the list. */
  themes: Record<TimelineLane, string>;
  /** A paper button's accessible name. */
  button: string;
  /** The same for a paper that has not been reviewed (no authors known). */
  buttonUnreviewed: string;
  /** Name of the unreviewed papers' strip, which sits below the year columns and so names its years. */
  unreviewedLane: string;
  paper: string;
  paperTitle: string;
  theme: string;
  summary: string;
  link: string;
  hint: string;
  hintHighlight: string;
  description: string;
  /** Added to the description when some papers are listed but not reviewed. */
  unreviewedSentence: string;
  selectedSentence: string;
  selectedUnreviewed: string;
  highlightSentence: string;
  tableCaption: string;
}

export const TIMELINE_LABELS: Defaults<TimelineLabels> = {
  en: {
    showTable: 'Show as table',
    title: 'Research on grokking, year by year',
    papers: 'Papers on the timeline',
    themes: {
      phenomenon: 'Phenomenon & reach',
      mechanism: 'Inside the network',
      theory: 'Why it happens',
      'speed-up': 'Speeding it up',
      scale: 'Toward large models',
      unreviewed: 'Listed, not reviewed',
    },
    button: '{who} {year}: {title} ({theme})',
    buttonUnreviewed: '{year}: {title} (listed on a trend page, not reviewed here)',
    unreviewedLane: '{lane} · {years}',
    paper: 'Paper',
    paperTitle: 'Title',
    theme: 'Theme',
    summary: 'Summary',
    link: 'arXiv',
    hint: 'Select a paper to read its summary here.',
    hintHighlight: 'Highlighted: {papers}. Select one to read its summary.',
    description: 'Timeline of {n} papers on grokking from {from} to {to}, in publication order, one lane per theme: {themes}.',
    unreviewedSentence: ' Below the years, a strip of hollow, dashed markers holds {n} more papers from {years} that a trend page lists and this explainer has not reviewed.',
    selectedSentence: ' Selected: {paper}, “{title}”.',
    selectedUnreviewed: ' Selected: “{title}” ({year}), listed but not reviewed.',
    highlightSentence: ' Highlighted: {papers}.',
    tableCaption: 'Papers on grokking in publication order',
  },
  ja: {
    showTable: '表で見る',
    title: 'グロッキング研究の年表',
    papers: '年表の論文',
    themes: {
      phenomenon: '現象と広がり',
      mechanism: '内部のしくみ',
      theory: 'なぜ起きるか',
      'speed-up': '速める工夫',
      scale: '大規模モデルへ',
      unreviewed: '掲載のみ、内容は未確認',
    },
    button: '{who} {year}「{title}」（{theme}）',
    buttonUnreviewed: '{year}「{title}」（トレンドページに掲載、この解説では未確認）',
    unreviewedLane: '{lane}（{years} 年）',
    paper: '論文',
    paperTitle: '題名',
    theme: 'テーマ',
    summary: '要約',
    link: 'arXiv',
    hint: '論文を選ぶと、ここに要約が表示されます。',
    hintHighlight: '注目しているのは {papers} です。選ぶと要約が表示されます。',
    description: '{from}〜{to} 年のグロッキング研究 {n} 本を、テーマ別のレーン（{themes}）に発表順で並べた年表。',
    unreviewedSentence: '年の列の下には、トレンドページに載っているもののこの解説では内容を確認していない {years} 年の論文 {n} 本を、破線の白抜きの印で並べています。',
    selectedSentence: '選択中は {paper}「{title}」。',
    selectedUnreviewed: '選択中は「{title}」（{year} 年、掲載のみで内容は未確認）。',
    highlightSentence: '強調しているのは {papers}。',
    tableCaption: 'グロッキング研究の論文（発表順）',
  },
};

export const NEURON_WAVES_LABELS: Defaults<NeuronWavesLabels> = {
  en: {
    showTable: 'Show as table',
    title: 'Neurons as waves, and the numbers on a circle',
    weights: 'Input weight for each a',
    fit: 'Fitted cosine',
    neuronTitle: 'k = {k} · fit {fit}',
    neuronColumn: 'Neuron {index} (k = {k}, fit {fit})',
    positionNote: 'a placed at k·a mod p (one wave period)',
    circleTitle: 'a = 0…{max} at k = {k}',
    circularity: 'circularity {value} (1 = a circle)',
    shapes: {
      ring: 'the points form a circle for k = {k}',
      rough: 'the points form a rough ring for k = {k}',
      cloud: 'the points are a scattered cloud for k = {k}',
    },
    description: '{close} of {n} neurons fit a cosine closely; {shape} (circularity {circularity}).',
    empty: 'No weights yet.',
    tableCaption: 'Input weights of the neurons shown, and the points for k = {k}, at step {step}',
    a: 'a',
    xColumn: 'x (k = {k})',
    yColumn: 'y (k = {k})',
  },
  ja: {
    showTable: '表で見る',
    title: '波としてのニューロンと、円に並ぶ数',
    weights: '各 a への入力の重み',
    fit: '当てはめたコサイン',
    neuronTitle: 'k = {k}・一致度 {fit}',
    neuronColumn: 'ニューロン {index}（k = {k}、一致度 {fit}）',
    positionNote: 'a を k·a mod p の位置に置いています（波の 1 周期）',
    circleTitle: 'k = {k} で見た a = 0〜{max}',
    circularity: '円らしさ {value}（1 で真円）',
    shapes: {
      ring: 'k = {k} では点が円に並んでいます',
      rough: 'k = {k} では点がいびつな輪になっています',
      cloud: 'k = {k} では点がばらばらに散らばっています',
    },
    description: '{n} 個のニューロンのうち {close} 個がコサインによく一致しています。{shape}（円らしさ {circularity}）。',
    empty: 'まだ重みがありません。',
    tableCaption: 'ステップ {step} での各ニューロンの入力の重みと、k = {k} の点の位置',
    a: 'a',
    xColumn: 'x（k = {k}）',
    yColumn: 'y（k = {k}）',
  },
};

/** The Download menu every chart gets from its shell (shell.ts). */
export interface ExportLabels {
  download: string;
  svg: string;
  png: string;
  /** Accessible names of the two buttons (they contain the visible "SVG"/"PNG"). */
  asSvg: string;
  asPng: string;
  failed: string;
}

export const EXPORT_LABELS: Defaults<ExportLabels> = {
  en: {
    download: 'Download',
    svg: 'SVG',
    png: 'PNG',
    asSvg: 'Download the figure as SVG',
    asPng: 'Download the figure as PNG',
    failed: 'The figure could not be exported in this browser.',
  },
  ja: {
    download: 'ダウンロード',
    svg: 'SVG',
    png: 'PNG',
    asSvg: '図を SVG で保存',
    asPng: '図を PNG で保存',
    failed: 'このブラウザでは図を書き出せませんでした。',
  },
};

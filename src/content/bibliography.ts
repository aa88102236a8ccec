/**
 * Every source the explainer draws on: the papers of the research fact sheet
 * (shared/research/papers.md) plus every arXiv paper a chapter links to.
 * Metadata is copied from the fact sheet; where it marks something UNVERIFIED
 * (several venues) the field is left out rather than guessed. The two optimizer
 * papers cited in chapter 5 are not in the fact sheet: their titles and venues
 * were checked against the ICML 2024 and NeurIPS 2024 proceedings pages.
 *
 * The references appendix renders this list; src/content/links.test.ts holds
 * every arXiv link in content/ to it.
 */
import type { Lang } from '../i18n';

/** The references appendix; its list items carry the anchors `ref-<key>`. */
export const REFERENCES_SLUG = '10-references';

export interface BibEntry {
  /** Anchor and lookup key: first author's family name + year, ASCII lowercase. */
  readonly key: string;
  /** Family names, in the paper's order. */
  readonly authors: readonly string[];
  readonly year: number;
  readonly title: string;
  /** Conference or publisher, only where confirmed. */
  readonly venue?: string;
  /** arXiv identifier without version, e.g. `2407.12332`. */
  readonly arxiv?: string;
  /** The source's own address, for the one source that is not on arXiv. */
  readonly url?: string;
  /** What the source contributes, one sentence per language. */
  readonly about: Readonly<Record<Lang, string>>;
}

export const BIBLIOGRAPHY: readonly BibEntry[] = [
  {
    key: 'alquabeh2025',
    authors: ['AlQuabeh', 'Bojković', 'Nwadike', 'Inui'],
    year: 2025,
    title: 'Mechanistic Insights into Grokking from the Embedding Layer',
    arxiv: '2505.15624',
    about: {
      ja: '埋め込み層そのものが MLP のグロッキングを引き起こすことを示し、出現頻度に応じたサンプリングや埋め込み専用の学習率で対処する方法を提案しています。',
      en: 'Shows that an embedding layer can itself induce grokking in MLPs, and proposes frequency-aware sampling and an embedding-specific learning rate as remedies.',
    },
  },
  {
    key: 'gromov2023',
    authors: ['Gromov'],
    year: 2023,
    title: 'Grokking modular arithmetic',
    arxiv: '2301.02679',
    about: {
      ja: '正則化なしの 2 層 MLP がモジュラー演算をグロッキングすることを示し、周期的な重みの解析解と、進捗指標としての逆参加率（IPR）を示しました。',
      en: 'Shows a two-layer MLP grokking modular arithmetic without regularization, gives periodic analytic weights that solve it, and proposes the inverse participation ratio as a progress measure.',
    },
  },
  {
    key: 'havlik2025',
    authors: ['Havlík'],
    year: 2025,
    title: "Why are LLMs' abilities emergent?",
    arxiv: '2508.04401',
    about: {
      ja: 'スケーリング則、グロッキング、相転移を、非線形な力学系に本来備わる「創発」として論じる単著の論考です。',
      en: 'A single-author essay that treats scaling laws, grokking and phase transitions as genuine emergence in nonlinear dynamical systems.',
    },
  },
  {
    key: 'huang2024',
    authors: ['Huang', 'Hu', 'Han', 'Liu', 'Sun'],
    year: 2024,
    title: 'Unified View of Grokking, Double Descent and Emergent Abilities: A Perspective from Circuits Competition',
    arxiv: '2402.15175',
    about: {
      ja: '暗記する回路と汎化する回路の競合という見方で、グロッキング、アングロッキング、セミグロッキング、二重降下を 1 つの図にまとめています。',
      en: 'Uses the competition between memorizing and generalizing circuits to place grokking, ungrokking, semi-grokking and double descent in one picture.',
    },
  },
  {
    key: 'kumar2024',
    authors: ['Kumar', 'Bordelon', 'Gershman', 'Pehlevan'],
    year: 2024,
    title: 'Grokking as the transition from lazy to rich training dynamics',
    venue: 'ICLR 2024',
    arxiv: '2310.06110',
    about: {
      ja: 'グロッキングを、初期のカーネルによる「怠惰な」適合から遅れた特徴学習への移行として説明し、出力の倍率 α で遅れを出したり消したりできることを示しました。',
      en: 'Explains grokking as an early fit by the initial kernel (lazy) followed by late feature learning (rich), and shows that an output scale α switches the delay on and off.',
    },
  },
  {
    key: 'lee2024',
    authors: ['Lee', 'Kang', 'Kim', 'Lee'],
    year: 2024,
    title: 'Grokfast: Accelerated Grokking by Amplifying Slow Gradients',
    arxiv: '2405.20233',
    about: {
      ja: '各パラメータの勾配の系列から、ゆっくり変わる成分を増幅するフィルター（EMA 版と移動平均版）で、グロッキングを速めることを提案しています。',
      en: "Speeds up grokking by amplifying the slowly varying part of each parameter's gradient sequence, with an exponential-moving-average and a moving-average filter.",
    },
  },
  {
    key: 'li2025',
    authors: ['Li', 'Fan', 'Zhou'],
    year: 2025,
    title: 'Grokking in LLM Pretraining? Monitor Memorization-to-Generalization without Test',
    arxiv: '2506.21551',
    about: {
      ja: '実用規模の大規模言語モデルの事前学習でグロッキングを調べた最初の研究で、データのまとまりごとに局所的かつ非同期に起きることを報告しています。',
      en: 'The first study of grokking in practical large-scale language-model pretraining; it finds grokking local and asynchronous across groups of data.',
    },
  },
  {
    key: 'liu2022',
    authors: ['Liu', 'Kitouni', 'Nolte', 'Michaud', 'Tegmark', 'Williams'],
    year: 2022,
    title: 'Towards Understanding Grokking: An Effective Theory of Representation Learning',
    venue: 'NeurIPS 2022',
    arxiv: '2205.10343',
    about: {
      ja: '表現の質を測る指標と有効理論を使い、おもちゃのモデルで汎化に必要な訓練データの臨界割合を予測しました。',
      en: 'Uses a measure of representation quality and an effective theory to predict, in a toy model, the critical share of training data needed to generalize.',
    },
  },
  {
    key: 'liu2023',
    authors: ['Liu', 'Michaud', 'Tegmark'],
    year: 2023,
    title: 'Omnigrok: Grokking Beyond Algorithmic Data',
    venue: 'ICLR 2023',
    arxiv: '2210.01117',
    about: {
      ja: '重みノルムに対して訓練損失は L 字、テスト損失は U 字になるという見方を示し、大きな初期値から始めると画像などのふつうのデータでもグロッキングが起きることを示しました。',
      en: 'Describes training loss as L-shaped and test loss as U-shaped in the weight norm, and induces grokking on ordinary data such as images by starting from large weights.',
    },
  },
  {
    key: 'lyle2025',
    authors: ['Lyle', 'Sokar', 'Pascanu', 'György'],
    year: 2025,
    title: 'What Can Grokking Teach Us About Learning Under Nonstationarity?',
    arxiv: '2507.20057',
    about: {
      ja: 'グロッキングと初期偏重（primacy bias）はどちらも特徴学習が始まるかどうかにかかっているとし、実効学習率を周期的に上げ直す方法を提案しています。',
      en: 'Argues that grokking and primacy bias both hinge on whether feature learning switches on, and proposes periodically re-warming the effective learning rate.',
    },
  },
  {
    key: 'minegishi2023',
    authors: ['Minegishi', 'Iwasawa', 'Matsuo'],
    year: 2023,
    title: 'Bridging Lottery Ticket and Grokking: Understanding Grokking from Inner Structure of Networks',
    arxiv: '2310.19470',
    about: {
      ja: '汎化したあとに見つかる刈り込みのマスク（grokked ticket）を使うと、グロッキングの遅れがほぼ消えることを示しました。',
      en: 'Shows that a pruning mask found after generalization (a "grokked ticket"), applied to the initial weights, nearly removes the grokking delay.',
    },
  },
  {
    key: 'mohamadi2024',
    authors: ['Mohamadi', 'Li', 'Wu', 'Sutherland'],
    year: 2024,
    title: 'Why Do You Grok? A Theoretical Analysis of Grokking Modular Addition',
    venue: 'ICML 2024 (PMLR 235)',
    arxiv: '2407.12332',
    about: {
      ja: 'この解説の中心となる論文です。置換同変なカーネル法には表の一定割合が必要なこと、重みの小さいネットワークならずっと少ないデータで足りることを証明しました。',
      en: "The central paper of this explainer: it proves that permutation-equivariant kernel methods need a constant share of the table, while networks with small weights need far less.",
    },
  },
  {
    key: 'nanda2023',
    authors: ['Nanda', 'Chan', 'Lieberum', 'Smith', 'Steinhardt'],
    year: 2023,
    title: 'Progress measures for grokking via mechanistic interpretability',
    venue: 'ICLR 2023',
    arxiv: '2301.05217',
    about: {
      ja: 'モジュラー加算を学んだ Transformer の内部を解読して「時計」のアルゴリズムを見つけ、暗記・回路形成・整理の 3 段階を進捗指標で示しました。',
      en: 'Reverse-engineers the clock algorithm inside a Transformer trained on modular addition, and uses progress measures to divide training into memorization, circuit formation and cleanup.',
    },
  },
  {
    key: 'pearce2023',
    authors: ['Pearce', 'Ghandeharioun', 'Thain', 'Wattenberg', 'Dixon'],
    year: 2023,
    title: 'Do Machine Learning Models Memorize or Generalize?',
    venue: 'Google PAIR Explorables',
    url: 'https://pair.withgoogle.com/explorables/grokking/',
    about: {
      ja: '小さな MLP のグロッキングを図で見せる、対話型の解説記事です。この解説の表現方法を考えるうえで参考にしました。',
      en: 'An interactive article that shows a small MLP grokking, one figure at a time; a reference for how this explainer presents the phenomenon.',
    },
  },
  {
    key: 'power2022',
    authors: ['Power', 'Burda', 'Edwards', 'Babuschkin', 'Misra'],
    year: 2022,
    title: 'Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets',
    arxiv: '2201.02177',
    about: {
      ja: 'グロッキングを名づけた論文です。小さな演算表で、過学習のずっとあとに検証の正解率が跳ね上がることを報告し、重み減衰がもっとも効く介入だと示しました。',
      en: 'The paper that named grokking: on small operation tables, validation accuracy jumps long after overfitting, and weight decay was the most effective intervention.',
    },
  },
  {
    key: 'prieto2025',
    authors: ['Prieto', 'Barsbey', 'Mediano', 'Birdal'],
    year: 2025,
    title: 'Grokking at the Edge of Numerical Stability',
    venue: 'ICLR 2025',
    arxiv: '2501.04697',
    about: {
      ja: '浮動小数点でソフトマックスが潰れる現象（Softmax Collapse）を見つけ、StableMax と ⊥Grad で正則化なしのグロッキングを実現しました。',
      en: 'Identifies softmax collapse in floating point and obtains grokking without regularization with StableMax and ⊥Grad.',
    },
  },
  {
    key: 'varma2023',
    authors: ['Varma', 'Shah', 'Kenton', 'Kramár', 'Kumar'],
    year: 2023,
    title: 'Explaining grokking through circuit efficiency',
    arxiv: '2309.02390',
    about: {
      ja: '暗記する回路と汎化する回路の効率の競合としてグロッキングを説明し、臨界データサイズ、アングロッキング、セミグロッキングを予測しました。',
      en: 'Explains grokking as a competition in efficiency between a memorizing and a generalizing circuit, and predicts a critical dataset size, ungrokking and semi-grokking.',
    },
  },
  {
    key: 'walker2025',
    authors: ['Walker', 'Humayun', 'Balestriero', 'Baraniuk'],
    year: 2025,
    title: 'GrokAlign: Geometric Characterisation and Acceleration of Grokking',
    arxiv: '2506.12284',
    about: {
      ja: 'ネットワークのヤコビアンがそろう（整列する）という幾何学的な見方でグロッキングを特徴づけ、ヤコビアンの大きさへの罰則で、重み減衰より早くグロッキングさせました。',
      en: "Characterizes grokking by the alignment of the network's Jacobians, and with a penalty on the Jacobians' size groks sooner than with weight decay.",
    },
  },
  {
    key: 'xie2024',
    authors: ['Xie', 'Li'],
    year: 2024,
    title: 'Implicit Bias of AdamW: ℓ∞ Norm Constrained Optimization',
    venue: 'ICML 2024',
    arxiv: '2404.04454',
    about: {
      ja: '全バッチの AdamW は、収束するなら、ℓ∞ ノルムを重み減衰の逆数以下に抑えた制約つき問題の KKT 点に収束することを証明しました。',
      en: 'Proves that full-batch AdamW, if it converges, converges to a KKT point of the loss constrained to an ℓ∞ norm of at most one over the weight decay.',
    },
  },
  {
    key: 'xu2025',
    authors: ['Xu', 'Ni', 'Wang', 'Hu'],
    year: 2025,
    title: 'Let Me Grok for You: Accelerating Grokking via Embedding Transfer from a Weaker Model',
    venue: 'ICLR 2025',
    arxiv: '2504.13292',
    about: {
      ja: '小さな弱いモデルをまずグロッキングさせ、その埋め込みで本命のモデルを初期化することで、遅れを大きく縮めました。',
      en: "Lets a small, weak model grok first and initializes the target model's embedding from it, which shortens the delay sharply.",
    },
  },
  {
    key: 'zhang2024',
    authors: ['Zhang', 'Zou', 'Cao'],
    year: 2024,
    title: 'The Implicit Bias of Adam on Separable Data',
    venue: 'NeurIPS 2024',
    arxiv: '2406.10650',
    about: {
      ja: '線形に分離できるデータでは、Adam が ℓ∞ のマージンが最大の線形分類器へ向かうことを証明しました。',
      en: 'Proves that on linearly separable data, Adam converges toward the linear classifier with the largest ℓ∞ margin.',
    },
  },
  {
    key: 'zhou2025',
    authors: ['Zhou', 'Fan', 'Jaggi', 'Fu'],
    year: 2025,
    title: 'NeuralGrok: Accelerate Grokking by Neural Gradient Transformation',
    arxiv: '2504.17243',
    about: {
      ja: '勾配を変換する小さなネットワークを同時に学習させ、グロッキングを速める方法を提案しています。',
      en: 'Trains a small auxiliary network that transforms the gradients, and uses it to speed up grokking.',
    },
  },
];

export const BIB_BY_KEY: ReadonlyMap<string, BibEntry> = new Map(BIBLIOGRAPHY.map((e) => [e.key, e]));
export const BIB_BY_ARXIV: ReadonlyMap<string, BibEntry> = new Map(
  BIBLIOGRAPHY.flatMap((e) => (e.arxiv ? [[e.arxiv, e] as const] : [])),
);

/** Matches arXiv abstract links, capturing the identifier without its version. */
export const ARXIV_LINK = /https?:\/\/arxiv\.org\/abs\/(\d{4}\.\d{4,5})(?:v\d+)?/g;

/** The arXiv identifiers a text links to, in first-appearance order, without duplicates. */
export function arxivIdsIn(text: string): string[] {
  return [...new Set([...text.matchAll(ARXIV_LINK)].map((m) => m[1]!))];
}

export function sourceUrl(entry: BibEntry): string {
  if (entry.arxiv) return `https://arxiv.org/abs/${entry.arxiv}`;
  if (entry.url) return entry.url;
  throw new Error(`Bibliography entry "${entry.key}" has neither an arXiv id nor a URL.`);
}

/** "Mohamadi, Li, Wu & Sutherland" / "Mohamadi・Li・Wu・Sutherland". */
export function authorList(entry: BibEntry, lang: Lang): string {
  const names = entry.authors;
  if (lang === 'ja') return names.join('・');
  if (names.length === 1) return names[0]!;
  return `${names.slice(0, -1).join(', ')} & ${names.at(-1)!}`;
}

export interface CitingDoc {
  /** e.g. `03-kernel-regime` */
  readonly slug: string;
  readonly order: number;
  readonly body: string;
}

/**
 * For each bibliography key, the documents that link to it, in reading order.
 * The references page calls this on its own language's chapters at build
 * time, so the "cited in" notes follow the text as it changes.
 */
export function citations(docs: readonly CitingDoc[]): Map<string, CitingDoc[]> {
  const out = new Map<string, CitingDoc[]>();
  for (const doc of [...docs].sort((a, b) => a.order - b.order)) {
    const keys = new Set<string>();
    for (const id of arxivIdsIn(doc.body)) {
      const entry = BIB_BY_ARXIV.get(id);
      if (entry) keys.add(entry.key);
    }
    for (const entry of BIBLIOGRAPHY) {
      if (entry.url && doc.body.includes(entry.url)) keys.add(entry.key);
    }
    for (const key of keys) out.set(key, [...(out.get(key) ?? []), doc]);
  }
  return out;
}

/**
 * The research timeline of figure 11 (chapter 6): papers on grokking from
 * 2022 to 2025, one entry each, in publication order.
 *
 * Ids, for `<Timeline selected="…" />` and scrolly steps
 * (`{ timeline: { selected: 'nanda2023', highlight: ['power2022', 'nanda2023'] } }`):
 *   power2022, liu2022, liu2023, gromov2023, nanda2023, varma2023,
 *   minegishi2023, kumar2024, huang2024, lee2024, mohamadi2024, prieto2025,
 *   xu2025, zhou2025, alquabeh2025, walker2025, li2025, lyle2025, havlik2025
 * and, listed but not reviewed (see below):
 *   htsr2025, memoryparadox2025, explanations2025, modexp2025, fact2025,
 *   tracing2025, decoupled2025, entropy2025
 *
 * An id is the first author's surname in lower case plus the year the site
 * cites (a letter suffix only on a collision), so prose citations and ids
 * agree. Facts come from ../shared/research/papers.md and the seed trend page;
 * the years are those papers.md cites (the venue year where it names one, so
 * Omnigrok is 2023 and Kumar et al. 2024 although both were posted to arXiv a
 * year earlier). No months: the sources give none. Within a year the order
 * follows the arXiv identifiers, which arXiv assigns in order of submission.
 *
 * The seed trend page ("Trend Watching: Grokking") also lists eight papers
 * that papers.md does not cover. They are here because readers asked for
 * every paper on that page, but marked `reviewed: false`: their authors are
 * not given there, so their ids are a short slug of the title plus the year
 * of their arXiv id (25xx → 2025: FACT → fact2025, HTSR → htsr2025, "The
 * Memory Paradox" → memoryparadox2025, "Learning Modular Exponentiation…" →
 * modexp2025, "Not All Explanations…" → explanations2025, "Tracing the
 * Path…" → tracing2025, "Feature learning is decoupled…" → decoupled2025,
 * "Transfer entropy…" → entropy2025). Their summaries say only what the trend
 * page says (its Japanese rendering of the title) and that this site has not
 * read them; they get no theme, since choosing one would mean judging them
 * from their titles.
 */
import type { Lang, TimelineTheme } from '../charts/labels.ts';

export type { TimelineTheme } from '../charts/labels.ts';

/** Chapters of this site a paper can point to. */
export type ChapterSlug =
  | '02-memorize-then-generalize'
  | '03-kernel-regime'
  | '04-feature-learning'
  | '05-weak-regularization'
  | '06-research-frontier';

interface PaperBase {
  /** Stable: chapters and steps refer to it. */
  readonly id: string;
  readonly year: number;
  /** The paper's own (English) title. */
  readonly title: string;
  /** Written separately for each language, not translated. */
  readonly summary: Readonly<Record<Lang, string>>;
}

/** A paper this site has read, from papers.md. */
export interface ReviewedPaper extends PaperBase {
  /** `<firstauthor><year>`. */
  readonly id: string;
  readonly reviewed?: undefined;
  /** Surnames in author order, as papers.md lists them. */
  readonly authors: readonly string[];
  /** https://arxiv.org/abs/…; absent when the sources give no arXiv id. */
  readonly arxiv?: string;
  readonly theme: TimelineTheme;
  /** The chapter of this site that discusses the paper. */
  readonly chapter?: ChapterSlug;
}

/** A paper only listed on the seed trend page: title and arXiv link, nothing read. */
export interface UnreviewedPaper extends PaperBase {
  /** `<title slug><year>`. */
  readonly id: string;
  readonly reviewed: false;
  readonly authors?: undefined;
  readonly arxiv: string;
  readonly theme?: undefined;
  readonly chapter?: undefined;
}

export type Paper = ReviewedPaper | UnreviewedPaper;

/** The sentence every unreviewed paper's summary ends with, so no reader takes it for a reviewed one. */
export const NOT_REVIEWED: Readonly<Record<Lang, string>> = {
  ja: 'この解説では内容を確認していないため、要約は載せていません。',
  en: 'This explainer has not reviewed the paper, so it offers no summary of it.',
};

/** An unreviewed paper's summary: how the trend page lists it (its Japanese title), then NOT_REVIEWED. */
function listedSummary(jaTitle: string): Readonly<Record<Lang, string>> {
  return {
    ja: `グロッキングの研究動向を追うトレンドページ「Trend Watching: Grokking」に、『${jaTitle}』として挙がっている論文です。${NOT_REVIEWED.ja}`,
    en: `Listed on “Trend Watching: Grokking”, a Japanese page that follows research on grokking. ${NOT_REVIEWED.en}`,
  };
}

export const PAPERS: readonly Paper[] = [
  {
    id: 'power2022',
    year: 2022,
    authors: ['Power', 'Burda', 'Edwards', 'Babuschkin', 'Misra'],
    title: 'Grokking: Generalization Beyond Overfitting on Small Algorithmic Datasets',
    arxiv: 'https://arxiv.org/abs/2201.02177',
    theme: 'phenomenon',
    summary: {
      ja: '97 を法とする割り算などの演算表を小さな Transformer に学ばせると、訓練データを覚えきったずっと後で検証正解率がほぼ 100% へ跳ね上がる——この現象を「グロッキング」と名付けた論文です。試した手立てのうち最も効いたのは重み減衰でした。',
      en: 'The paper that named grokking: small Transformers trained on operation tables such as division mod 97 fit their training data early, then, long after overfitting, jump from chance to near-perfect validation accuracy. Of the interventions tried, weight decay helped most.',
    },
    chapter: '02-memorize-then-generalize',
  },
  {
    id: 'liu2022',
    year: 2022,
    authors: ['Liu', 'Kitouni', 'Nolte', 'Michaud', 'Tegmark', 'Williams'],
    title: 'Towards Understanding Grokking: An Effective Theory of Representation Learning',
    arxiv: 'https://arxiv.org/abs/2205.10343',
    theme: 'theory',
    summary: {
      ja: 'グロッキングを「表現の学習」として捉え直し、足し算なら埋め込みが平行四辺形の関係をどれだけ満たすかで表現の質を測りました。ハイパーパラメータによって理解・グロッキング・暗記・混乱の 4 つの相に分かれ、よい表現が育つのは限られた「ちょうどよい領域」だけだと示しています。',
      en: 'Recasts grokking as representation learning, scoring a representation by how many of the parallelograms that addition implies its embeddings realise. A phase diagram splits training into comprehension, grokking, memorization and confusion, with good representations forming only in a “Goldilocks zone”.',
    },
  },
  {
    id: 'liu2023',
    year: 2023,
    authors: ['Liu', 'Michaud', 'Tegmark'],
    title: 'Omnigrok: Grokking Beyond Algorithmic Data',
    arxiv: 'https://arxiv.org/abs/2210.01117',
    theme: 'phenomenon',
    summary: {
      ja: '重みの大きさ（ノルム）で遅れを説明しました。大きく初期化すると過学習し、汎化に向くノルムまで重み減衰が縮めるのに時間がかかるという見立てで、同じ仕掛けで MNIST・IMDb・QM9 といったアルゴリズム以外のデータにもグロッキングを起こしてみせました。',
      en: 'Explains the delay through the weight norm: a large initialization overfits, and weight decay needs time to shrink the weights to the norm where test loss is low. The same lever induces grokking beyond algorithmic data, on MNIST, IMDb and QM9.',
    },
    chapter: '05-weak-regularization',
  },
  {
    id: 'gromov2023',
    year: 2023,
    authors: ['Gromov'],
    title: 'Grokking modular arithmetic',
    arxiv: 'https://arxiv.org/abs/2301.02679',
    theme: 'mechanism',
    summary: {
      ja: '正則化なし・素朴な勾配降下法の 2 層ネットワークでも、剰余算でグロッキングが起きることを示しました。課題を解く、入力について周期的な重み（フーリエ解）を式で書き下し、学習後の重みがそれに近いと報告しています。',
      en: 'A two-layer network trained by plain gradient descent with no regularization still groks modular arithmetic. Gromov writes down weights, periodic in the input, that solve the task and reports trained networks close to them.',
    },
    chapter: '02-memorize-then-generalize',
  },
  {
    id: 'nanda2023',
    year: 2023,
    authors: ['Nanda', 'Chan', 'Lieberum', 'Smith', 'Steinhardt'],
    title: 'Progress measures for grokking via mechanistic interpretability',
    arxiv: 'https://arxiv.org/abs/2301.05217',
    theme: 'mechanism',
    summary: {
      ja: '113 を法とする足し算を覚えた 1 層 Transformer を解剖し、少数の周波数の cos と sin を組み合わせる「時計」のアルゴリズムで答えを出していることを突き止めました。この回路を測る指標から暗記・回路形成・整理の 3 段階を見いだし、テスト正解率が跳ねるのは整理の段階だと示しています。',
      en: 'Reverse-engineers a one-layer Transformer that learned addition mod 113: it answers with a “clock” algorithm built from the cosines and sines of a few key frequencies. Measures of that circuit reveal memorization, circuit formation and cleanup, with the jump in test accuracy during cleanup.',
    },
    chapter: '02-memorize-then-generalize',
  },
  {
    id: 'varma2023',
    year: 2023,
    authors: ['Varma', 'Shah', 'Kenton', 'Kramár', 'Kumar'],
    title: 'Explaining grokking through circuit efficiency',
    arxiv: 'https://arxiv.org/abs/2309.02390',
    theme: 'theory',
    summary: {
      ja: '暗記する回路と汎化する回路の競争として説明しました。汎化回路は学習こそ遅いものの、同じ重みの大きさでより大きな出力を出せるので重み減衰のもとで最後に勝ち、データが臨界量を大きく下回ると一度得た汎化を失う「アングロッキング」も起こると予言しています。',
      en: 'Two circuits compete: one memorizes and is learned fast; the other generalizes, is learned slowly, but produces larger outputs per unit of parameter norm, so weight decay ends up favouring it. The account predicts “ungrokking” and “semi-grokking” around a critical dataset size.',
    },
    chapter: '05-weak-regularization',
  },
  {
    id: 'minegishi2023',
    year: 2023,
    authors: ['Minegishi', 'Iwasawa', 'Matsuo'],
    title: 'Bridging Lottery Ticket and Grokking: Understanding Grokking from Inner Structure of Networks',
    arxiv: 'https://arxiv.org/abs/2310.19470',
    theme: 'mechanism',
    summary: {
      ja: '東京大学・松尾研究室による、宝くじ仮説とグロッキングを結びつけた研究です。汎化した後に見つけた刈り込みのマスクを初期の重みに当てはめると遅れがほぼ消え、重みの大きさや疎さだけではこれを説明できないことを示しました。',
      en: 'Connects grokking to lottery tickets: a pruning mask found after generalization, applied to the initial weights, nearly removes the delay, and controls show that weight norm or sparsity alone cannot explain it. Pruning without any weight updates can even turn a memorizing network into a generalizing one.',
    },
  },
  {
    id: 'kumar2024',
    year: 2024,
    authors: ['Kumar', 'Bordelon', 'Gershman', 'Pehlevan'],
    title: 'Grokking as the transition from lazy to rich training dynamics',
    arxiv: 'https://arxiv.org/abs/2310.06110',
    theme: 'theory',
    summary: {
      ja: 'はじめは初期化時の接カーネルを使うカーネル法のように訓練データに合わせ（怠惰な学習）、後から特徴を学び始めたところで汎化する（豊かな学習）——グロッキングをこの移行として説明しました。出力のスケールひとつで遅れを出したり消したりでき、重み減衰がなくても起こります。',
      en: 'Grokking as a hand-over from lazy to rich training: the network first fits the data like a kernel method with its initial tangent kernel and generalizes only once it learns features. The output scale sets how lazy it starts, switching grokking on or off, with no weight decay needed.',
    },
    chapter: '03-kernel-regime',
  },
  {
    id: 'huang2024',
    year: 2024,
    authors: ['Huang', 'Hu', 'Han', 'Liu', 'Sun'],
    title: 'Unified View of Grokking, Double Descent and Emergent Abilities: A Perspective from Circuits Competition',
    arxiv: 'https://arxiv.org/abs/2402.15175',
    theme: 'scale',
    summary: {
      ja: '回路の競争という見方にモデルの大きさを加え、グロッキング・二重降下・「創発的能力」を一つの枠組みで説明しようとしました。暗記の課題を混ぜると、アルゴリズム的な能力はずっと大きなモデルになるまで現れないことを示しています。',
      en: 'Adds model size to the circuit-competition picture: larger models memorize more, which yields regimes that account for double descent. Mixing in a memorization task delays an algorithmic skill until the model is far larger, the authors’ account of “emergent abilities”.',
    },
  },
  {
    id: 'lee2024',
    year: 2024,
    authors: ['Lee', 'Kang', 'Kim', 'Lee'],
    title: 'Grokfast: Accelerated Grokking by Amplifying Slow Gradients',
    arxiv: 'https://arxiv.org/abs/2405.20233',
    theme: 'speed-up',
    summary: {
      ja: '各パラメータの勾配を時系列の信号とみなし、ゆっくり変わる成分だけを増幅するフィルタを、どの最適化手法にも差し込める形で提案しました。97 を法とする掛け算では、検証正解率 95% に届くまでのステップ数が約 50 分の 1 になっています。',
      en: "Treats each parameter's gradient over time as a signal and amplifies its slow component with a filter that slots in before any optimizer's step. On multiplication mod 97 it reached 95% validation accuracy in about a fiftieth of the steps.",
    },
  },
  {
    id: 'mohamadi2024',
    year: 2024,
    authors: ['Mohamadi', 'Li', 'Wu', 'Sutherland'],
    title: 'Why Do You Grok? A Theoretical Analysis of Grokking Modular Addition',
    arxiv: 'https://arxiv.org/abs/2407.12332',
    theme: 'theory',
    summary: {
      ja: 'この解説の土台となる論文です。剰余の足し算では、カーネル法（怠惰な学習）は全ペアの一定割合を見ないと誤差を大きく減らせない一方、特徴を学ぶネットワークはおよそ p の 5/3 乗個の例で汎化できることを証明しました。',
      en: 'The analysis this explainer is built on. For modular addition it proves that kernel methods (the lazy regime) cannot cut their error much without a fixed share of all pairs, while a feature-learning network with near-maximal margin generalizes from about p to the 5/3 of them.',
    },
    chapter: '03-kernel-regime',
  },
  {
    id: 'prieto2025',
    year: 2025,
    authors: ['Prieto', 'Barsbey', 'Mediano', 'Birdal'],
    title: 'Grokking at the Edge of Numerical Stability',
    arxiv: 'https://arxiv.org/abs/2501.04697',
    theme: 'theory',
    summary: {
      ja: '正則化なしでは過学習したまま汎化しないことがある原因を、浮動小数点の「ソフトマックス崩壊」（損失と正解クラスの勾配がちょうど 0 に丸められる）に求めました。数値的に安定な StableMax や、ロジットを大きくするだけの方向を勾配から除く ⊥Grad を使えば、正則化なしでも汎化します。',
      en: 'Traces runs that overfit without grokking to floating-point “softmax collapse”: once training accuracy is perfect, the loss and the correct-class gradient round to exactly zero. A stable softmax (StableMax) or a gradient stripped of its pure logit-scaling direction (⊥Grad) lets models generalize with no regularization.',
    },
  },
  {
    id: 'xu2025',
    year: 2025,
    authors: ['Xu', 'Ni', 'Wang', 'Hu'],
    title: 'Let Me Grok for You: Accelerating Grokking via Embedding Transfer from a Weaker Model',
    arxiv: 'https://arxiv.org/abs/2504.13292',
    theme: 'speed-up',
    summary: {
      ja: '知識蒸留とは逆向きに、小さく弱いモデルで先に学んだ入力埋め込みを、より強いモデルの初期値に使う手法です。剰余の足し算では、訓練とテストで 95% に届く時期の差が、Grokfast の 1,119 エポックに対して 46 エポックまで縮まりました。',
      en: 'Trains a small, weaker model first and starts the stronger target model from its input embeddings. On modular addition the gap between reaching 95% training and 95% test accuracy fell to 46 epochs, against 1,119 with Grokfast.',
    },
  },
  {
    id: 'zhou2025',
    year: 2025,
    authors: ['Zhou', 'Fan', 'Jaggi', 'Fu'],
    title: 'NeuralGrok: Accelerate Grokking by Neural Gradient Transformation',
    arxiv: 'https://arxiv.org/abs/2504.17243',
    theme: 'speed-up',
    summary: {
      ja: '勾配をどう変換すれば早くグロッキングするかを、小さな補助ネットワークに学ばせる手法です。剰余演算の課題で通常の学習や Grokfast より早く汎化し、勾配のエントロピーで学習の段階を追えることも示しました。',
      en: 'Learns the gradient transformation itself: a small auxiliary network, trained in an outer loop, reshapes the gradients so that modular-arithmetic tasks grok sooner than with standard training or Grokfast. The entropy of the gradients tracks the phases of training.',
    },
  },
  {
    id: 'alquabeh2025',
    year: 2025,
    authors: ['AlQuabeh', 'Bojković', 'Nwadike', 'Inui'],
    title: 'Mechanistic Insights into Grokking from the Embedding Layer',
    arxiv: 'https://arxiv.org/abs/2505.15624',
    theme: 'mechanism',
    summary: {
      ja: '出現の少ないトークンの埋め込みは更新がまばらなうえ重み減衰で縮み、なかなか育ちません。MLP のグロッキングの主因はこの埋め込み層にあると分析し、埋め込みだけ学習率を変える Adam-LR などで汎化を早めました。',
      en: 'Finds that the embedding layer itself induces grokking in MLPs: embeddings of rare tokens barely grow under sparse updates and weight decay. Frequency-aware sampling and a separate learning rate for the embeddings (Adam-LR) speed it up.',
    },
  },
  {
    id: 'htsr2025',
    year: 2025,
    reviewed: false,
    title: 'Grokking and Generalization Collapse: Insights from HTSR theory',
    arxiv: 'https://arxiv.org/abs/2506.04434',
    summary: listedSummary('Grokkingと一般化の崩壊: HTSR 理論からの洞察'),
  },
  {
    id: 'memoryparadox2025',
    year: 2025,
    reviewed: false,
    title: 'The Memory Paradox: Why Our Brains Need Knowledge in an Age of AI',
    arxiv: 'https://arxiv.org/abs/2506.11015',
    summary: listedSummary('記憶のパラドックス：AI時代に脳が知識を必要とする理由'),
  },
  {
    id: 'walker2025',
    year: 2025,
    authors: ['Walker', 'Humayun', 'Balestriero', 'Baraniuk'],
    title: 'GrokAlign: Geometric Characterisation and Acceleration of Grokking',
    arxiv: 'https://arxiv.org/abs/2506.12284',
    theme: 'speed-up',
    summary: {
      ja: '入出力のヤコビ行列が入力の向きにそろう「整列」という幾何学的な見方でグロッキングを特徴づけました。訓練点でのヤコビ行列の大きさを抑える項（GrokAlign）を加えると、重み減衰よりも早く汎化します。',
      en: "Characterizes grokking geometrically, through networks whose input–output Jacobians align with their inputs. Penalizing the Jacobian's size on the training points (GrokAlign) makes networks grok sooner than weight decay does.",
    },
  },
  {
    id: 'li2025',
    year: 2025,
    authors: ['Li', 'Fan', 'Zhou'],
    title: 'Grokking in LLM Pretraining? Monitor Memorization-to-Generalization without Test',
    arxiv: 'https://arxiv.org/abs/2506.21551',
    theme: 'scale',
    summary: {
      ja: '実用規模の大規模言語モデル（70 億パラメータの OLMoE）の事前学習で、グロッキングを初めて調べた研究です。小さなモデルのように一斉には起こらず、データのまとまりごとに局所的・非同期に起こること、そしてエキスパートの経路の変化からテストなしで汎化の進み具合を見積もれることを示しました。',
      en: 'The first study of grokking in practical, near-single-pass pretraining of a large language model (the 7B OLMoE): it happens locally and asynchronously across groups of data. How consistently data is routed through the experts tracks benchmark accuracy, so generalization can be monitored without a test set.',
    },
  },
  {
    id: 'explanations2025',
    year: 2025,
    reviewed: false,
    title: 'Not All Explanations for Deep Learning Phenomena Are Equally Valuable',
    arxiv: 'https://arxiv.org/abs/2506.23286',
    summary: listedSummary('ディープラーニング現象に対するすべての説明が同等に価値があるわけではない'),
  },
  {
    id: 'modexp2025',
    year: 2025,
    reviewed: false,
    title: 'Learning Modular Exponentiation with Transformers',
    arxiv: 'https://arxiv.org/abs/2506.23679',
    summary: listedSummary('Transformerを使ったモジュラー指数の学習'),
  },
  {
    id: 'fact2025',
    year: 2025,
    reviewed: false,
    title: 'FACT: the Features At Convergence Theorem for neural networks',
    arxiv: 'https://arxiv.org/abs/2507.05644',
    summary: listedSummary('事実：ニューラルネットワークの収束定理の特徴'),
  },
  {
    id: 'tracing2025',
    year: 2025,
    reviewed: false,
    title: 'Tracing the Path to Grokking: Embeddings, Dropout, and Network Activation',
    arxiv: 'https://arxiv.org/abs/2507.11645',
    summary: listedSummary('Grokking への道筋を辿る：埋め込み、ドロップアウト、ネットワーク活性化'),
  },
  {
    id: 'decoupled2025',
    year: 2025,
    reviewed: false,
    title: 'Feature learning is decoupled from generalization in high capacity neural networks',
    arxiv: 'https://arxiv.org/abs/2507.19680',
    summary: listedSummary('大容量ニューラルネットワークでは、特徴学習は一般化から切り離されている'),
  },
  {
    id: 'lyle2025',
    year: 2025,
    authors: ['Lyle', 'Sokar', 'Pascanu', 'György'],
    title: 'What Can Grokking Teach Us About Learning Under Nonstationarity?',
    arxiv: 'https://arxiv.org/abs/2507.20057',
    theme: 'phenomenon',
    summary: {
      ja: 'グロッキングと、継続学習や強化学習で問題になる「初頭バイアス」は、どちらも特徴学習が始まるかどうかで決まると論じました。実効学習率を周期的に引き上げ直す工夫でグロッキングを早め、途中から学習を再開する場面や強化学習にも役立つことを示しています。',
      en: 'Argues that grokking and the primacy bias of continual and reinforcement learning hinge on the same thing: whether feature learning switches on. Periodically re-warming the effective learning rate speeds grokking and helps warm-started training and RL.',
    },
  },
  {
    id: 'entropy2025',
    year: 2025,
    reviewed: false,
    title: 'Transfer entropy and O-information to detect grokking in tensor network multi-class classification problems',
    arxiv: 'https://arxiv.org/abs/2507.23346',
    summary: listedSummary('テンソルネットワークの多クラス分類問題における グロッキング 検出のための転送エントロピーとO情報量'),
  },
  {
    id: 'havlik2025',
    year: 2025,
    authors: ['Havlík'],
    title: "Why are LLMs' abilities emergent?",
    arxiv: 'https://arxiv.org/abs/2508.04401',
    theme: 'scale',
    summary: {
      ja: '大規模言語モデルの能力がなぜ突然現れるように見えるのかを論じた単著の論考です。スケーリング則やグロッキング、相転移を、非線形な力学系にそなわる本物の「創発」として読み解いています。',
      en: "A single-author essay on why large language models' abilities seem to appear suddenly, reading scaling laws, grokking and phase transitions as genuine emergence in nonlinear dynamical systems.",
    },
  },
];

/** Surnames joined the way each language lists them: "Liu, Michaud & Tegmark" / "Liu・Michaud・Tegmark". */
export function authorList(names: readonly string[], lang: Lang): string {
  if (lang === 'ja') return names.join('・');
  if (names.length <= 2) return names.join(' & ');
  return `${names.slice(0, -1).join(', ')} & ${names[names.length - 1]}`;
}

/**
 * The short author form this site cites with: up to three surnames in full,
 * else the first and "et al." / "ら".
 */
export function authorsShort(paper: Pick<ReviewedPaper, 'authors'>, lang: Lang): string {
  const names = paper.authors;
  if (names.length > 3) return lang === 'ja' ? `${names[0]} ら` : `${names[0]} et al.`;
  return authorList(names, lang);
}

/** "2201.02177" from an arXiv abstract URL. */
export function arxivId(url: string): string {
  return url.replace(/^https:\/\/arxiv\.org\/abs\//, '');
}

/** The chapter number a slug starts with: "03-kernel-regime" → 3. */
export function chapterNumber(slug: ChapterSlug): number {
  return Number.parseInt(slug, 10);
}

export function paperById(id: string): Paper | undefined {
  return PAPERS.find((p) => p.id === id);
}

/** The page of a chapter in a language, as src/content/chapters.ts builds it (importable on the client). */
export function chapterHref(lang: Lang, slug: ChapterSlug): string {
  return `/${lang}/${slug}/`;
}

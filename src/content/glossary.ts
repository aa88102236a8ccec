/**
 * The glossary: every technical term the explainer uses, defined in each
 * language on its own terms. The glossary appendix renders it, and
 * `<Term id>` in a chapter shows one definition on hover, focus or tap.
 * Definitions state only what the chapters or shared/research/papers.md state.
 */
import type { Lang } from '../i18n';

/** The glossary appendix; `<Term>` links here and links.test.ts checks the file exists. */
export const GLOSSARY_SLUG = '09-glossary';

export type GlossaryGroup = 'phenomenon' | 'task' | 'training' | 'kernel' | 'inside' | 'frontier';

/** Order of the groups on the glossary page, one `##` section each. */
export const GLOSSARY_GROUPS: readonly GlossaryGroup[] = ['phenomenon', 'task', 'training', 'kernel', 'inside', 'frontier'];

export interface GlossaryText {
  readonly term: string;
  /** One or two sentences, plain text. */
  readonly definition: string;
}

export interface JapaneseText extends GlossaryText {
  /** The English shown in parentheses, when it is not simply the English term. */
  readonly original?: string;
}

export interface GlossaryEntry {
  /** Anchor `term-<id>` on the glossary page; ASCII kebab case. */
  readonly id: string;
  readonly group: GlossaryGroup;
  /** The chapter (its order number) where the term is explained. */
  readonly chapter: number;
  /** Japanese: the term as the chapters write it; the page adds the English in parentheses. */
  readonly ja: JapaneseText;
  readonly en: GlossaryText;
}

export const GLOSSARY: readonly GlossaryEntry[] = [
  // The phenomenon
  {
    id: 'grokking',
    group: 'phenomenon',
    chapter: 0,
    ja: {
      term: 'グロッキング',
      definition:
        '訓練データには完璧に合っているのに未知のデータでは当てずっぽうと変わらない状態が長く続いたあと、あるとき急に未知のデータにも正解しはじめる現象です。Power ら（2022）が、ハインラインの小説の造語から名づけました。',
    },
    en: {
      term: 'grokking',
      definition:
        'A model fits its training data perfectly while staying at chance on unseen data for a long time, then abruptly starts getting the unseen data right too. Power et al. (2022) named it after a word coined in a Heinlein novel.',
    },
  },
  {
    id: 'overfitting',
    group: 'phenomenon',
    chapter: 0,
    ja: {
      term: '過学習',
      definition:
        '訓練データに合わせすぎて、新しいデータでの成績が伸びない状態です。グロッキングは、過学習に見える段階を越えて学習を続けると報われることがある例です。',
    },
    en: {
      term: 'overfitting',
      definition:
        'Fitting the training data so closely that performance on new data lags far behind. Grokking is a case where training on past apparent overfitting still pays off.',
    },
  },
  {
    id: 'memorization',
    group: 'phenomenon',
    chapter: 2,
    ja: {
      term: '暗記',
      definition:
        '規則ではなく、訓練問題の答えを一つひとつ覚えることで訓練データに合わせることです。訓練の正解率は満点、テストの正解率は当てずっぽう並みになります。Nanda らの 3 段階では最初の段階の名前でもあります。',
    },
    en: {
      term: 'memorization',
      definition:
        'Fitting the training questions by storing their answers rather than a rule: perfect training accuracy, chance-level test accuracy. In Nanda et al.’s account it is also the first of the three phases.',
    },
  },
  {
    id: 'generalization',
    group: 'phenomenon',
    chapter: 1,
    ja: {
      term: '汎化',
      definition:
        '訓練で見せていない問題にも正解することです。この解説では、足し算の表の隠したマスに正解することを指し、テスト正解率が 100% 近くなれば規則を見つけたといえます。',
    },
    en: {
      term: 'generalization',
      definition:
        'Getting questions right that were not in the training data. Here it means answering the hidden cells of the addition table; test accuracy near 100% means the network has found the rule.',
    },
  },
  {
    id: 'ungrokking',
    group: 'phenomenon',
    chapter: 5,
    ja: {
      term: 'アングロッキング',
      definition:
        'Varma らが予測した現象です。いったんグロッキングしたネットワークを、臨界データサイズよりずっと小さい訓練データで学習し直すと、暗記に逆戻りします。',
    },
    en: {
      term: 'ungrokking',
      definition:
        'Predicted by Varma et al.: a network that has grokked, retrained on a training set well below the critical dataset size, falls back to memorizing.',
    },
  },
  {
    id: 'semi-grokking',
    group: 'phenomenon',
    chapter: 5,
    ja: {
      term: 'セミグロッキング',
      definition:
        'Varma らが予測した現象です。訓練データの大きさが臨界データサイズに近いとき、テスト正解率が途中までしか上がりません。',
    },
    en: {
      term: 'semi-grokking',
      definition: 'Predicted by Varma et al.: only partial test accuracy for training sets close to the critical dataset size.',
    },
  },
  {
    id: 'critical-dataset-size',
    group: 'phenomenon',
    chapter: 5,
    ja: {
      term: '臨界データサイズ',
      definition:
        '汎化する回路のほうが暗記する回路より効率がよくなる訓練データの大きさです（Varma ら）。これより大きければ重み減衰は規則に、小さければ答えの一覧に味方します。',
    },
    en: {
      term: 'critical dataset size',
      definition:
        'The training-set size above which the generalizing circuit is more efficient than the memorizing one (Varma et al.). Above it weight decay favours the rule; below it, the lookup table.',
    },
  },
  // The task
  {
    id: 'modular-addition',
    group: 'task',
    chapter: 1,
    ja: {
      term: 'モジュラー加算',
      definition:
        '目盛りが p 個の時計の上での足し算で、a + b を p で割った余り (a + b) mod p を答えます。p を法（modulus）と呼びます。問題は全部で p² 問しかありません。',
    },
    en: {
      term: 'modular addition',
      definition:
        'Addition on a clock with p positions: (a + b) mod p, the remainder of a + b after dividing by p. The number p is the modulus, and the whole task has only p² questions.',
    },
  },
  {
    id: 'train-test-split',
    group: 'task',
    chapter: 1,
    ja: {
      term: '訓練データとテストデータ',
      definition:
        'ネットワークが学ぶ問題（訓練データ）と、採点のためにとっておく問題（テストデータ）です。この解説では、学習の前に乱数の種を決めて、足し算の表のマスを無作為に振り分けます。',
    },
    en: {
      term: 'training set and test set',
      definition:
        'The questions the network learns from (training set) and those held back to grade it (test set). Here the cells of the addition table are split at random, from a fixed seed, before training starts.',
    },
  },
  {
    id: 'train-fraction',
    group: 'task',
    chapter: 1,
    ja: {
      term: '訓練データの割合',
      definition:
        '全 p² 問のうち訓練に使う割合です。序章では 45%、第 2 章では 3 割です。少ないほど汎化までの待ち時間が長くなり、ある割合を下回ると決められた学習時間内には汎化しません。',
    },
    en: {
      term: 'train fraction',
      definition:
        'The share of all p² questions used for training: 45% in the prologue, 30% in chapter 2. Less data means a longer wait, and below some share there is no generalization within the budget.',
    },
  },
  {
    id: 'one-hot',
    group: 'task',
    chapter: 1,
    ja: {
      term: 'ワンホット符号',
      definition:
        '数ごとに専用の入れ物を 1 つ割り当てる符号で、どの数とどの数が隣り合うかは何も伝えません。この解説のモデルでは、a の値ごとに重み行列の行が 1 つ選ばれ、これがワンホット入力にあたります。',
    },
    en: {
      term: 'one-hot encoding',
      definition:
        'A code that gives each number its own slot and says nothing about which numbers are neighbours. In this explainer’s model each value of a selects its own row of a weight matrix, which amounts to a one-hot input.',
    },
  },
  {
    id: 'latin-square',
    group: 'task',
    chapter: 1,
    ja: {
      term: 'ラテン方陣',
      definition:
        'どの行にもどの列にも、それぞれの値がちょうど 1 回ずつ現れる表です。p を法とする足し算の表はラテン方陣で、第 3 章ではこの性質のせいで初期のカーネルが正解に票を入れないことを見ます。',
    },
    en: {
      term: 'Latin square',
      definition:
        'A table in which every value appears exactly once in each row and each column. The addition table mod p is one; chapter 3 shows why this makes the starting kernel vote against the right answer.',
    },
  },
  // Training
  {
    id: 'step',
    group: 'training',
    chapter: 2,
    ja: {
      term: 'ステップ',
      definition:
        '重みの更新 1 回分です。全バッチで学習するので、1 ステップで訓練問題をすべて 1 回ずつ使います。論文によってはエポックと呼ぶ単位と同じです。',
    },
    en: {
      term: 'step',
      definition:
        'One update of the weights. Training here is full-batch, so each step uses every training question once, which is what some papers call an epoch.',
    },
  },
  {
    id: 'loss',
    group: 'training',
    chapter: 2,
    ja: {
      term: '交差エントロピー損失',
      definition:
        'ソフトマックスで p 個の点数を確率に直し、正解に割り当てた確率の対数にマイナスを付けたものです。学習はこの値を小さくするように重みを動かします。',
    },
    en: {
      term: 'cross-entropy loss',
      definition:
        'The softmax turns the p scores into probabilities, and the loss is minus the log of the probability given to the right answer. Training moves the weights to make it smaller.',
    },
  },
  {
    id: 'learning-rate',
    group: 'training',
    chapter: 5,
    ja: {
      term: '学習率',
      definition:
        '最適化の 1 歩の大きさ η です。この解説の設定ではほとんどが 0.01 で、序章では 0.03、第 2 章の定番の設定では 0.02、第 3 章の怠惰な学習と豊かな学習の比較では 10⁻³/α です。',
    },
    en: {
      term: 'learning rate',
      definition:
        'The size η of each optimizer step: 0.01 in most of this explainer’s settings, 0.03 in the prologue, 0.02 in chapter 2’s classic setting, and 10⁻³/α in chapter 3’s lazy and rich runs.',
    },
  },
  {
    id: 'adamw',
    group: 'training',
    chapter: 2,
    ja: {
      term: 'AdamW',
      definition:
        '重み減衰を勾配とは切り離して（decoupled）かける Adam です。毎ステップ、まずすべての重みに 1 − ηλ を掛け、そのあと過去の勾配の移動平均で重みごとに歩幅を調整した Adam の更新を加えます。',
    },
    en: {
      term: 'AdamW',
      definition:
        'Adam with decoupled weight decay: each step first multiplies every weight by 1 − ηλ, then takes Adam’s update, which sizes each weight’s step by running averages of its past gradients.',
    },
  },
  {
    id: 'full-batch',
    group: 'training',
    chapter: 2,
    ja: {
      term: '全バッチ学習',
      definition:
        '毎ステップ、一部を抜き出す（ミニバッチ）のではなく、訓練問題のすべてを使って学習することです。この解説の学習はすべて全バッチで、Nanda らの実験と同じです。',
    },
    en: {
      term: 'full-batch training',
      definition:
        'Using every training question at every step, rather than a random subset (a minibatch). Every run in this explainer is full-batch, as in Nanda et al.’s experiments.',
    },
  },
  {
    id: 'weight-decay',
    group: 'training',
    chapter: 2,
    ja: {
      term: '重み減衰',
      definition:
        '毎ステップ、すべての重みをほんの少し 0 に向けて縮めることです。AdamW では更新の前に θ ← θ(1 − ηλ) とかけます。この解説の学習で、暗記から規則へ押し出す主な力です。',
    },
    en: {
      term: 'weight decay',
      definition:
        'Shrinking every weight a little toward zero at every step; in AdamW, θ ← θ(1 − ηλ) before each update. In this explainer’s runs it is the main push from memorizing to the rule.',
    },
  },
  {
    id: 'regularization',
    group: 'training',
    chapter: 5,
    ja: {
      term: '正則化',
      definition:
        '訓練データに同じくらい合う解のうち、より単純なもの（ふつうは重みの小さいもの）を選ばせるために学習に加える工夫です。この解説では重み減衰と ℓ∞ 罰則の 2 つを扱います。',
    },
    en: {
      term: 'regularization',
      definition:
        'Anything added to training to prefer simpler solutions, usually smaller weights, among those that fit the training data equally well. This explainer uses weight decay and an ℓ∞ penalty.',
    },
  },
  {
    id: 'weight-norm',
    group: 'training',
    chapter: 2,
    ja: {
      term: '重みノルム',
      definition:
        '重み全体の大きさで、すべての重みの 2 乗の和の平方根です。テスト正解率が平らなあいだも動くので、内側の進み具合を見る手がかりになります。',
    },
    en: {
      term: 'weight norm',
      definition:
        'The overall size of the weights: the square root of the sum of all squared weights. It moves while test accuracy is still flat, so it is one way to watch hidden progress.',
    },
  },
  {
    id: 'l2-norm',
    group: 'training',
    chapter: 5,
    ja: {
      term: 'ℓ2 ノルム',
      definition: '‖θ‖₂ = √(Σθᵢ²)。すべての重みの 2 乗の和の平方根で、重み減衰が小さくしようとする大きさです。',
    },
    en: {
      term: 'ℓ2 norm',
      definition: '‖θ‖₂ = √(Σθᵢ²), the square root of the sum of all squared weights: the size that weight decay charges for.',
    },
  },
  {
    id: 'linf-norm',
    group: 'training',
    chapter: 5,
    ja: {
      term: 'ℓ∞ ノルム',
      definition:
        '‖θ‖∞ = max|θᵢ|。いちばん大きい重み 1 つだけを見る大きさです。Mohamadi らは、Adam の暗黙の偏りの代わりとして、ごく弱い ℓ∞ 罰則をかけた学習について結果を証明しています。',
    },
    en: {
      term: 'ℓ∞ norm',
      definition:
        '‖θ‖∞ = max|θᵢ|, the single largest weight. Mohamadi et al. prove their results for training with a tiny ℓ∞ penalty, as a stand-in for Adam’s implicit bias.',
    },
  },
  {
    id: 'implicit-bias',
    group: 'training',
    chapter: 5,
    ja: {
      term: '暗黙の偏り',
      definition:
        '指示されなくても最適化手法がたどり着きやすい解の傾向です。Adam と AdamW が ℓ∞ ノルムの小さい解に傾くことは、Xie・Li（2024）と Zhang・Zou・Cao（2024）が証明しています。',
    },
    en: {
      term: 'implicit bias',
      definition:
        'The kind of solution an optimizer tends to reach without being asked to. Adam and AdamW are proved to lean toward solutions with a small ℓ∞ norm (Xie & Li 2024; Zhang, Zou & Cao 2024).',
    },
  },
  {
    id: 'reference-run',
    group: 'training',
    chapter: 2,
    ja: {
      term: '参照の学習',
      definition:
        '同じ設定・同じ乱数の種で、同じエンジンがあらかじめ学習させておいた記録です。ページに同梱され、生の学習の下に薄い線で描かれ、ブラウザで学習できないときは代わりに表示されます。',
    },
    en: {
      term: 'reference run',
      definition:
        'The same setting with the same seed, trained ahead of time by the same engine and shipped with the page. It is drawn as faint lines under a live run, and shown instead when the browser cannot train.',
    },
  },
  // Kernels and features
  {
    id: 'kernel',
    group: 'kernel',
    chapter: 3,
    ja: {
      term: 'カーネル',
      definition:
        '2 つの入力がどれだけ似ているかを表す、固定された物差し K(x, x′) です。カーネル法は、新しい問題に対して、訓練問題に似ている度合いに応じた重みで投票させて答えます。',
    },
    en: {
      term: 'kernel',
      definition:
        'A fixed measure of similarity K(x, x′) between two inputs. A kernel method answers a new question by letting the training questions vote, each weighted by its similarity.',
    },
  },
  {
    id: 'kernel-regression',
    group: 'kernel',
    chapter: 3,
    ja: {
      term: 'カーネル回帰',
      definition:
        '訓練データの答えをちょうど再現するように係数 β = K⁻¹y を決め、f(x) = Σ βᵢ K(x, xᵢ) で予測するカーネル法です。怠惰に学習したネットワークは、出発時のカーネルでこれを計算しているのと同じです。',
    },
    en: {
      term: 'kernel regression',
      definition:
        'The kernel method that reproduces the training answers exactly: coefficients β = K⁻¹y, prediction f(x) = Σ βᵢ K(x, xᵢ). A lazily trained network computes this with its starting kernel.',
    },
  },
  {
    id: 'ntk',
    group: 'kernel',
    chapter: 3,
    ja: {
      term: 'ニューラルタンジェントカーネル',
      original: 'neural tangent kernel、NTK・eNTK',
      definition:
        '2 つの入力の似ている度合いを、重みについての出力の勾配どうしの内積で測るカーネルです。いまの重みで計算したものを経験的 NTK（eNTK）と呼び、カーネル領域ではほとんど動かず、特徴を学ぶと変わります。',
    },
    en: {
      term: 'neural tangent kernel (NTK, eNTK)',
      definition:
        'The similarity of two inputs measured as the dot product of the gradients of the output with respect to the weights. The empirical NTK (eNTK) is taken at the current weights; it barely moves in the kernel regime and changes when features are learned.',
    },
  },
  {
    id: 'kernel-regime',
    group: 'kernel',
    chapter: 3,
    ja: {
      term: 'カーネル領域・怠惰な学習',
      original: 'kernel regime、lazy training',
      definition:
        '重みがほとんど動かず、ネットワークが出発時の eNTK によるカーネル回帰と同じように振る舞う学習のあり方です。訓練データは暗記できますが、モジュラー加算では表の一部から規則を学べません。',
    },
    en: {
      term: 'kernel regime (lazy training)',
      definition:
        'Training in which the weights barely move, so the network acts like kernel regression with its starting eNTK. It can memorize the training set but, on modular addition, cannot learn the rule from part of the table.',
    },
  },
  {
    id: 'feature-learning',
    group: 'kernel',
    chapter: 3,
    ja: {
      term: '特徴学習・豊かな学習',
      original: 'feature learning、rich regime',
      definition:
        '重みが大きく動き、勾配そのもの、つまりネットワーク自身の特徴とカーネルが変わっていく学習のあり方です。モジュラー加算では、どんな固定カーネルよりはるかに少ないデータで足ります。',
    },
    en: {
      term: 'feature learning (rich regime)',
      definition:
        'Training in which the weights move far enough to change the gradients themselves, and so the network’s own features and kernel. On modular addition it needs far less data than any fixed kernel.',
    },
  },
  {
    id: 'output-scale',
    group: 'kernel',
    chapter: 3,
    ja: {
      term: '出力の倍率 α',
      definition:
        'Kumar らの「怠惰さ」のつまみで、α(f(θ) − f(θ₀)) を学習させます。α が大きいと重みが動く前にデータに合ってしまい（怠惰）、小さいと重みと特徴が動きます（豊か）。α が大きいほどグロッキングの遅れは長くなります。',
    },
    en: {
      term: 'output scale α',
      definition:
        'Kumar et al.’s laziness knob: train α·(f(θ) − f(θ₀)). A large α fits the data before the weights move (lazy); a small α makes the weights and features move (rich). The larger α, the longer the grokking delay.',
    },
  },
  {
    id: 'permutation-equivariance',
    group: 'kernel',
    chapter: 3,
    ja: {
      term: '置換同変性',
      definition:
        'a、b、c の数の名前をそれぞれ別々に付け替えると、予測も同じように付け替わるだけ、という学習方法の性質です。この解説のネットワークの勾配による学習はこの性質をもつので、数の並び順を手がかりにできません。',
    },
    en: {
      term: 'permutation equivariance',
      definition:
        'A learning method has it if renaming the numbers (separate reorderings of a, b and c) just renames its predictions. Gradient training of this explainer’s network has it, so it cannot lean on the order of the numbers.',
    },
  },
  {
    id: 'margin',
    group: 'kernel',
    chapter: 3,
    ja: {
      term: 'マージン',
      definition:
        '1 つの問題について、正解の点数から、いちばん点数の高い誤答の点数を引いた値です。Mohamadi らの上界は、最大の重みで正規化したマージンがほぼ最大のネットワークについて成り立ちます。',
    },
    en: {
      term: 'margin',
      definition:
        'For one question, the score of the right answer minus the best wrong score. Mohamadi et al.’s upper bound holds for networks whose margin, normalized by the largest weight, is nearly as large as possible.',
    },
  },
  // Inside the network
  {
    id: 'circuit',
    group: 'inside',
    chapter: 2,
    ja: {
      term: '回路',
      definition:
        '解釈可能性の研究で、ネットワークの中で 1 つの仕組み（時計のアルゴリズムや答えの一覧など）を担っている部分のことです。',
    },
    en: {
      term: 'circuit',
      definition: 'In interpretability research, the part of a network that carries out one mechanism, such as the clock algorithm or a lookup table.',
    },
  },
  {
    id: 'progress-measure',
    group: 'inside',
    chapter: 2,
    ja: {
      term: '進捗指標',
      definition:
        '汎用の解き方が内側でどこまでできあがったかを追う量です。Nanda らの restricted loss や excluded loss がその例で、テスト正解率が跳ね上がるずっと前からなめらかに変化します。',
    },
    en: {
      term: 'progress measure',
      definition:
        'A quantity that tracks how far the general solution has been built inside the network, such as Nanda et al.’s restricted and excluded loss. These change smoothly long before test accuracy jumps.',
    },
  },
  {
    id: 'circuit-formation',
    group: 'inside',
    chapter: 2,
    ja: {
      term: '回路形成',
      definition:
        'Nanda らの 3 段階の 2 番目です。暗記した解き方を残したまま、汎用の回路が少しずつ組み上がります。外からは何も起きていないように見えます。',
    },
    en: {
      term: 'circuit formation',
      definition:
        'The second of Nanda et al.’s three phases: the general circuit builds up gradually while the memorized solution stays in place. From the outside nothing seems to happen.',
    },
  },
  {
    id: 'cleanup',
    group: 'inside',
    chapter: 2,
    ja: {
      term: '整理',
      definition: 'Nanda らの 3 段階の最後です。重み減衰が暗記の部分を取り除き、テスト正解率はこの段階のあいだに跳ね上がります。',
    },
    en: {
      term: 'cleanup',
      definition: 'The last of Nanda et al.’s three phases: weight decay removes the memorizing components, and test accuracy jumps during it, not before.',
    },
  },
  {
    id: 'circuit-efficiency',
    group: 'inside',
    chapter: 5,
    ja: {
      term: '回路の効率',
      definition:
        '回路が重みノルム 1 単位あたりにどれだけ大きな出力（ロジット）を生むかです（Varma ら）。重み減衰はノルムに代償を課すので、より効率のよい回路に味方します。',
    },
    en: {
      term: 'circuit efficiency',
      definition:
        'How large an output (logit) a circuit produces per unit of weight norm (Varma et al.). Weight decay charges for norm, so it favours the more efficient circuit.',
    },
  },
  {
    id: 'fourier-features',
    group: 'inside',
    chapter: 4,
    ja: {
      term: 'フーリエ特徴',
      definition:
        '数 a に沿って cos(2πka/p) や sin(2πka/p) のように変化する重みで、時計を一周する波にあたります。モジュラー加算を学んだネットワークは、いくつかの周波数 k の波で数を表します。',
    },
    en: {
      term: 'Fourier features',
      definition:
        'Weights that vary like cos(2πka/p) and sin(2πka/p) along the numbers a: waves that go round the clock. Networks trained on modular addition represent numbers with such waves at a few frequencies k.',
    },
  },
  {
    id: 'key-frequency',
    group: 'inside',
    chapter: 4,
    ja: {
      term: '主要な周波数',
      definition:
        '学習したネットワークが実際に使っている、少数の周波数 k です。Nanda らの Transformer（p = 113）では 5 つで、これらを取り除くと当てずっぽう並みに落ち、ほかを取り除くとむしろ少しよくなりました。',
    },
    en: {
      term: 'key frequency',
      definition:
        'One of the few frequencies k a trained network actually uses. Nanda et al.’s Transformer (p = 113) used five: removing them dropped it to chance, while removing all the others slightly improved it.',
    },
  },
  {
    id: 'clock-algorithm',
    group: 'inside',
    chapter: 4,
    ja: {
      term: '時計アルゴリズム',
      definition:
        'Nanda らが学習済みのネットワークの中に見つけた計算手順です。a と b を角度として表し、角度の足し算で a + b の cos と sin を作り、答え c ごとの点数 Σ cos(w_k(a + b − c)) が c ≡ a + b でいちばん大きくなるようにします。',
    },
    en: {
      term: 'clock algorithm',
      definition:
        'The algorithm Nanda et al. found inside a trained network: represent a and b as angles, add the angles to get cos and sin of w_k(a + b), and score each answer c by Σ cos(w_k(a + b − c)), which peaks at c ≡ a + b.',
    },
  },
  {
    id: 'ipr',
    group: 'inside',
    chapter: 2,
    ja: {
      term: '逆参加比',
      original: 'inverse participation ratio、IPR',
      definition:
        '重みをフーリエ変換したとき、そのエネルギーが少数の周波数にどれだけ集中しているかを表す量です。Gromov が進捗指標として提案し、学習の初めから増えていき、グロッキングのころに伸びが速くなります。',
    },
    en: {
      term: 'inverse participation ratio (IPR)',
      definition:
        'How strongly the Fourier transform of the weights is concentrated on a few frequencies. Gromov proposed it as a progress measure: it grows from the start of training and speeds up at grokking.',
    },
  },
  // Beyond weight decay
  {
    id: 'softmax-collapse',
    group: 'frontier',
    chapter: 6,
    ja: {
      term: 'ソフトマックス崩壊',
      definition:
        '浮動小数点では、正解のロジットが十分大きくなるとソフトマックスの和が正解の項だけに丸められ、その例の損失と勾配がちょうど 0 になって学習が止まる現象です（Prieto ら 2025）。この解説のモデルでは、重み減衰なしの学習でステップ 800 前後に起きました。',
    },
    en: {
      term: 'softmax collapse',
      definition:
        'In floating point, once the correct logit dominates, the softmax sum rounds to the correct term alone, so that example’s loss and gradient become exactly zero and learning stalls (Prieto et al. 2025). In this explainer’s model without weight decay it set in around step 800.',
    },
  },
  {
    id: 'stablemax',
    group: 'frontier',
    chapter: 6,
    ja: {
      term: 'StableMax',
      definition:
        'Prieto らによるソフトマックスの代わりで、指数関数の代わりに、正の入力では x + 1、負の入力では 1/(1 − x) を使います。ソフトマックス崩壊を避け、正則化なしでのグロッキングが報告されています。この解説のモデルでは崩壊は防げましたが、3,000 ステップ以内にはグロッキングしませんでした。',
    },
    en: {
      term: 'StableMax',
      definition:
        'Prieto et al.’s replacement for the softmax: instead of the exponential it uses x + 1 for positive inputs and 1/(1 − x) for negative ones. It avoids softmax collapse, and they report grokking without regularization. In this explainer’s model it prevented the collapse but did not grok within 3,000 steps.',
    },
  },
  {
    id: 'orthograd',
    group: 'frontier',
    chapter: 6,
    ja: {
      term: '⊥Grad',
      definition:
        '勾配から、いまの重みと同じ向きの成分を取り除く方法です（Prieto ら）。重みを拡大するだけの更新ができなくなり、過学習の段階を経ずに汎化したと報告されています。この解説のモデルでは、重み減衰なしで、遅れのあとにグロッキングしました。',
    },
    en: {
      term: '⊥Grad',
      definition:
        'Removing from each gradient its component along the current weights, so that a step cannot just scale the weights up (Prieto et al.). They report generalization with no overfitting phase; in this explainer’s model it grokked without weight decay, after a delay.',
    },
  },
  {
    id: 'grokfast',
    group: 'frontier',
    chapter: 6,
    ja: {
      term: 'Grokfast',
      definition:
        'Lee らの勾配フィルターで、過去の勾配のゆっくり変わる成分を増幅して勾配に足してから更新します。ミニバッチで学習した Transformer でステップ数が最大でおよそ 50 分の 1 になったと報告されていますが、この解説の全バッチのモデルではかえって遅くなりました。',
    },
    en: {
      term: 'Grokfast',
      definition:
        'Lee et al.’s gradient filter: amplify the slowly varying part of past gradients and add it to each gradient before the update. They report up to about 50× fewer steps for Transformers trained on minibatches; in this explainer’s full-batch model it made grokking later.',
    },
  },
];

export const GLOSSARY_BY_ID: ReadonlyMap<string, GlossaryEntry> = new Map(GLOSSARY.map((e) => [e.id, e]));

/** The entry for `id`; throws with the known ids, so a typo in a chapter fails the build. */
export function glossaryEntry(id: string): GlossaryEntry {
  const entry = GLOSSARY_BY_ID.get(id);
  if (!entry) {
    throw new Error(`Unknown glossary term "${id}". Known ids: ${[...GLOSSARY_BY_ID.keys()].join(', ')}.`);
  }
  return entry;
}

/**
 * The term as the glossary heads it: in Japanese with the English in
 * parentheses, unless the Japanese already is the English name.
 */
export function displayTerm(entry: GlossaryEntry, lang: Lang): string {
  if (lang === 'en') return entry.en.term;
  const ja = entry.ja.term;
  const en = entry.ja.original ?? entry.en.term;
  return ja === en ? ja : `${ja}（${en}）`;
}

export function termAnchor(id: string): string {
  return `term-${id}`;
}

let tooltipCount = 0;

/** A fresh element id for one `<Term>` tooltip: the same term may appear twice on a page. */
export function tooltipId(id: string): string {
  tooltipCount += 1;
  return `term-tip-${id}-${tooltipCount}`;
}

/**
 * The Japanese house terms: one word for each idea, so the chapters and the UI
 * never switch between two spellings of the same thing. `src/content/style-ja.md`
 * explains the choices; `style.test.ts` enforces this list and checks the sheet names it.
 */
export interface JaTerm {
  use: string;
  avoid: readonly string[];
}

export const JA_TERMS: readonly JaTerm[] = [
  { use: '乱数の種', avoid: ['シード'] },
  { use: '参照の学習', avoid: ['参照用の学習'] },
  { use: 'ブラウザ', avoid: ['ブラウザー'] },
  // 「オプティマイザ」 also catches 「オプティマイザー」: both spellings of the loanword are out.
  { use: '最適化手法', avoid: ['オプティマイザ'] },
  { use: 'なめらか', avoid: ['滑らか'] },
];

/** Phrasings that read as a translation of English sentence structure rather than as Japanese. */
export const JA_BANNED_PHRASES: readonly string[] = ['言っているのは'];

/**
 * Chapter 8 speaks as the team (「私たち」, the English "we"): its phrases propose, they do not
 * ask permission, so the request forms below must not appear there.
 */
export const JA_CH08_BANNED_REQUESTS: readonly string[] = ['せてください'];

export interface StyleHit {
  line: number;
  column: number;
  found: string;
  hint: string;
}

/** Every banned string in `text`, with 1-based line and column. */
export function styleHits(text: string, banned: readonly { found: string; hint: string }[]): StyleHit[] {
  const hits: StyleHit[] = [];
  text.split('\n').forEach((lineText, i) => {
    for (const { found, hint } of banned) {
      let at = lineText.indexOf(found);
      while (at !== -1) {
        hits.push({ line: i + 1, column: at + 1, found, hint });
        at = lineText.indexOf(found, at + found.length);
      }
    }
  });
  return hits;
}

/** The term list as banned strings, each with the word to use instead. */
export function termBans(): { found: string; hint: string }[] {
  return JA_TERMS.flatMap((t) => t.avoid.map((found) => ({ found, hint: `use 「${t.use}」` })));
}

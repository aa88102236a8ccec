import ja from './ja.json';
import en from './en.json';

export const LANGS = ['ja', 'en'] as const;
export type Lang = (typeof LANGS)[number];

/** The keys of the Japanese file are the contract; the parity test holds English to it. */
export type UiKey = keyof typeof ja;

const strings: Record<Lang, Record<UiKey, string>> = { ja, en };

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export function otherLang(lang: Lang): Lang {
  return lang === 'ja' ? 'en' : 'ja';
}

/** Looks up a UI string and fills `{name}` placeholders. */
export function t(lang: Lang, key: UiKey, params: Record<string, string | number> = {}): string {
  const template = strings[lang][key];
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

export function uiStrings(lang: Lang): Readonly<Record<UiKey, string>> {
  return strings[lang];
}

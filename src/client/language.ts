import { isLang, type Lang } from '../i18n';

const STORAGE_KEY = 'lang';

/**
 * The reader's language: an earlier explicit choice wins, then the browser's
 * ordered preferences; anything that is neither Japanese nor English reads English.
 */
export function preferredLang(browserLangs: readonly string[], storage: Pick<Storage, 'getItem'> | null = safeStorage()): Lang {
  const saved = storage?.getItem(STORAGE_KEY);
  if (isLang(saved)) return saved;
  for (const tag of browserLangs) {
    const primary = tag.toLowerCase().split('-')[0];
    if (isLang(primary)) return primary;
  }
  return 'en';
}

export function rememberLang(lang: string | undefined): void {
  if (!isLang(lang)) return;
  try {
    localStorage.setItem(STORAGE_KEY, lang);
  } catch {
    /* storage blocked: the browser's languages decide next time */
  }
}

function safeStorage(): Storage | null {
  try {
    return typeof localStorage === 'undefined' ? null : localStorage;
  } catch {
    return null;
  }
}

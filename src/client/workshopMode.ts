/**
 * Whether presenter mode is wanted, from the address or the tab's earlier
 * choice. Kept apart from workshop.ts so every chapter can ask cheaply and load
 * the presenter code only when someone turns it on.
 */
export const WORKSHOP_PARAM = 'workshop';
const STORAGE_KEY = 'workshop';

/** `?workshop=1` turns the mode on and `?workshop=0` off; null leaves the tab's choice. */
export function modeFromSearch(search: string): boolean | null {
  const value = new URLSearchParams(search).get(WORKSHOP_PARAM);
  if (value === null) return null;
  if (['1', 'true', 'on', ''].includes(value)) return true;
  if (['0', 'false', 'off'].includes(value)) return false;
  return null;
}

export function remembered(): boolean {
  try {
    return sessionStorage.getItem(STORAGE_KEY) === '1';
  } catch {
    return false;
  }
}

export function remember(on: boolean): void {
  try {
    if (on) sessionStorage.setItem(STORAGE_KEY, '1');
    else sessionStorage.removeItem(STORAGE_KEY);
  } catch {
    /* private mode: the mode lasts for this page only */
  }
}

/** The mode this page should open in. */
export function wantedAtLoad(search: string): boolean {
  return modeFromSearch(search) ?? remembered();
}

/**
 * Copy buttons on the meeting phrases and the handout's print button.
 * Progressive enhancement: the buttons stay hidden until this runs, and nothing
 * here may throw, because a failed copy must never break the page.
 */

export type CopyOutcome = 'copied' | 'selected' | 'failed';

export interface CopyEnv {
  /** The async Clipboard API, only where the browser offers it (secure contexts). */
  clipboard: { writeText(text: string): Promise<void> } | undefined;
  /** Selects the phrase on the page; false if there is no selection to make. */
  select(): boolean;
  /** Copies the current selection the pre-Clipboard-API way; false if the browser refused. */
  legacyCopy(): boolean;
}

// Han, kana, the prolonged sound mark and CJK punctuation: text in which a line
// break in the source must vanish rather than become a space.
const CJK = '[\\p{Script=Han}\\p{Script=Hiragana}\\p{Script=Katakana}\\u3000-\\u303f\\uff01-\\uff60\\u30fc]';
const CJK_GAP = new RegExp(`(${CJK})\\s+(?=${CJK})`, 'gu');

/** The phrase as a reader would paste it: one line, no stray spaces inside Japanese. */
export function phraseText(raw: string): string {
  return raw.replace(/\s+/g, ' ').trim().replace(CJK_GAP, '$1');
}

/**
 * Tries the Clipboard API, then selecting the text and the legacy copy command
 * (plain-HTTP previews have no Clipboard API), and reports what happened.
 */
export async function copyPhrase(text: string, env: CopyEnv): Promise<CopyOutcome> {
  if (env.clipboard) {
    try {
      await env.clipboard.writeText(text);
      return 'copied';
    } catch {
      // Denied permission or an unfocused document: selecting still helps the reader.
    }
  }
  let selected = false;
  try {
    selected = env.select();
  } catch {
    selected = false;
  }
  if (!selected) return 'failed';
  try {
    if (env.legacyCopy()) return 'copied';
  } catch {
    // Some browsers throw instead of returning false; the selection is still there.
  }
  return 'selected';
}

/**
 * document.execCommand is deprecated, yet it is the only copy that works without
 * the Clipboard API, and every current browser still implements 'copy'.
 */
interface LegacyCopyDocument {
  execCommand(command: 'copy'): boolean;
}

function browserEnv(target: HTMLElement): CopyEnv {
  return {
    clipboard: window.isSecureContext && 'clipboard' in navigator ? navigator.clipboard : undefined,
    select: () => {
      const selection = window.getSelection();
      if (!selection) return false;
      const range = document.createRange();
      range.selectNodeContents(target);
      selection.removeAllRanges();
      selection.addRange(range);
      return true;
    },
    legacyCopy: () => (document as unknown as LegacyCopyDocument).execCommand('copy'),
  };
}

const CLEAR_AFTER_MS = 4000;

function announce(status: HTMLElement, message: string): void {
  // Emptying first makes screen readers announce a repeated "Copied" again.
  status.textContent = '';
  window.setTimeout(() => {
    status.textContent = message;
  }, 50);
}

export function initPhrases(root: ParentNode = document): void {
  for (const figure of root.querySelectorAll<HTMLElement>('[data-phrase]')) {
    const button = figure.querySelector<HTMLButtonElement>('[data-phrase-copy]');
    const text = figure.querySelector<HTMLElement>('[data-phrase-text]');
    const status = figure.querySelector<HTMLElement>('[data-phrase-status]');
    if (!button || !text || !status || button.dataset.ready === 'true') continue;
    button.dataset.ready = 'true';
    const messages: Record<CopyOutcome, string> = {
      copied: button.dataset.copied ?? '',
      selected: button.dataset.selected ?? '',
      failed: button.dataset.failed ?? '',
    };
    let timer: number | undefined;
    button.addEventListener('click', () => {
      void copyPhrase(phraseText(text.textContent ?? ''), browserEnv(text))
        .catch((): CopyOutcome => 'failed')
        .then((outcome) => {
          figure.dataset.copy = outcome;
          announce(status, messages[outcome]);
          window.clearTimeout(timer);
          timer = window.setTimeout(() => {
            status.textContent = '';
            delete figure.dataset.copy;
          }, CLEAR_AFTER_MS);
        });
    });
    button.hidden = false;
  }
}

export function initHandout(root: ParentNode = document): void {
  for (const box of root.querySelectorAll<HTMLElement>('[data-handout]')) {
    const button = box.querySelector<HTMLButtonElement>('[data-print-handout]');
    if (!button || button.dataset.ready === 'true') continue;
    button.dataset.ready = 'true';
    button.addEventListener('click', () => {
      try {
        window.print();
      } catch {
        // Printing can be blocked (sandboxed frames); the browser's own Print still applies print.css.
      }
    });
    box.hidden = false;
  }
}

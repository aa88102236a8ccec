// @vitest-environment jsdom
import { describe, expect, it, vi } from 'vitest';
import { copyPhrase, initHandout, initPhrases, phraseText, type CopyEnv } from './phrases';

const env = (over: Partial<CopyEnv> = {}): CopyEnv => ({
  clipboard: { writeText: vi.fn(async () => undefined) },
  select: vi.fn(() => true),
  legacyCopy: vi.fn(() => true),
  ...over,
});

describe('phraseText', () => {
  it('joins an English phrase into one line with single spaces', () => {
    expect(phraseText('\n  Perfect on training,\n   flat on test.  ')).toBe('Perfect on training, flat on test.');
  });

  it('drops source line breaks between Japanese characters instead of turning them into spaces', () => {
    expect(phraseText('訓練で満点、\n  テストは横ばい。')).toBe('訓練で満点、テストは横ばい。');
    expect(phraseText('「これは\n失敗ではありません」')).toBe('「これは失敗ではありません」');
  });

  it('keeps the space between Japanese and Latin text', () => {
    expect(phraseText('重みノルムが 78 から 156 へ')).toBe('重みノルムが 78 から 156 へ');
    expect(phraseText('6 倍から 49 倍')).toBe('6 倍から 49 倍');
  });
});

describe('copyPhrase', () => {
  it('uses the Clipboard API when there is one', async () => {
    const e = env();
    await expect(copyPhrase('hello', e)).resolves.toBe('copied');
    expect(e.clipboard?.writeText).toHaveBeenCalledWith('hello');
    expect(e.select).not.toHaveBeenCalled();
  });

  it('falls back to selecting and the legacy copy without the Clipboard API (plain HTTP)', async () => {
    const e = env({ clipboard: undefined });
    await expect(copyPhrase('hello', e)).resolves.toBe('copied');
    expect(e.select).toHaveBeenCalled();
    expect(e.legacyCopy).toHaveBeenCalled();
  });

  it('falls back when the Clipboard API rejects (permission denied)', async () => {
    const e = env({ clipboard: { writeText: () => Promise.reject(new Error('NotAllowedError')) } });
    await expect(copyPhrase('hello', e)).resolves.toBe('copied');
    expect(e.legacyCopy).toHaveBeenCalled();
  });

  it('leaves the text selected for the reader when the legacy copy refuses or throws', async () => {
    await expect(copyPhrase('x', env({ clipboard: undefined, legacyCopy: () => false }))).resolves.toBe('selected');
    const throwing = env({
      clipboard: undefined,
      legacyCopy: () => {
        throw new Error('SecurityError');
      },
    });
    await expect(copyPhrase('x', throwing)).resolves.toBe('selected');
  });

  it('reports failure, never throws, when nothing can be selected either', async () => {
    await expect(copyPhrase('x', env({ clipboard: undefined, select: () => false }))).resolves.toBe('failed');
    const broken = env({
      clipboard: { writeText: () => Promise.reject(new Error('no')) },
      select: () => {
        throw new Error('no selection');
      },
    });
    await expect(copyPhrase('x', broken)).resolves.toBe('failed');
  });
});

describe('initPhrases and initHandout', () => {
  const markup = `
    <figure data-phrase>
      <blockquote><p data-phrase-text>
        訓練で満点、
        テストは横ばい。
      </p></blockquote>
      <button type="button" data-phrase-copy data-copied="コピーしました" data-selected="s" data-failed="f" hidden>コピー</button>
      <span role="status" aria-live="polite" data-phrase-status></span>
    </figure>
    <div data-handout hidden><button type="button" data-print-handout>印刷</button></div>`;

  it('reveals the buttons only once wired, and copies the normalized phrase', async () => {
    document.body.innerHTML = markup;
    const writeText = vi.fn(async () => undefined);
    Object.defineProperty(window, 'isSecureContext', { value: true, configurable: true });
    Object.defineProperty(navigator, 'clipboard', { value: { writeText }, configurable: true });
    vi.useFakeTimers();
    initPhrases(document);
    initPhrases(document);
    const button = document.querySelector<HTMLButtonElement>('[data-phrase-copy]')!;
    expect(button.hidden).toBe(false);
    button.click();
    await vi.advanceTimersByTimeAsync(100);
    expect(writeText).toHaveBeenCalledTimes(1);
    expect(writeText).toHaveBeenCalledWith('訓練で満点、テストは横ばい。');
    expect(document.querySelector('[data-phrase-status]')!.textContent).toBe('コピーしました');
    await vi.advanceTimersByTimeAsync(5000);
    expect(document.querySelector('[data-phrase-status]')!.textContent).toBe('');
    vi.useRealTimers();
  });

  it('prints on request and survives a print that throws', () => {
    document.body.innerHTML = markup;
    const print = vi.fn(() => {
      throw new Error('blocked');
    });
    Object.defineProperty(window, 'print', { value: print, configurable: true });
    initHandout(document);
    const box = document.querySelector<HTMLElement>('[data-handout]')!;
    expect(box.hidden).toBe(false);
    expect(() => box.querySelector<HTMLButtonElement>('[data-print-handout]')!.click()).not.toThrow();
    expect(print).toHaveBeenCalledTimes(1);
  });
});

// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { createPredictionGrid } from './predictionGrid.ts';
import { createTrainingCurves } from './trainingCurves.ts';
import { mount, nextFrame, recordingContext } from './test-utils.ts';

const p = 3;
const grid = { p, isTrain: Uint8Array.from([1, 1, 1, 0, 0, 0, 0, 0, 0]), correct: Uint8Array.from([1, 1, 1, 1, 0, 0, 0, 0, 0]) };

// Charts left alive would keep answering the theme events dispatched by later tests.
const live: { destroy(): void }[] = [];
function track<T extends { destroy(): void }>(chart: T): T {
  live.push(chart);
  return chart;
}

afterEach(() => {
  for (const chart of live.splice(0)) chart.destroy();
  vi.restoreAllMocks();
  vi.unstubAllGlobals();
  document.documentElement.removeAttribute('style');
  document.body.replaceChildren();
});

describe('chart lifecycle', () => {
  it('coalesces a burst of updates into one draw on the next frame', async () => {
    const { ctx, calls } = recordingContext();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never);
    const chart = track(createPredictionGrid(mount(), { lang: 'en' }));
    for (let i = 0; i < 10; i++) chart.update(grid);
    expect(calls).toHaveLength(0);
    await nextFrame();
    expect(calls.filter((c) => c.name === 'clearRect')).toHaveLength(1);
  });

  it('re-reads the colour tokens for canvas when the theme changes', async () => {
    const { ctx, calls } = recordingContext();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never);
    document.documentElement.style.setProperty('--accent', '#000080');
    const chart = track(createPredictionGrid(mount(), { lang: 'en' }));
    chart.update(grid);
    await nextFrame();
    const testRight = () => calls.filter((c) => c.name === 'fill').at(-2)?.fillStyle;
    expect(testRight()).toBe('rgb(0, 0, 128)');
    // What the site's toggle does: flip the tokens, then announce it.
    document.documentElement.style.setProperty('--accent', '#008000');
    document.dispatchEvent(new CustomEvent('themechange', { detail: 'dark' }));
    await nextFrame();
    expect(testRight()).toBe('rgb(0, 128, 0)');
  });

  it('redraws at the new width when its container is resized', async () => {
    let observed: ((entries: { contentRect: { width: number } }[]) => void) | null = null;
    vi.stubGlobal(
      'ResizeObserver',
      class {
        constructor(callback: typeof observed) {
          observed = callback;
        }
        observe() {}
        disconnect() {}
      },
    );
    const container = mount();
    const chart = track(createTrainingCurves(container, { lang: 'en' }));
    chart.update({ accuracy: { steps: [0, 1], train: [0, 1], test: [0, 0] } });
    await nextFrame();
    expect(document.querySelector('.chart-svg')!.getAttribute('width')).toBe('640');
    vi.spyOn(HTMLElement.prototype, 'clientWidth', 'get').mockReturnValue(360);
    observed!([{ contentRect: { width: 360 } }]);
    await nextFrame();
    expect(document.querySelector('.chart-svg')!.getAttribute('width')).toBe('360');
  });

  it('stops drawing after destroy', async () => {
    const { ctx, calls } = recordingContext();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never);
    const chart = track(createPredictionGrid(mount(), { lang: 'en' }));
    chart.update(grid);
    chart.destroy();
    document.dispatchEvent(new CustomEvent('themechange'));
    await nextFrame();
    await nextFrame();
    expect(calls).toHaveLength(0);
    expect(document.querySelector('.chart')).toBeNull();
  });

  it('gives every chart an image role with a name and a description', async () => {
    const chart = track(createTrainingCurves(mount(), { lang: 'ja' }));
    chart.update({ accuracy: { steps: [0, 1], train: [0, 1], test: [0, 0.5] } });
    await nextFrame();
    const figure = document.querySelector('.chart-figure')!;
    expect(figure.getAttribute('role')).toBe('img');
    const description = document.getElementById(figure.getAttribute('aria-describedby')!)!;
    expect(description.textContent).toBe('1 ステップまでの訓練とテストの正解率。ステップ 1 の時点で訓練 100%、テスト 50%。');
    expect(document.querySelector('.chart')!.getAttribute('lang')).toBe('ja');
    expect(document.querySelector('.chart-svg')!.getAttribute('aria-hidden')).toBe('true');
  });
});

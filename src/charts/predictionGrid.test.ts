// @vitest-environment jsdom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  TEST_RIGHT,
  TEST_WRONG,
  TRAIN_RIGHT,
  TRAIN_WRONG,
  categoryColors,
  cellCategories,
  cellCategory,
  createPredictionGrid,
  gridPixels,
  type PredictionGridData,
} from './predictionGrid.ts';
import { FALLBACK } from './theme.ts';
import { mount, nextFrame, recordingContext } from './test-utils.ts';

const p = 5;
// Train: the first two rows. Right: everything in the train rows, and the test cells on the diagonal.
const isTrain = Uint8Array.from({ length: p * p }, (_, i) => (Math.floor(i / p) < 2 ? 1 : 0));
const correct = Uint8Array.from({ length: p * p }, (_, i) => (Math.floor(i / p) < 2 || Math.floor(i / p) === i % p ? 1 : 0));
const data: PredictionGridData = {
  p,
  isTrain,
  correct,
  predicted: Int32Array.from({ length: p * p }, (_, i) => (Math.floor(i / p) + (i % p) + (correct[i] ? 0 : 1)) % p),
  answers: Int32Array.from({ length: p * p }, (_, i) => (Math.floor(i / p) + (i % p)) % p),
};

beforeEach(() => {
  vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(null);
});
afterEach(() => {
  vi.restoreAllMocks();
  document.body.replaceChildren();
});

describe('cell categories', () => {
  it('sorts each pair by split and correctness', () => {
    expect(cellCategory(true, true)).toBe(TRAIN_RIGHT);
    expect(cellCategory(true, false)).toBe(TRAIN_WRONG);
    expect(cellCategory(false, true)).toBe(TEST_RIGHT);
    expect(cellCategory(false, false)).toBe(TEST_WRONG);
  });

  it('maps pair index a·p + b to its category', () => {
    const c = cellCategories(data);
    expect(c).toHaveLength(25);
    expect(c[0 * p + 4]).toBe(TRAIN_RIGHT);
    expect(c[3 * p + 3]).toBe(TEST_RIGHT);
    expect(c[3 * p + 1]).toBe(TEST_WRONG);
    expect(c[4 * p + 0]).toBe(TEST_WRONG);
    expect(cellCategories({ p: 2, isTrain: [1, 1, 0, 0], correct: [0, 1, 0, 1] })).toEqual(
      Uint8Array.from([TRAIN_WRONG, TRAIN_RIGHT, TEST_WRONG, TEST_RIGHT]),
    );
  });

  it('fills test cells with the full colours and tints training cells towards the background', () => {
    const [trainRight, trainWrong, testRight, testWrong] = categoryColors(FALLBACK);
    expect(testRight).toBe(FALLBACK.accent);
    expect(testWrong).toBe(FALLBACK.warm);
    // accent rgb(11,107,99) 40% + bg rgb(251,250,247) 60%
    expect(trainRight).toBe('rgb(155, 193, 188)');
    expect(trainWrong).not.toBe(trainRight);
    const focused = categoryColors(FALLBACK, 'test');
    expect(focused[TEST_RIGHT]).toBe(FALLBACK.accent);
    expect(focused[TRAIN_RIGHT]).not.toBe(trainRight);
  });
});

describe('createPredictionGrid', () => {
  it('describes the counts per split and tabulates them', async () => {
    const chart = createPredictionGrid(mount(), { lang: 'en' });
    chart.update(data);
    await nextFrame();
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toBe(
      'A 5 × 5 grid with a row for each a and a column for each b. Train: 10 of 10 pairs right. Test: 3 of 15 pairs right.',
    );
    const rows = [...chart.table().querySelectorAll('tbody tr')].map((tr) => [...tr.children].map((c) => c.textContent));
    expect(rows).toEqual([
      ['Train', '10', '10', '100%'],
      ['Test', '15', '3', '20%'],
      ['All', '25', '13', '52%'],
    ]);
  });

  it('keeps its axes and description when there is no 2D canvas', async () => {
    const chart = createPredictionGrid(mount(), { lang: 'ja' });
    chart.update(data);
    await nextFrame();
    expect(document.querySelectorAll('.chart-tick-a')).toHaveLength(5);
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toContain('テストは 15 組のうち 3 組が正解');
  });

  it('paints every cell once, one fill per category, in the category colour', async () => {
    const { ctx, calls } = recordingContext();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never);
    const chart = createPredictionGrid(mount(), { lang: 'en' });
    chart.update(data);
    await nextFrame();
    expect(calls.filter((c) => c.name === 'rect')).toHaveLength(p * p);
    const fills = calls.filter((c) => c.name === 'fill').map((c) => c.fillStyle);
    expect(fills).toEqual([...categoryColors(FALLBACK)]);
    // Cells at p = 5 are big enough for the slash on the 12 wrong cells.
    expect(calls.filter((c) => c.name === 'moveTo')).toHaveLength(12);
    const canvas = document.querySelector('canvas')!;
    expect(canvas.width).toBe(Number.parseFloat(canvas.style.width));
  });

  it('paints large grids as one pixel per pair, scaled up unsmoothed', async () => {
    const { ctx, calls } = recordingContext();
    vi.spyOn(HTMLCanvasElement.prototype, 'getContext').mockReturnValue(ctx as never);
    const big = 113;
    const chart = createPredictionGrid(mount(), { lang: 'en' });
    chart.update({ p: big, isTrain: new Uint8Array(big * big), correct: new Uint8Array(big * big).fill(1) });
    await nextFrame();
    expect(calls.filter((c) => c.name === 'rect')).toHaveLength(0);
    const put = calls.find((c) => c.name === 'putImageData')!;
    expect((put.args[0] as ImageData).width).toBe(big);
    expect(calls.filter((c) => c.name === 'drawImage')).toHaveLength(1);
    expect(ctx.imageSmoothingEnabled).toBe(false);
  });

  it('turns categories into pixels of their colours', () => {
    const px = gridPixels(Uint8Array.from([TEST_WRONG, TRAIN_RIGHT]), ['rgb(1, 2, 3)', 'rgb(4, 5, 6)', 'rgb(7, 8, 9)', 'rgb(10, 11, 12)']);
    expect([...px]).toEqual([10, 11, 12, 255, 1, 2, 3, 255]);
  });

  it('names the pair under the pointer', async () => {
    const chart = createPredictionGrid(mount(), { lang: 'en' });
    chart.update(data);
    await nextFrame();
    const canvas = document.querySelector('canvas')!;
    const cell = Number.parseFloat(canvas.style.width || '0') / p || (640 - 2.2 * 16 - 8) / p;
    canvas.dispatchEvent(new PointerEvent('pointermove', { clientX: cell * 1.5, clientY: cell * 3.5 }));
    expect(document.querySelector('.chart-readout')!.textContent).toBe('a = 3, b = 1 · Test, wrong · predicted 0 · answer 4');
    canvas.dispatchEvent(new PointerEvent('pointerleave'));
    expect(document.querySelector('.chart-readout')!.textContent).toBe('');
  });

  it('says there is nothing to show when the arrays do not cover p × p', async () => {
    const chart = createPredictionGrid(mount(), { lang: 'en' });
    chart.update({ p: 7, isTrain: [1, 0], correct: [1, 1] });
    await nextFrame();
    expect(document.querySelector('.chart-figure .visually-hidden')!.textContent).toBe('No predictions yet.');
    expect(document.querySelector('canvas')!.hidden).toBe(true);
  });
});

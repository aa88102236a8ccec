import { describe, expect, it } from 'vitest';
import en from '../i18n/en.json';
import ja from '../i18n/ja.json';
import { backendLine, durationText, playButtonState } from './runSeries.ts';

describe('playButtonState', () => {
  it('offers to train, pause, resume or train again', () => {
    expect(playButtonState('idle', null, 0)).toEqual({ label: 'live.play', pressed: false, finished: false });
    expect(playButtonState('playing', null, 40)).toEqual({ label: 'live.pause', pressed: true, finished: false });
    expect(playButtonState('paused', null, 40)).toEqual({ label: 'live.resume', pressed: false, finished: false });
    expect(playButtonState('done', null, 600).label).toBe('live.again');
    expect(playButtonState('faulted', null, 800).finished).toBe(true);
  });

  it('counts a run held off-screen as playing: it resumes by itself', () => {
    expect(playButtonState('paused', 'offscreen', 40)).toMatchObject({ label: 'live.pause', pressed: true });
  });
});

describe('backendLine', () => {
  const strings = {
    'live.backend': 'Running on {name}',
    'live.backendForced': 'Running on {name} (set in the URL)',
    'live.backendFallback': '{wanted} is unavailable here, so this runs on {name}',
    'live.backendCpuFallback': 'WebAssembly is unavailable, so this runs in plain JavaScript: much slower.',
  };
  it('names the backend, says when the address chose it, and when it could not be had', () => {
    expect(backendLine(strings, 'wasm', '')).toBe('Running on wasm');
    expect(backendLine(strings, 'wasm', '?backend=wasm')).toBe('Running on wasm (set in the URL)');
    expect(backendLine(strings, 'wasm', '?backend=webgpu')).toBe('webgpu is unavailable here, so this runs on wasm');
    // The CPU without being asked for it means WebAssembly failed; that is said, with what it means.
    expect(backendLine(strings, 'cpu', '')).toBe(strings['live.backendCpuFallback']);
    expect(backendLine(strings, 'cpu', '?backend=wasm')).toBe(strings['live.backendCpuFallback']);
    expect(backendLine(strings, 'cpu', '?backend=cpu')).toBe('Running on cpu (set in the URL)');
  });
});

describe('durationText', () => {
  it('says how long in the unit a reader would use', () => {
    expect(durationText(3.2, en)).toBe('3 ms');
    expect(durationText(2500, en)).toBe('2.5 s');
    expect(durationText(45_000, en)).toBe('45 s');
    expect(durationText(12 * 60_000, en)).toBe('12 min');
    expect(durationText(200 * 60_000, en)).toBe('3 h 20 min');
    expect(durationText(200 * 60_000, ja)).toBe('3 時間 20 分');
  });
});

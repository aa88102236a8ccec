import { describe, expect, it } from 'vitest';
import { backendLine, playButtonState } from './runSeries.ts';

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

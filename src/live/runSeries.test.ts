import { describe, expect, it } from 'vitest';
import { playButtonState } from './runSeries.ts';

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

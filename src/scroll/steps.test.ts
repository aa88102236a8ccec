import { describe, expect, it } from 'vitest';
import { activeStep, parseStepState, stateAt, stepProgress } from './steps.ts';

const boxes = [
  { top: 100, bottom: 400 },
  { top: 500, bottom: 900 },
  { top: 1000, bottom: 1300 },
];

describe('scroll steps', () => {
  it('activates the last step whose top crossed the trigger line', () => {
    expect(activeStep(boxes, 50)).toBe(-1);
    expect(activeStep(boxes, 100)).toBe(0);
    expect(activeStep(boxes, 499)).toBe(0);
    expect(activeStep(boxes, 700)).toBe(1);
    expect(activeStep(boxes, 5000)).toBe(2);
  });

  it('measures progress through a step', () => {
    expect(stepProgress(boxes[1], 500)).toBe(0);
    expect(stepProgress(boxes[1], 700)).toBe(0.5);
    expect(stepProgress(boxes[1], 2000)).toBe(1);
    expect(stepProgress(undefined, 0)).toBe(0);
  });

  it('accumulates step states so any step can be reached directly', () => {
    const states = [{ play: false, phase: 'memorization' }, { play: true }, { phase: 'cleanup', grid: true }];
    expect(stateAt(states, 1)).toEqual({ play: true, phase: 'memorization' });
    expect(stateAt(states, 2)).toEqual({ play: true, phase: 'cleanup', grid: true });
    expect(stateAt(states, -1)).toEqual({});
  });

  it('refuses malformed step state', () => {
    expect(parseStepState('{"play":true}', '1')).toEqual({ play: true });
    expect(parseStepState(undefined, '1')).toEqual({});
    expect(() => parseStepState('[1]', '2')).toThrow(/JSON object/);
    expect(() => parseStepState('{play}', '3')).toThrow(/JSON object/);
  });
});

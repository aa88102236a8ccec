/**
 * Which step of a scrollytelling section is active, decided from geometry
 * alone: the last step whose top has crossed the trigger line (by default the
 * middle of the viewport). Pure, so the rule can be tested without a browser,
 * and the same rule serves scrolling, zooming and address-bar resizes.
 */
export interface StepBox {
  top: number;
  bottom: number;
}

/** -1 before the first step has reached the line. */
export function activeStep(boxes: readonly StepBox[], triggerY: number): number {
  let active = -1;
  for (let i = 0; i < boxes.length; i++) {
    if (boxes[i]!.top <= triggerY) active = i;
    else break;
  }
  return active;
}

/** Progress through the active step, 0 at its top crossing the line, 1 at its bottom. */
export function stepProgress(box: StepBox | undefined, triggerY: number): number {
  if (!box) return 0;
  const h = box.bottom - box.top;
  if (h <= 0) return 1;
  return Math.min(1, Math.max(0, (triggerY - box.top) / h));
}

/** A step's declared figure state, from its `data-state` JSON; bad JSON is an authoring error. */
export function parseStepState(text: string | undefined, where: string): Record<string, unknown> {
  if (!text) return {};
  try {
    const value: unknown = JSON.parse(text);
    if (value && typeof value === 'object' && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    /* reported below */
  }
  throw new Error(`Step ${where}: data-state must be a JSON object, got ${text}`);
}

/**
 * The state a figure shows at step i: every earlier step's state merged in
 * order, so jumping straight to a step (a shared link, keyboard stepping)
 * gives the same figure as scrolling there.
 */
export function stateAt(states: readonly Record<string, unknown>[], index: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (let i = 0; i <= index && i < states.length; i++) Object.assign(out, states[i]);
  return out;
}

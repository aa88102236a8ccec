/**
 * Wide tables and code blocks scroll sideways on small screens. Keyboard users
 * can only scroll what they can focus, so each one that overflows joins the
 * tab order (and leaves it again when the window grows).
 */
export function focusScrollables(root: HTMLElement): void {
  const boxes = [...root.querySelectorAll<HTMLElement>(':scope > table, pre')];
  const update = () => {
    for (const box of boxes) {
      if (box.scrollWidth > box.clientWidth + 1) box.tabIndex = 0;
      else box.removeAttribute('tabindex');
    }
  };
  update();
  new ResizeObserver(update).observe(root);
}

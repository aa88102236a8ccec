/**
 * Figure lifecycle: a figure is set up when it comes within about a screen of
 * the viewport (so it is ready when the reader arrives), told when it is
 * actually on screen (so live runs pause off-screen), and set up only once.
 */
export interface FigureHandle {
  setVisible(visible: boolean): void;
  destroy(): void;
}

export function observeFigure(selector: string, mount: (el: HTMLElement) => Promise<FigureHandle>): void {
  const handles = new WeakMap<Element, Promise<FigureHandle>>();
  const visible = new WeakMap<Element, boolean>();

  const onScreen = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        visible.set(entry.target, entry.isIntersecting);
        void handles.get(entry.target)?.then((h) => h.setVisible(entry.isIntersecting));
      }
    },
    { threshold: 0 },
  );
  const near = new IntersectionObserver(
    (entries) => {
      for (const entry of entries) {
        if (!entry.isIntersecting || handles.has(entry.target)) continue;
        const el = entry.target as HTMLElement;
        near.unobserve(el);
        const handle = mount(el).then((h) => {
          h.setVisible(visible.get(el) ?? false);
          return h;
        });
        handles.set(el, handle);
        onScreen.observe(el);
      }
    },
    { rootMargin: '100% 0px' },
  );
  for (const el of document.querySelectorAll(selector)) near.observe(el);
}

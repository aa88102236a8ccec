type Scheme = 'light' | 'dark';

const STORAGE_KEY = 'theme';
const systemDark = () => window.matchMedia('(prefers-color-scheme: dark)').matches;

function stored(): Scheme | null {
  try {
    const value = localStorage.getItem(STORAGE_KEY);
    return value === 'light' || value === 'dark' ? value : null;
  } catch {
    return null;
  }
}

function effective(): Scheme {
  return stored() ?? (systemDark() ? 'dark' : 'light');
}

/** Wires the toggle: flips the scheme, persists the choice, keeps the label honest. */
export function initThemeToggle(button: HTMLButtonElement): void {
  const root = document.documentElement;
  const status = button.querySelector<HTMLElement>('[data-status]');
  const render = () => {
    const scheme = effective();
    root.dataset.effectiveTheme = scheme;
    const name = scheme === 'dark' ? button.dataset.dark : button.dataset.light;
    // The accessible name says what the button does and what is on now.
    if (status && name) {
      const current = (button.dataset.current ?? '{mode}').replace('{mode}', name);
      status.textContent = `${button.dataset.toggle ?? ''} (${current})`;
    }
  };
  button.addEventListener('click', () => {
    const next: Scheme = effective() === 'dark' ? 'light' : 'dark';
    root.dataset.theme = next;
    try {
      localStorage.setItem(STORAGE_KEY, next);
    } catch {
      /* private mode: the choice lasts for this page only */
    }
    render();
    document.dispatchEvent(new CustomEvent('themechange', { detail: next }));
  });
  window.matchMedia('(prefers-color-scheme: dark)').addEventListener('change', render);
  render();
}

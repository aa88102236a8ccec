// Runs before first paint (a blocking classic script, not inline, so a strict
// Content-Security-Policy can forbid inline scripts) to avoid a flash of the
// wrong colour scheme when the reader has chosen one explicitly.
(function () {
  try {
    var theme = localStorage.getItem('theme');
    if (theme === 'light' || theme === 'dark') document.documentElement.dataset.theme = theme;
  } catch (e) {
    /* storage may be blocked; the system preference applies */
  }
})();

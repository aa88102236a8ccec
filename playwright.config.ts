import { existsSync } from 'node:fs';
import { chromium, defineConfig, devices } from '@playwright/test';
import { systemChromium } from './scripts/browser.mjs';

// E2E_PORT lets several checkouts run their suites side by side on one machine.
const PORT = Number(process.env.E2E_PORT) || 4321;
const bundled = chromium.executablePath();
// Prefer Playwright's own Chromium; otherwise the system's (`npm test` installs one if neither exists).
const executablePath = existsSync(bundled) ? undefined : systemChromium();

// Without these, Chromium phones home at start-up, and this network refuses it.
const quietNetwork = ['--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'];
const launchOptions = executablePath ? { executablePath, args: quietNetwork } : { args: quietNetwork };

export default defineConfig({
  testDir: './e2e',
  fullyParallel: true,
  workers: 2,
  forbidOnly: !!process.env.CI,
  // No retries anywhere: a test that passes only on a second try is a defect, and CI runs what a newcomer runs.
  retries: 0,
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  // Tests wait on states, not clocks; this budget only bounds a test that would otherwise hang.
  timeout: 120_000,
  expect: { timeout: 10_000 },
  use: {
    baseURL: `http://127.0.0.1:${PORT}`,
    trace: 'retain-on-failure',
    launchOptions,
    // A service worker would answer requests that tests intercept with page.route; e2e/offline.spec.ts allows it.
    serviceWorkers: 'block',
  },
  projects: [
    { name: 'chromium', grepInvert: /@webgpu/, use: { ...devices['Desktop Chrome'], launchOptions } },
    {
      // WebGPU needs this flag in headless Chromium; on a machine without a GPU it runs on SwiftShader.
      name: 'webgpu',
      grep: /@webgpu/,
      use: { ...devices['Desktop Chrome'], launchOptions: { ...launchOptions, args: [...quietNetwork, '--enable-unsafe-webgpu'] } },
    },
  ],
  webServer: {
    command: `npx astro preview --port ${PORT} --host 127.0.0.1`,
    url: `http://127.0.0.1:${PORT}/ja/`,
    env: { ASTRO_TELEMETRY_DISABLED: '1' },
    reuseExistingServer: !process.env.CI,
    timeout: 60_000,
  },
});

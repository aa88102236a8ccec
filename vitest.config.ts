/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

// Unit tests sit beside the code they test; they run in Node (no browser).
export default getViteConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
    // Some tests train real models: on a loaded two-core machine a 2,000-step run took over the
    // default 5 s. Speed is measured by the benchmarks; this only stops a test that hangs.
    testTimeout: 60_000,
  },
});

/// <reference types="vitest/config" />
import { getViteConfig } from 'astro/config';

// Unit tests sit beside the code they test; they run in Node (no browser).
export default getViteConfig({
  test: {
    include: ['src/**/*.test.ts', 'scripts/**/*.test.ts'],
    environment: 'node',
  },
});

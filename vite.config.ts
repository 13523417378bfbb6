// Vite + vitest configuration. The renderer build arrives with the desktop-app issue;
// until then this file carries the test projects: fast unit tests, and integration
// tests that run the simulator over real HTTP on loopback (slower, serial per file).
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['test/unit/**/*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
    ],
  },
});

// Vite + vitest configuration.
// - The renderer build (`npm run build:renderer` = `vite build`): the Svelte popup from
//   renderer/ into out/renderer/, with relative asset URLs (base './') so the same files load
//   from file:// in Electron and from the web host's loopback server.
// - The vitest projects: fast unit tests, integration tests that run the simulator over real
//   HTTP on loopback (slower, serial per file), and the renderer's pure-module unit tests
//   (jsdom, because DOMPurify needs a DOM; happy-dom mis-parses it).
import { fileURLToPath } from 'node:url';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vitest/config';

const repoRoot = fileURLToPath(new URL('.', import.meta.url));
const rendererRoot = fileURLToPath(new URL('./renderer', import.meta.url));
const rendererOut = fileURLToPath(new URL('./out/renderer', import.meta.url));

export default defineConfig({
  root: rendererRoot,
  base: './',
  plugins: [svelte({ configFile: false })],
  build: {
    outDir: rendererOut,
    emptyOutDir: true,
    target: 'chrome120',
    // The polyfill would be an extra chunk of code for a browser (Chromium) that needs none.
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  test: {
    root: repoRoot,
    projects: [
      {
        test: {
          name: 'unit',
          root: repoRoot,
          include: ['test/unit/**/*.test.ts'],
          exclude: ['test/unit/renderer-*.test.ts'],
          environment: 'node',
        },
      },
      {
        test: {
          name: 'integration',
          root: repoRoot,
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'renderer',
          root: repoRoot,
          include: ['test/unit/renderer-*.test.ts'],
          environment: 'jsdom',
        },
      },
    ],
  },
});

import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'electron-vite';
import { rendererCsp } from './scripts/renderer-csp-plugin.js';

export default defineConfig({
  main: {
    build: {
      rolldownOptions: {
        input: {
          // The Electron app's main process…
          index: resolve(__dirname, 'main/index.ts'),
          // …and browser mode: the same core served to a browser (no Electron needed).
          web: resolve(__dirname, 'main/web/start.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      // A sandboxed preload cannot require() from node_modules: bundle everything it uses.
      externalizeDeps: false,
      rolldownOptions: {
        input: { index: resolve(__dirname, 'preload/index.ts') },
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'renderer'),
    plugins: [
      react(),
      {
        // Absolute asset URLs, so that a deep route such as /oauth/create (reloaded, or opened from the
        // tray) still loads /assets/…: electron-vite's preset sets a relative base for production builds,
        // and this later hook overrides it.
        name: 'desk:absolute-base',
        config: () => ({ base: '/' }),
      },
      rendererCsp(),
    ],
    // `npm run dev`: loopback only, on a fixed port. electron-vite builds ELECTRON_RENDERER_URL from the
    // configured port, not the one Vite falls back to when it is taken, so a busy port must fail loudly.
    server: { host: '127.0.0.1', port: 5173, strictPort: true },
    build: {
      minify: true,
      rolldownOptions: { input: { index: resolve(__dirname, 'renderer/index.html') } },
    },
  },
});

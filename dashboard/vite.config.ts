/**
 * Vite build of the dashboard: dashboard/ → dist/dashboard/ (served by the control plane
 * under /ui/, index.html also at /). Content-hashed files under assets/, no inline script
 * and no data: URL (the control plane's Content-Security-Policy allows scripts from its own
 * origin only). `npx vite --config dashboard/vite.config.ts` serves it for development with
 * /api proxied to a control plane (BULWARK_CONTROL, default http://127.0.0.1:9091).
 */
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  base: '/ui/',
  plugins: [react()],
  build: {
    outDir: fileURLToPath(new URL('../dist/dashboard', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    // Everything a file: data: URLs would need a looser CSP, and runbooks stay readable links.
    assetsInlineLimit: 0,
    modulePreload: { polyfill: false },
    reportCompressedSize: false,
  },
  server: {
    // The runbooks (docs/runbooks) are bundled from outside the dashboard folder.
    fs: { allow: [fileURLToPath(new URL('..', import.meta.url))] },
    proxy: { '/api': process.env['BULWARK_CONTROL'] ?? 'http://127.0.0.1:9091' },
  },
});

/// <reference types="vitest/config" />
import { defineConfig } from 'vite';
import { svelte } from '@sveltejs/vite-plugin-svelte';

// Static files for `sanso serve` (web_root = ".../web/dist"). The server's CSP is
// default-src 'self': no inline scripts, no eval, no external resources.
export default defineConfig({
  plugins: [svelte()],
  base: '/',
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsInlineLimit: 0, // no data: URLs for scripts or fonts
    modulePreload: { polyfill: false }, // the polyfill is an inline-free module, but not needed
    target: 'es2020',
  },
  server: {
    // `npm run dev`: forward the API to a local `sanso serve` (SANSO_API, default the internet listener).
    proxy: { '/api': process.env.SANSO_API ?? 'http://127.0.0.1:8080' },
  },
  test: {
    include: ['src/**/*.test.ts'],
    environment: 'node',
  },
});

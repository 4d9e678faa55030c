import { svelte } from '@sveltejs/vite-plugin-svelte';
import { defineConfig } from 'vite';

// `base: './'` keeps every asset URL relative, so the built site works from any
// gateway sub-path such as `/<manifest id>/` (see docs/decisions.md).
export default defineConfig({
  base: './',
  plugins: [svelte()],
  build: { target: 'es2022', sourcemap: false, chunkSizeWarningLimit: 1500 },
  optimizeDeps: { exclude: ['@xmtp/wasm-bindings', '@xmtp/browser-sdk'] },
  server: { host: '127.0.0.1' },
  preview: { host: '127.0.0.1' },
});

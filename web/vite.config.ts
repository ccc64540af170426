/**
 * One multi-page build for both apps: web/dist/m/index.html (resident H5) and
 * web/dist/admin/index.html (console) with shared chunks under web/dist/assets/. The server
 * (src/server/plugins/web.ts) serves web/dist at / under a strict CSP, so everything here must
 * come from our own origin: no CDN, no inline scripts.
 */
import { defineConfig } from 'vite';
import vue from '@vitejs/plugin-vue';
import type { Plugin } from 'vite';

// URL → path without node:url, so web/tsconfig.json can stay free of Node types (Linux paths).
const here = (relative: string) => decodeURIComponent(new URL(relative, import.meta.url).pathname);
const root = here('.');

/**
 * Vant's icon font is inlined as woff2, with a fallback on a CDN (at.alicdn.com). Browsers use
 * the inlined one, but our pages must not name outside hosts at all (CSP, closed networks).
 */
function dropRemoteFontFallbacks(): Plugin {
  return {
    name: 'fangyi:drop-remote-font-fallbacks',
    enforce: 'pre',
    transform(code, id) {
      if (!id.endsWith('.css') || !id.includes('/vant/')) return null;
      return code.replace(/,\s*url\(\/\/[^)]*\)\s*format\("[^"]*"\)/g, '');
    },
  };
}

export default defineConfig({
  root,
  base: '/',
  plugins: [vue(), dropRemoteFontFallbacks()],
  define: {
    // Compile-time flags: drop the Options API and devtools hooks we never use (smaller bundle).
    __VUE_OPTIONS_API__: 'false',
    __VUE_PROD_DEVTOOLS__: 'false',
    __VUE_PROD_HYDRATION_MISMATCH_DETAILS__: 'false',
    __VUE_I18N_FULL_INSTALL__: 'true',
    __VUE_I18N_LEGACY_API__: 'false',
    __INTLIFY_PROD_DEVTOOLS__: 'false',
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    reportCompressedSize: false,
    rolldownOptions: {
      input: {
        m: here('./m/index.html'),
        admin: here('./admin/index.html'),
      },
    },
  },
  server: {
    // `npm run dev:web` next to `npm start` (port 8080): the API stays same-origin for cookies.
    proxy: { '/api': 'http://127.0.0.1:8080' },
  },
});

/**
 * Vite config of the Baton demo app.
 *
 * - The library is imported from source (aliases below), so nothing has to
 *   be built first and edits in `web/src/` reload instantly.
 * - `/graphql` is proxied to the API: the app and the API share one origin,
 *   so the refresh cookie (SameSite=Strict, Path=/graphql) just works.
 *   `BATON_API_ORIGIN` says where the API listens (default port 4000).
 */
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  root: here('.'),
  // Keep Vite's dependency cache out of web/demo/.
  cacheDir: here('../../node_modules/.vite/baton-demo'),
  plugins: [react()],
  resolve: {
    alias: [
      { find: /^@baton\/web\/react$/, replacement: here('../src/react/index.ts') },
      { find: /^@baton\/web$/, replacement: here('../src/index.ts') },
      { find: /^@baton\/shared$/, replacement: here('../../shared/src/index.ts') },
    ],
  },
  server: {
    port: Number(process.env.BATON_DEMO_PORT ?? 5173),
    strictPort: true,
    proxy: {
      '/graphql': { target: process.env.BATON_API_ORIGIN ?? 'http://127.0.0.1:4000', changeOrigin: false },
    },
  },
  build: {
    outDir: here('dist'),
    emptyOutDir: true,
  },
});

import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';
import remixConfig from './remix.config.js';

declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

export default defineConfig({
  plugins: [remix(remixConfig)],
  server: { port: 3000 },
  // PGlite must stay external: bundling it loses its pglite.data asset (see docs/decisions/001).
  ssr: { external: ['@electric-sql/pglite', 'postgres', '@node-rs/argon2'] },
  optimizeDeps: {
    include: ['react', 'react-dom', 'react-dom/client', 'd3', 'i18next', 'react-i18next'],
    exclude: ['@electric-sql/pglite', 'postgres', '@node-rs/argon2', 'drizzle-orm'],
  },
});

// Builds the console into console/dist, which the gateway serves on `/` (docs/adr/0240). In
// development, `vite --config console/vite.config.mts` serves it with hot reload and proxies the
// API to the gateway, so the browser still talks to one origin.
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const gateway = process.env['CRM_GATEWAY_URL'] ?? 'http://127.0.0.1:4000';

export default defineConfig({
  root: fileURLToPath(new URL('.', import.meta.url)),
  plugins: [react()],
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    chunkSizeWarningLimit: 4096,
    sourcemap: false,
    rollupOptions: {
      // GraphiQL's packages carry React-compiler directives ("use no memo") that bundling drops
      // harmlessly; everything else is still reported.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  server: {
    proxy: { '/graphql': { target: gateway, ws: true } },
  },
});

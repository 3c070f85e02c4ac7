import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

/** Departments open this on old PCs over slow networks: the build fails if the JavaScript grows past it. */
const JS_BUDGET_GZIP_BYTES = 50 * 1024;

function sizeBudget(): Plugin {
  return {
    name: 'shinchoku-size-budget',
    generateBundle(_options, bundle) {
      let total = 0;
      for (const file of Object.values(bundle)) {
        if (file.type === 'chunk') total += gzipSync(file.code).length;
      }
      const line = `JavaScript（gzip）合計 ${(total / 1024).toFixed(1)} KB ／ 上限 ${JS_BUDGET_GZIP_BYTES / 1024} KB`;
      if (total > JS_BUDGET_GZIP_BYTES) this.error(`${line}: 上限を超えています`);
      this.info(line);
    },
  };
}

/** A static build for S3/CloudFront and the local server; the API is on the same origin locally. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [sizeBudget()],
  // web/public/ is the citizens' page (built to dist/public/, served at /public/), not a folder of static assets.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
    rollupOptions: {
      input: {
        app: resolve(import.meta.dirname, 'index.html'),
        public: resolve(import.meta.dirname, 'public/index.html'),
        digestPreview: resolve(import.meta.dirname, 'digest-preview.html'),
      },
    },
  },
  server: { proxy: { '/api': 'http://localhost:3000' } },
});

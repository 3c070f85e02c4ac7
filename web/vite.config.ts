import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import { defineConfig } from 'vite';
import type { Plugin } from 'vite';

/**
 * Departments open the app on old PCs over slow networks: the build fails if what a page loads before it
 * can show anything (its entry chunk and the chunks that imports statically, gzipped) grows past this.
 * Each page counts on its own (the app, the citizens' page, the digest preview); views behind import()
 * load when opened and are listed, not counted.
 */
const JS_BUDGET_GZIP_BYTES = 50 * 1024;

function sizeBudget(): Plugin {
  return {
    name: 'shinchoku-size-budget',
    generateBundle(_options, bundle) {
      const chunks = new Map(Object.values(bundle).flatMap((file) => (file.type === 'chunk' ? [[file.fileName, file] as const] : [])));
      const gzipped = new Map([...chunks].map(([name, chunk]) => [name, gzipSync(chunk.code).length]));
      const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
      const over: string[] = [];
      for (const entry of [...chunks.values()].filter((chunk) => chunk.isEntry)) {
        const loaded = new Set<string>();
        const visit = (name: string) => {
          if (loaded.has(name)) return;
          loaded.add(name);
          for (const imported of chunks.get(name)?.imports ?? []) visit(imported);
        };
        visit(entry.fileName);
        const initial = [...loaded].reduce((sum, name) => sum + gzipped.get(name)!, 0);
        const line = `最初に読み込む JavaScript（gzip、${entry.name}）${kb(initial)} ／ 上限 ${kb(JS_BUDGET_GZIP_BYTES)}`;
        if (initial > JS_BUDGET_GZIP_BYTES) over.push(line);
        this.info(line);
      }
      const lazy = [...chunks.values()].filter((chunk) => chunk.isDynamicEntry);
      if (lazy.length > 0) this.info(`開いたときに読み込む画面：${lazy.map((chunk) => `${chunk.name} ${kb(gzipped.get(chunk.fileName)!)}`).join('、')}`);
      if (over.length > 0) this.error(`上限を超えています：${over.join('; ')}`);
    },
  };
}

/**
 * /favicon.ico at the site's root, where browsers and feed readers ask for it without reading a page (the
 * pages link favicon.svg, which Vite emits with a hashed name). publicDir is off (web/public/ is a page).
 */
function faviconIco(): Plugin {
  return {
    name: 'shinchoku-favicon-ico',
    generateBundle() {
      this.emitFile({ type: 'asset', fileName: 'favicon.ico', source: readFileSync(resolve(import.meta.dirname, 'favicon.ico')) });
    },
  };
}

/** A static build for S3/CloudFront and the local server; the API is on the same origin locally. */
export default defineConfig({
  root: import.meta.dirname,
  plugins: [sizeBudget(), faviconIco()],
  // web/public/ is the citizens' page (built to dist/public/, served at /public/), not a folder of static assets.
  publicDir: false,
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    reportCompressedSize: true,
    // Every browser the app supports (es2022) knows <link rel=modulepreload>: the polyfill would be one more
    // request ahead of the first screen for nobody.
    modulePreload: { polyfill: false },
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

/// <reference types="vitest/config" />
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { defineConfig, type Plugin } from 'vite';

/** pdf.js's standard fonts (the 14 PDF fonts a document may use without embedding them) copied into
 * the build as `pdfjs/standard_fonts/`, so the viewer fetches nothing from outside the app. */
function pdfjsStandardFonts(): Plugin {
  const dir = join(import.meta.dirname, 'node_modules/pdfjs-dist/standard_fonts');
  return {
    name: 'sportello-pdfjs-standard-fonts',
    apply: 'build',
    generateBundle() {
      // Their licences (Foxit's, the SIL OFL of Liberation) travel with them.
      for (const file of readdirSync(dir)) {
        this.emitFile({ type: 'asset', fileName: `pdfjs/standard_fonts/${file}`, source: readFileSync(join(dir, file)) });
      }
    },
  };
}

// React without @vitejs/plugin-react: esbuild compiles TSX with the automatic runtime.
export default defineConfig({
  base: './',
  clearScreen: false,
  esbuild: { jsx: 'automatic' },
  plugins: [pdfjsStandardFonts()],
  // pdf.js's worker is an ES module (`new Worker(url, { type: 'module' })` in detail/pdf.ts).
  worker: { format: 'es' },
  server: { port: 1420, strictPort: true },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 1200,
    rollupOptions: {
      // TanStack Query marks its modules "use client" for React Server Components; a desktop
      // window has none, and Rollup drops the directive with a warning per module.
      onwarn(warning, warn) {
        if (warning.code !== 'MODULE_LEVEL_DIRECTIVE') warn(warning);
      },
    },
  },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});

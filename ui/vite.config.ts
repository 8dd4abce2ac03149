/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// React without @vitejs/plugin-react: esbuild compiles TSX with the automatic runtime.
export default defineConfig({
  base: './',
  clearScreen: false,
  esbuild: { jsx: 'automatic' },
  server: { port: 1420, strictPort: true },
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', chunkSizeWarningLimit: 1200 },
  test: {
    environment: 'jsdom',
    globals: true,
    setupFiles: ['./src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
  },
});

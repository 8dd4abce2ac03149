/// <reference types="vitest/config" />
import { defineConfig } from 'vite';

// React without @vitejs/plugin-react: esbuild compiles TSX with the automatic runtime.
export default defineConfig({
  base: './',
  clearScreen: false,
  esbuild: { jsx: 'automatic' },
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

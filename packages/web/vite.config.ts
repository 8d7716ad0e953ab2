import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The console is served by the Stackport server under /console/, from local assets only.
export default defineConfig({
  root: import.meta.dirname,
  base: '/console/',
  plugins: [react()],
  build: { outDir: 'dist', emptyOutDir: true },
});

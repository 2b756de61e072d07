// Builds the three Electron targets; the main target also emits the `readout` CLI (same services, plain Node) and
// the model engine's process entry, the import parse worker and the export worker.
import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'

export default defineConfig({
  main: {
    build: {
      outDir: 'out/main',
      rollupOptions: {
        input: {
          index: resolve(__dirname, 'src/main/index.ts'),
          cli: resolve(__dirname, 'src/cli/index.ts'),
          // The model engine's own process (src/main/llm/engine/processBackend.ts).
          llmHost: resolve(__dirname, 'src/main/llm/engine/host.ts'),
          // Batch imports parse on a worker thread (src/main/ingest/parseThread.ts).
          parseWorker: resolve(__dirname, 'src/main/ingest/parseWorker.ts'),
          // Exports write their rows on a worker thread with a capped heap (src/main/export/exportThread.ts).
          exportWorker: resolve(__dirname, 'src/main/export/exportWorker.ts'),
        },
      },
    },
  },
  preload: {
    build: {
      outDir: 'out/preload',
      rollupOptions: {
        input: { index: resolve(__dirname, 'src/preload/index.ts') },
        // Sandboxed preloads must be a single CommonJS file.
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    root: resolve(__dirname, 'src/renderer'),
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      rollupOptions: { input: { index: resolve(__dirname, 'src/renderer/index.html') } },
    },
    plugins: [react()],
  },
})

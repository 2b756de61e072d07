// Lint: TypeScript rules plus the layering rules that keep each runtime's code where it can run.
import js from '@eslint/js'
import tseslint from 'typescript-eslint'
import globals from 'globals'

const NODE_BUILTINS = ['node:*', 'fs', 'path', 'os', 'crypto', 'child_process', 'net', 'http', 'https', 'url', 'util', 'stream', 'zlib', 'worker_threads']
const noImports = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
})

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'native/**', 'test-results/**', 'playwright-report/**', '.cache/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/ban-ts-comment': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['test/e2e/**/*.ts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  // src/shared runs anywhere: no Electron, no Node built-ins, no DOM.
  {
    files: ['src/shared/**/*.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      ...noImports(['electron', ...NODE_BUILTINS], 'src/shared must run in any runtime: no electron, node: or DOM imports.'),
      'no-restricted-globals': ['error', 'window', 'document', 'process', 'Buffer', '__dirname', 'require'],
    },
  },
  // The renderer is a sandboxed web page.
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: noImports(['electron', ...NODE_BUILTINS], 'The renderer is a sandboxed web page: no electron or node: imports. Use the contract client.'),
  },
  // Handlers, services and everything below src/main except the Electron shell must run under plain Node.
  {
    files: ['src/main/**/*.ts', 'src/cli/**/*.ts'],
    ignores: ['src/main/index.ts', 'src/main/electron/ipc.ts', 'src/main/electron/engineProcess.ts', 'src/main/electron/secureAnchorVault.ts'],
    rules: noImports(['electron'], 'Only src/main/index.ts, src/main/electron/ipc.ts, src/main/electron/engineProcess.ts and src/main/electron/secureAnchorVault.ts may import electron; handlers must run without it.'),
  },
)

// Lint rules: typescript-eslint's recommended set, plus the dependency direction of
// STYLE.md §2 (domain contexts never import drivers) and the ban on `export *` (§7).
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

const DRIVERS = ['pg', 'ioredis', 'better-sqlite3', 'undici', 'onnxruntime-node'];
const ADAPTER_DIRS = ['src/store/**', 'src/adapters/**', 'src/app/**', 'src/cli/**', 'src/models/**', 'test/**', 'scripts/**', 'bench/**'];

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'dashboard/dist/**', 'bench/node_modules/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'no-restricted-syntax': ['error', { selector: 'ExportAllDeclaration', message: 'export * is banned: name the exports (STYLE.md §7).' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    ignores: ADAPTER_DIRS,
    rules: {
      'no-restricted-imports': ['error', { paths: DRIVERS.map((name) => ({ name, message: 'Domain code never imports drivers: declare a port and implement it in an adapter (STYLE.md §2).' })) }],
    },
  },
  {
    files: ['bin/**/*.js', 'scripts/**/*.{js,mjs}', 'bench/**/*.{js,mjs}', 'dashboard/scripts/**/*.mjs'],
    languageOptions: {
      globals: { process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', setTimeout: 'readonly', clearTimeout: 'readonly', performance: 'readonly' },
    },
  },
);

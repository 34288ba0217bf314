// eslint (flat config): typescript-eslint with type information over every TypeScript file the
// project compiles (tsconfig.json's include: src, commands, scripts, bench, test). What it holds the
// code to: no floating promises, no explicit `any` outside generated code, no unused imports or
// variables. Formatting is prettier's (`npm run format`), not eslint's.
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['node_modules/', 'dist/', 'release/', '.demo/', 'bench/out/', 'tools/', 'examples/', 'dist.tmp-*/', 'dist.old-*/'],
  },
  {
    files: ['**/*.ts', '**/*.tsx'],
    extends: [js.configs.recommended, ...tseslint.configs.recommended],
    languageOptions: {
      parserOptions: {projectService: true, tsconfigRootDir: import.meta.dirname},
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', {checksVoidReturn: false}],
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', {argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none', ignoreRestSiblings: true}],
    },
  },
  {
    // Generated from upstream Go types by tools/ (npm run gen:*): never edited by hand.
    files: ['**/*.generated.ts'],
    rules: {'@typescript-eslint/no-explicit-any': 'off'},
  },
  {
    files: ['**/*.js', '**/*.mjs', '**/*.cjs'],
    extends: [js.configs.recommended],
    languageOptions: {
      globals: {process: 'readonly', console: 'readonly', URL: 'readonly', Buffer: 'readonly', module: 'readonly', require: 'readonly', __dirname: 'readonly'},
    },
  },
);

// Bundles the CLI with esbuild: dist/main.js (entry), dist/commands.js (the explicit oclif command
// registry) and lazily loaded chunks, so start-up imports only what the command being run needs.
import {build} from 'esbuild';
import {rmSync} from 'node:fs';

rmSync(new URL('../dist', import.meta.url), {recursive: true, force: true});
await build({
  entryPoints: {main: 'src/cli/main.ts', commands: 'src/cli/registry.ts'},
  outdir: 'dist',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  packages: 'external',
  jsx: 'automatic',
  sourcemap: true,
  chunkNames: 'chunks/[name]-[hash]',
  logLevel: 'warning',
});

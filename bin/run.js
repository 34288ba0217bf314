#!/usr/bin/env node
// Runs the CLI from a built checkout (`npm run build`): dist/main.cjs with its V8 code cache when this
// Node made one (bin/code-cache.js), else the ESM build.
import {fileURLToPath} from 'node:url';
import {loadCached} from './code-cache.js';

const root = fileURLToPath(new URL('..', import.meta.url));
const {run} = loadCached(fileURLToPath(new URL('../dist', import.meta.url))) ?? (await import('../dist/main.js'));
await run(process.argv.slice(2), root);

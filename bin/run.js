#!/usr/bin/env node
// Runs the CLI from a built checkout (`npm run build`).
import {fileURLToPath} from 'node:url';
import {run} from '../dist/main.js';

await run(process.argv.slice(2), fileURLToPath(new URL('..', import.meta.url)));

#!/usr/bin/env node
// Runs the CLI from a built checkout (`npm run build`).
import {run} from '../dist/main.js';

await run(process.argv.slice(2), new URL('..', import.meta.url).pathname);

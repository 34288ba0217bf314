// Run by scripts/build.mjs: `node scripts/code-cache.mjs DIST FINAL` makes DIST's V8 code cache of
// main.cjs (bin/code-cache.js). V8 caches the functions compiled so far, so a few offline commands
// run first, in this process, with their output thrown away: what they compile (oclif, flags, the
// sources, analyses and renderers they share with live runs) is then read from the cache at start-up.
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {cacheFile, loadBundle} from '../bin/code-cache.js';

// DIST is built beside FINAL (dist/) and swapped in after; stack traces name FINAL.
const [dist, final] = process.argv.slice(2);
const root = join(final, '..');
const RUNS = [
  ['--help'],
  ['qos', '--help'],
  ['qos', '-f', 'examples/qos'],
  ['lint', '-f', 'examples/lint'],
  ['psp', 'readiness', '-f', 'examples/psp'],
  ['gmsa', 'check', '-f', 'examples/gmsa'],
  ['doctor', '-R', '-f', 'examples'],
  ['qos', '-f', 'examples/qos', '-o', 'json'],
];

const {exports, script} = loadBundle(dist, undefined, final);
// The commands write with process.stdout/stderr.write; nothing of theirs is wanted here (a failure
// of this script itself still reaches stderr: Node reports an uncaught error by other means).
process.stdout.write = () => true;
process.stderr.write = () => true;
for (const argv of RUNS) await exports.run(argv, root);
process.exitCode = 0;
writeFileSync(cacheFile(dist), script.createCachedData());

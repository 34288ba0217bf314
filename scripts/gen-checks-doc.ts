// `npm run docs`: writes docs/checks.md from the check catalogue. `--check` only verifies it is current.
import {mkdirSync, readFileSync, writeFileSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {ALL_CHECKS} from '../src/report/all-checks.js';
import {duplicateIds, renderChecksDoc} from './checks-doc.js';

const file = join(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'checks.md');
const dups = duplicateIds(ALL_CHECKS);
if (dups.length > 0) {
  process.stderr.write(`error: duplicate check ids: ${dups.join(', ')}\n`);
  process.exit(1);
}
const text = renderChecksDoc(ALL_CHECKS);
if (process.argv.includes('--check')) {
  let current = '';
  try {
    current = readFileSync(file, 'utf8');
  } catch {
    // missing counts as stale
  }
  if (current !== text) {
    process.stderr.write('docs/checks.md is stale: run npm run docs\n');
    process.exit(1);
  }
} else {
  mkdirSync(dirname(file), {recursive: true});
  writeFileSync(file, text);
  process.stdout.write(`wrote docs/checks.md (${ALL_CHECKS.length} checks)\n`);
}

import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {ALL_CHECKS} from '../../../src/report/all-checks.js';
import {commandOf, duplicateIds, renderChecksDoc} from '../../../scripts/checks-doc.js';

describe('docs/checks.md', () => {
  it('is current with the check catalogue (run npm run docs)', () => {
    const onDisk = readFileSync(new URL('../../../docs/checks.md', import.meta.url), 'utf8');
    assert.equal(onDisk, renderChecksDoc(ALL_CHECKS), 'docs/checks.md is stale: run `npm run docs`');
  });

  it('has no two checks with the same id', () => {
    assert.deepEqual(duplicateIds(ALL_CHECKS), []);
  });

  it('lists every check id once', () => {
    const doc = renderChecksDoc(ALL_CHECKS);
    for (const c of ALL_CHECKS) assert.equal(doc.split(`| \`${c.id}\` |`).length - 1, 1, c.id);
  });

  it('every id is prefix/kebab-case and has a title and source', () => {
    for (const c of ALL_CHECKS) {
      assert.match(c.id, /^[a-z]+\/[a-z0-9]+(-[a-z0-9]+)*$/, c.id);
      assert.ok(c.title.length > 0 && c.source.length > 0, c.id);
    }
  });
});

describe('checks-doc rendering', () => {
  it('detects duplicate ids', () => {
    const c = {id: 'lint/x', severity: 'error' as const, title: 't', source: 's'};
    assert.deepEqual(duplicateIds([c, {...c}, {...c, id: 'lint/y'}]), ['lint/x']);
  });

  it('groups by command, nltest apart from gmsa check', () => {
    assert.equal(commandOf('lint/run-as-username-invalid'), 'kubectl win lint');
    assert.equal(commandOf('gmsa/nltest-failed'), 'kubectl win gmsa nltest');
    assert.equal(commandOf('gmsa/crd-missing'), 'kubectl win gmsa check');
    assert.equal(commandOf('psp/x'), 'kubectl win psp readiness');
    assert.equal(commandOf('other/x'), 'kubectl win other');
    const doc = renderChecksDoc([
      {id: 'gmsa/crd-missing', severity: 'error', title: 'a | b', source: 's'},
      {id: 'lint/a', severity: 'warning', title: 't', source: 's'},
    ]);
    assert.ok(doc.indexOf('## `kubectl win lint`') < doc.indexOf('## `kubectl win gmsa check`'));
    assert.ok(doc.includes('a \\| b'), 'pipes escaped');
  });
});

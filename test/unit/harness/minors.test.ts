import assert from 'node:assert/strict';
import {existsSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {DEFAULT_MINORS, minorsUnderTest, SERVED_RELEASES} from '../../../harness/minors.js';
import {PROJECT_ROOT} from '../../../harness/build.js';
import {TESTED_MINORS} from '../../../src/k8s/minor-versions.js';

describe('e2e harness: the served release of each minor', () => {
  it('serves every tested minor, and nothing else', () => {
    const want = [];
    for (let m = TESTED_MINORS.oldest; m <= TESTED_MINORS.newest; m++) want.push(m);
    assert.deepEqual(Object.keys(SERVED_RELEASES).map(Number), want);
    for (const [m, v] of Object.entries(SERVED_RELEASES)) assert.match(v, new RegExp(`^v1\\.${m}\\.\\d+$`));
  });

  it('has a Go module pinning each release but the default one (tools/k8s/go.mod)', () => {
    const defaultMod = readFileSync(join(PROJECT_ROOT, 'tools/k8s/go.mod'), 'utf8');
    for (const v of Object.values(SERVED_RELEASES)) {
      const mod = join(PROJECT_ROOT, 'tools/k8s/minors', v, 'go.mod');
      const text = existsSync(mod) ? readFileSync(mod, 'utf8') : defaultMod;
      assert.match(text, new RegExp(`^\\s*k8s\\.io/kubernetes ${v.replace(/\./g, '\\.')}$`, 'm'), v);
      const staging = `v0.${v.slice(3)}`;
      const replaces = [...text.matchAll(/^replace (\S+) => (\S+) (\S+)$/gm)];
      assert.ok(replaces.length >= 25, `${v}: staging modules replaced`);
      for (const [, from, to, at] of replaces) assert.deepEqual([to, at], [from, staging], `${v}: ${from}`);
    }
  });

  it('KUBECTL_WIN_MINORS picks the minors; the default is the oldest and the newest', () => {
    assert.deepEqual(minorsUnderTest(undefined), DEFAULT_MINORS);
    assert.deepEqual(DEFAULT_MINORS, [TESTED_MINORS.oldest, TESTED_MINORS.newest]);
    assert.deepEqual(minorsUnderTest(''), DEFAULT_MINORS);
    assert.deepEqual(minorsUnderTest('35, 36'), [35, 36]);
    assert.deepEqual(minorsUnderTest('v1.37'), [37]);
    assert.deepEqual(minorsUnderTest('all'), [34, 35, 36, 37]);
  });

  it('refuses a minor it does not serve, naming the variable', () => {
    assert.throws(() => minorsUnderTest('33'), /^Error: KUBECTL_WIN_MINORS: "33" is not a served minor \(34, 35, 36, 37, or all\)$/);
    assert.throws(() => minorsUnderTest('34,x'), /KUBECTL_WIN_MINORS: "x"/);
  });
});

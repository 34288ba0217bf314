// gmsa check, psp readiness, nodes and doctor decode manifests at the minor of the run, as lint does
// (src/analyses/undecodable.ts), through the built CLI: a pod v1.34 decodes (podCertificate
// userAnnotations is an unknown field there) and v1.35 on cannot (it is a map there) is checked at
// v1.34 and left out, as not checked, at v1.37 (offline, no flag). lint-differential-decode has the
// real apiservers confirm such decode errors per minor.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {runCli} from './cli.js';
import {MINOR_DEPENDENT_MANIFESTS, MINOR_DEPENDENT_NOT_CHECKED as NOT_CHECKED} from '../support/fixtures.js';

describe('gmsa check, psp readiness, nodes and doctor decode at the minor of the run (CLI, offline)', function () {
  this.timeout(120_000);
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'decode-minor-'));
    file = join(dir, 'certs.yaml');
    writeFileSync(file, MINOR_DEPENDENT_MANIFESTS);
  });
  after(() => rmSync(dir, {recursive: true, force: true}));

  const run = async (args: string[]) => {
    const res = await runCli([...args, '-f', file, '-o', 'json']);
    assert.ok(res.code === 0 || res.code === 1, `${args.join(' ')}: exit ${res.code}\n${res.stderr}`);
    return res.json<{items: Array<{name?: string; pods?: {total: number}}>; skipped: Array<{check: string; reason: string}>; findings: Array<{id: string}>}>();
  };
  const undecodable = (r: {skipped: Array<{check: string; reason: string}>}, check: string) => r.skipped.filter((s) => s.check === check).map((s) => s.reason);

  it('psp readiness: not checked offline (v1.37), checked with --k8s-version v1.34', async () => {
    assert.deepEqual(undecodable(await run(['psp', 'readiness']), 'psp/undecodable'), [NOT_CHECKED]);
    const old = await run(['psp', 'readiness', '--k8s-version', 'v1.34']);
    assert.deepEqual(undecodable(old, 'psp/undecodable'), []);
    assert.equal(old.items.length, 1, 'the namespace is assessed with the pod in it');
  });

  it('gmsa check: not checked offline (v1.37)', async () => {
    assert.deepEqual(undecodable(await run(['gmsa', 'check']), 'gmsa/undecodable'), [NOT_CHECKED]);
  });

  it('nodes: the pod runs on no node offline (v1.37)', async () => {
    const r = await run(['nodes']);
    assert.deepEqual(
      r.items.map((i) => [i.name, i.pods?.total]),
      [['win1', 0]],
    );
  });

  it('doctor: lint/undecodable and the others leave it out at v1.37; at --k8s-version v1.34 every analysis checks it', async () => {
    const now = await run(['doctor']);
    assert.ok(now.findings.some((f) => f.id === 'lint/undecodable'));
    assert.deepEqual(
      now.skipped.filter((s) => s.check.endsWith('/undecodable')).map((s) => s.check),
      ['gmsa/undecodable', 'psp/undecodable'],
    );
    const old = await run(['doctor', '--k8s-version', 'v1.34']);
    assert.ok(!old.findings.some((f) => f.id === 'lint/undecodable'));
    assert.ok(
      old.findings.some((f) => f.id === 'lint/unknown-field'),
      'userAnnotations is an unknown field to v1.34',
    );
    assert.deepEqual(
      old.skipped.filter((s) => s.check.endsWith('/undecodable')),
      [],
    );
  });
});

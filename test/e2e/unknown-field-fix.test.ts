// A printed fix works when pasted with kubectl's defaults: the corrected Pod of a manifest linted
// under --validate=warn or ignore leaves out the field no apiserver knows, which kubectl's default
// --validate=strict would refuse (src/k8s/unknown-fields.ts). Proven with the real kubectl and
// apiserver: the manifest as written is refused, the corrected one is accepted and its finding gone.
import assert from 'node:assert/strict';
import {mkdtempSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {parse, stringify} from 'yaml';
import type {ControlPlane} from '../../harness/index.js';
import type {Report} from '../../src/report/types.js';
import {runCli} from './cli.js';
import {controlPlaneWith} from './live.js';

const NS = 'unknown-field-fix';
const POD = {
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: {name: 'typo', namespace: NS},
  spec: {os: {name: 'windows'}, containers: [{name: 'c', image: 'registry.example/app:1.0', imagePullPolcy: 'Always'}]},
};

describe('e2e: a corrected manifest leaves out unknown fields, so kubectl accepts it with --validate=strict', function () {
  let cp: ControlPlane;
  let file: string;
  before(async function () {
    cp = await controlPlaneWith(this, NS);
    file = join(mkdtempSync(join(tmpdir(), 'kubectl-win-unknown-')), 'pod.yaml');
    writeFileSync(file, stringify(POD));
  });

  it('the manifest as written is refused by kubectl with its default validation', async () => {
    const r = await cp.kubectl(['create', '--dry-run=server', '-f', file]);
    assert.notEqual(r.code, 0);
    assert.match(r.stderr, /unknown field "spec\.containers\[0\]\.imagePullPolcy"/);
  });

  for (const mode of ['warn', 'ignore']) {
    it(`--validate=${mode}: the printed corrected Pod is accepted as pasted and clears its finding`, async () => {
      const r = await runCli(['lint', '-f', file, `--validate=${mode}`, '-o', 'json']);
      const report = JSON.parse(r.stdout) as Report<unknown>;
      const fix = report.findings.find((f) => f.id === 'lint/windows-node-selector-missing');
      assert.ok(fix?.remedy?.manifest, `a corrected manifest: ${r.stdout.slice(0, 400)}`);
      assert.doesNotMatch(fix.remedy.manifest, /imagePullPolcy/);
      const accepted = await cp.kubectl(['create', '--dry-run=server', '-o', 'yaml', '-f', '-'], {input: fix.remedy.manifest});
      assert.equal(accepted.code, 0, accepted.stderr);
      const fixedFile = join(mkdtempSync(join(tmpdir(), 'kubectl-win-unknown-')), 'fixed.yaml');
      writeFileSync(fixedFile, stringify(parse(fix.remedy.manifest)));
      const again = JSON.parse((await runCli(['lint', '-f', fixedFile, '-o', 'json'])).stdout) as Report<unknown>;
      assert.deepEqual(
        again.findings.filter((f) => f.id === 'lint/windows-node-selector-missing' || f.id === 'lint/unknown-field').map((f) => f.id),
        [],
      );
    });
  }
});

import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {DOCTOR_ANALYSES} from '../../../src/analyses/doctor/registry.js';
import {runDoctor} from '../../../src/analyses/doctor/run.js';
import {runAnalysis} from '../../../src/analyses/types.js';
import {ManifestSource} from '../../../src/source/manifest-source.js';
import {decodePodSpec} from '../../e2e/support/decode-pod-generator.js';
import {MINOR_DEPENDENT_MANIFESTS, MINOR_DEPENDENT_NOT_CHECKED} from '../../support/fixtures.js';
import {Gen, prng} from '../../support/random.js';

// The objects of the issue: a string and an object where a list belongs, a quantity that does not
// parse, hugepages alone, a request above its limit.
const MANIFESTS = `
apiVersion: v1
kind: Pod
metadata: {name: strlist, namespace: a}
spec: {containers: "iis"}
---
apiVersion: v1
kind: Pod
metadata: {name: objlist, namespace: a}
spec:
  os: {name: windows}
  securityContext: {windowsOptions: {gmsaCredentialSpecName: webapp1}}
  containers: {name: iis, image: x}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: lots, namespace: a}
spec:
  selector: {matchLabels: {app: lots}}
  template:
    metadata: {labels: {app: lots}}
    spec: {containers: [{name: a, image: x, resources: {limits: {cpu: lots}}}]}
---
apiVersion: v1
kind: Pod
metadata: {name: huge, namespace: a}
spec: {containers: [{name: a, image: x, resources: {limits: {hugepages-2Mi: 2Mi}, requests: {hugepages-2Mi: 2Mi}}}]}
`;

describe('objects the apiserver rejects, across analyses', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'undecodable-'));
    file = join(dir, 'bad.yaml');
    writeFileSync(file, MANIFESTS);
  });
  after(() => rmSync(dir, {recursive: true, force: true}));

  it('no analysis fails; psp and gmsa list the undecodable objects as not checked', async () => {
    for (const e of DOCTOR_ANALYSES) {
      const source = new ManifestSource({filenames: [file], recursive: false, allNamespaces: true});
      const options = e.options({offline: true});
      const snapshot = await source.snapshot(e.analysis.request(options));
      const report = await runAnalysis(e.analysis, snapshot, options, source.capabilities());
      const notChecked = report.skipped.filter((s) => s.check.endsWith('/undecodable')).map((s) => s.reason.split(' not checked')[0]);
      if (e.analysis.name === 'psp' || e.analysis.name === 'gmsa') {
        assert.deepEqual(notChecked, ['Pod a/strlist', 'Pod a/objlist', 'Deployment a/lots'], e.analysis.name);
      }
    }
  });

  it('no analysis fails on 400 generated manifests of every shape (wrong types, bad quantities, unknown fields)', async function () {
    this.timeout(60_000);
    const g = new Gen(prng(3));
    const objects = Array.from({length: 400}, (_, i) => {
      const spec = decodePodSpec(g);
      return i % 4 === 0
        ? {
            apiVersion: 'apps/v1',
            kind: 'Deployment',
            metadata: {name: `d-${i}`, namespace: 'a'},
            spec: {selector: {matchLabels: {a: 'b'}}, template: {metadata: {labels: {a: 'b'}}, spec}},
          }
        : {apiVersion: 'v1', kind: 'Pod', metadata: {name: `p-${i}`, namespace: 'a'}, spec};
    });
    const generated = join(dir, 'generated.json');
    writeFileSync(generated, JSON.stringify({apiVersion: 'v1', kind: 'List', items: objects}));
    const doctor = await runDoctor(new ManifestSource({filenames: [generated], recursive: false, allNamespaces: true}), DOCTOR_ANALYSES, (e) =>
      e.options({offline: true}),
    );
    assert.deepEqual(
      doctor.items.map((i) => [i.analysis, i.status, i.error]),
      doctor.items.map((i) => [i.analysis, 'ran', undefined]),
    );
    const undecodable = doctor.findings.filter((f) => f.id === 'lint/undecodable').length;
    assert.ok(undecodable > 50 && undecodable < 350, `generator coverage: ${undecodable} undecodable`);
  });

  it('doctor shows each rejection once (lint), not again from qos', async () => {
    const doctor = await runDoctor(new ManifestSource({filenames: [file], recursive: false, allNamespaces: true}), DOCTOR_ANALYSES, (e) =>
      e.options({offline: true}),
    );
    assert.deepEqual(
      doctor.items.map((i) => i.status),
      doctor.items.map(() => 'ran'),
    );
    const errors = doctor.findings.filter((f) => f.severity === 'error').map((f) => `${f.id} ${f.object?.name}`);
    assert.deepEqual(errors.sort(), [
      'lint/hugepages-without-cpu-memory huge',
      'lint/undecodable lots',
      'lint/undecodable objlist',
      'lint/undecodable strlist',
    ]);
    const qos = doctor.items.find((i) => i.analysis === 'qos')!;
    // qos found them too, but its row counts what the report lists: lint's, once (the rows add up to the summary).
    assert.equal(qos.summary.error, 0, "qos's row leaves out the repeats doctor does not list");
    assert.equal(doctor.items.find((i) => i.analysis === 'lint')!.summary.error, doctor.summary.error);
  });
});

// The pod of MINOR_DEPENDENT_MANIFESTS v1.34 decodes (podCertificate.userAnnotations is an unknown field there, dropped) and v1.35 on
// cannot (the field is a map[string]string there): gmsa check, psp readiness and nodes follow the
// minor of the run, as lint does, instead of v1.34's decoding.
describe('gmsa check, psp readiness and nodes decode manifests at the minor of the run', () => {
  let dir: string;
  let file: string;
  before(() => {
    dir = mkdtempSync(join(tmpdir(), 'undecodable-minor-'));
    file = join(dir, 'certs.yaml');
    writeFileSync(file, MINOR_DEPENDENT_MANIFESTS);
  });
  after(() => rmSync(dir, {recursive: true, force: true}));

  const analysis = (name: string) => DOCTOR_ANALYSES.find((e) => e.analysis.name === name)!;
  /** The report of one analysis, with the server (or the doctor flag) at `server`/`chosen`; offline with neither. */
  async function run(name: string, at: {server?: number; chosen?: number}) {
    const e = analysis(name);
    const source = new ManifestSource({filenames: [file], recursive: false, allNamespaces: true});
    const options = e.options({offline: true, minor: at.chosen, version: at.chosen === undefined ? undefined : `v1.${at.chosen}`});
    const snapshot = await source.snapshot(e.analysis.request(options));
    if (at.server !== undefined) snapshot.serverVersion = {gitVersion: `v1.${at.server}.0`, major: 1, minor: at.server};
    return runAnalysis(e.analysis, snapshot, options, source.capabilities());
  }
  const notChecked = (r: {skipped: Array<{check: string; reason: string}>}) => r.skipped.filter((s) => s.check.endsWith('/undecodable')).map((s) => s.reason);
  const REASON = [MINOR_DEPENDENT_NOT_CHECKED];

  it('gmsa check: checked at v1.34, not checked at v1.35 and offline (v1.37)', async () => {
    assert.deepEqual(notChecked(await run('gmsa', {server: 34})), []);
    assert.ok((await run('gmsa', {server: 34})).items.length > 0, 'the pod is checked at v1.34');
    assert.deepEqual(notChecked(await run('gmsa', {server: 35})), REASON);
    assert.deepEqual(notChecked(await run('gmsa', {})), REASON);
    assert.deepEqual(notChecked(await run('gmsa', {chosen: 34})), [], "doctor's --k8s-version v1.34");
  });

  it('psp readiness: checked at v1.34 (server or --k8s-version), not checked at v1.37', async () => {
    assert.deepEqual(notChecked(await run('psp', {server: 34})), []);
    assert.deepEqual(notChecked(await run('psp', {chosen: 34})), []);
    assert.deepEqual(notChecked(await run('psp', {chosen: 30})), [], 'an older policy version decodes as the oldest apiserver lint knows');
    assert.deepEqual(notChecked(await run('psp', {})), REASON);
    assert.deepEqual(notChecked(await run('psp', {server: 34, chosen: 37})), REASON, '--k8s-version over the server');
  });

  it('nodes: the pod counts on its node at v1.34, and runs nowhere at v1.37', async () => {
    const podsOn = async (at: {server?: number; chosen?: number}) =>
      ((await run('nodes', at)).items as Array<{name: string; pods: {total: number}}>).find((i) => i.name === 'win1')?.pods.total;
    assert.equal(await podsOn({server: 34}), 1);
    assert.equal(await podsOn({chosen: 34}), 1);
    assert.equal(await podsOn({server: 36}), 0);
    assert.equal(await podsOn({}), 0);
  });
});

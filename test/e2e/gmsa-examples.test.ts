// examples/gmsa applies cleanly to a real apiserver (names, RBAC, CRD schema, webhooks that let pods
// through), and `gmsa check` live agrees with `gmsa check -f examples/gmsa` offline. The objects are
// left in place: the demo and doctor suites apply the same examples.
import assert from 'node:assert/strict';
import {readdirSync, readFileSync} from 'node:fs';
import {join} from 'node:path';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli} from './cli.js';

const DIR = join(process.cwd(), 'examples', 'gmsa');

type Item = {kind: string; namespace: string; name: string; credentialSpec: string; canUse: boolean | null; grantedBy: string | null};
type Report = {items: Item[]; findings: {id: string; severity: string; object?: {kind: string; namespace?: string; name: string}}[]};

const ours = (r: Report) => r.items.filter((i) => i.namespace.startsWith('gmsa-'));
const canUse = (r: Report) =>
  Object.fromEntries(
    ours(r)
      .map((i) => [`${i.namespace}/${i.kind}/${i.name}:${i.credentialSpec}`, i.canUse])
      .sort(),
  );
const broken = (r: Report, skip: string[]) =>
  r.findings
    .filter((f) => f.severity !== 'info' && !skip.includes(f.id))
    .filter((f) => (f.object?.namespace ?? '').startsWith('gmsa-') || /^gmsa-/.test(f.object?.name ?? ''))
    .map((f) => `${f.id} ${f.object?.kind}/${f.object?.namespace ?? ''}/${f.object?.name}`)
    .sort();

describe('e2e gmsa examples: apply and check live and offline', function () {
  this.timeout(300_000);
  let cp: ControlPlane;

  before(async function () {
    cp = await controlPlane();
    const files = readdirSync(DIR)
      .filter((f) => f.endsWith('.yaml'))
      .sort();
    for (const f of files) {
      await cp.apply(readFileSync(join(DIR, f), 'utf8'));
      if (f.includes('crd')) {
        const r = await cp.kubectl(['wait', '--for=condition=Established', '--timeout=60s', 'crd/gmsacredentialspecs.windows.k8s.io']);
        assert.equal(r.code, 0, r.stderr);
      }
    }
    await new Promise((r) => setTimeout(r, 1500));
  });

  it('live and offline give the same canUse answers and the same broken links', async () => {
    const live = await runCli(['gmsa', 'check', '-A', '-o', 'json', '--fail-on', 'none'], {kubeconfig: cp.kubeconfig});
    assert.equal(live.code, 0, live.stderr);
    const offline = await runCli(['gmsa', 'check', '-f', DIR, '-A', '-o', 'json', '--fail-on', 'none']);
    assert.equal(offline.code, 0, offline.stderr);
    const l: Report = live.json();
    const o: Report = offline.json();
    // Live also has the Deployments' ReplicaSets and Pods; the manifests' 11 references are in both.
    assert.equal(ours(o).length, 11);
    assert.equal(ours(l).length, 17);
    const lc = canUse(l);
    assert.deepEqual(canUse(o), Object.fromEntries(Object.keys(canUse(o)).map((k) => [k, lc[k]])));
    const bySa = new Map(ours(o).map((i) => [`${i.namespace}/${i.credentialSpec}/${i.grantedBy}`, i.canUse]));
    assert.ok(ours(l).every((i) => i.kind !== 'ReplicaSet' || bySa.get(`${i.namespace}/${i.credentialSpec}/${i.grantedBy}`) === i.canUse));
    // The examples carry no EndpointSlices: offline skips that check, live finds the Service has no pods.
    const fromManifests = (r: Report) =>
      broken(r, ['gmsa/webhook-no-endpoints']).filter((f) => !/ (ReplicaSet|Pod)\/gmsa-demo\/iis-(webapp1|no-binding)-/.test(f));
    assert.deepEqual(fromManifests(o), fromManifests(l));
    assert.deepEqual(l.findings.filter((f) => f.id === 'gmsa/webhook-no-endpoints' && f.object?.name === 'gmsa-webhook').length, 2);
    assert.ok(broken(l, []).includes('gmsa/rbac-use-denied Pod/gmsa-demo/iis-mixed-case'));
  });
});

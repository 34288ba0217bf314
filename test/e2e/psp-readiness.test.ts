// `kubectl win psp readiness` against the real control plane: the examples/psp workloads applied in
// namespaces of our own, read live (-A, -o json contract) and offline (-f, the same manifests) with
// the same levels, and --server-dry-run compared with PSA's own answer.
import assert from 'node:assert/strict';
import {mkdtempSync, readdirSync, readFileSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli} from './cli.js';
import {PROJECT_ROOT} from '../../harness/build.js';

const P = `pspr${Date.now() % 100000}`;
const NS = {web: `${P}-web`, sys: `${P}-win-system`, batch: `${P}-batch`, legacy: `${P}-legacy`};

/** examples/psp with its namespaces renamed to ours (the PSP manifests in offline/ are left out: 1.34 does not serve them). */
function exampleManifests(): string {
  const dir = join(PROJECT_ROOT, 'examples', 'psp');
  return readdirSync(dir)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
    .map((f) => readFileSync(join(dir, f), 'utf8'))
    .join('\n---\n')
    .replace(/\bpsp-(web|win-system|batch|legacy)\b/g, (_, n: string) => `${P}-${n}`);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- the envelope as JSON, walked by the assertions
type Json = any;

describe('psp readiness (e2e)', function () {
  this.timeout(240_000);
  let cp: ControlPlane;
  let manifests: string;

  before(async function () {
    cp = await controlPlane();
    manifests = exampleManifests();
    await cp.apply(manifests);
  });

  after(async function () {
    if (!cp) return;
    for (const n of Object.values(NS)) await cp.api('DELETE', `/api/v1/namespaces/${n}`);
  });

  function ours(report: Json) {
    return (report.items as Json[]).filter((i) => Object.values(NS).includes(i.namespace));
  }

  it('live -A: one item per namespace with the contract fields and the expected levels', async () => {
    const r = await runCli(['psp', 'readiness', '-A', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    const report = r.json();
    assert.equal(report.kind, 'PSPReadinessReport');
    assert.equal(report.source.type, 'cluster');
    const items = ours(report);
    assert.deepEqual(items.map((i: Json) => i.namespace).sort(), Object.values(NS).sort());
    const level = Object.fromEntries(items.map((i: Json) => [i.namespace, i.recommendedLevel]));
    assert.deepEqual(level, {[NS.web]: 'baseline', [NS.sys]: 'privileged', [NS.batch]: 'baseline', [NS.legacy]: 'privileged'});
    for (const i of items) {
      assert.equal(typeof i.currentLabels, 'object');
      assert.ok(Array.isArray(i.pods) && i.pods.length > 0, i.namespace);
      for (const p of i.pods) {
        for (const k of ['kind', 'namespace', 'name', 'level', 'violations']) assert.ok(k in p, `${i.namespace}: pod entry without ${k}`);
        assert.ok(['restricted', 'baseline', 'privileged'].includes(p.level));
        assert.ok(Array.isArray(p.violations.baseline) && Array.isArray(p.violations.restricted));
      }
    }
    const web = items.find((i: Json) => i.namespace === NS.web);
    assert.deepEqual(web.currentLabels, {
      'pod-security.kubernetes.io/enforce': 'baseline',
      'pod-security.kubernetes.io/enforce-version': 'v1.34',
      'pod-security.kubernetes.io/warn': 'restricted',
    });
    assert.equal(web.version, 'v1.34', 'live default version is the server minor');
    assert.ok(
      web.commands.some(
        (c: string) =>
          c === `kubectl label --overwrite ns ${NS.web} pod-security.kubernetes.io/enforce=baseline pod-security.kubernetes.io/enforce-version=v1.34`,
      ),
    );
    const iis = web.pods.find((p: Json) => p.kind === 'Deployment' && p.name === 'iis');
    assert.equal(iis.level, 'baseline');
    assert.equal(iis.levelWithOsWindows, 'restricted');
    assert.ok(report.findings.some((f: Json) => f.id === 'psp/windows-missing-os' && f.object.name === 'iis' && f.object.namespace === NS.web));
    // The CronJob that PSA admitted (templates are not enforced) but whose pods it will reject.
    const cron = report.findings.find((f: Json) => f.id === 'psp/violates-enforce' && f.object.kind === 'CronJob' && f.object.namespace === NS.batch);
    assert.ok(cron, 'no violates-enforce finding for the CronJob');
    assert.match(cron.message, /^violates PodSecurity "restricted:v1\.34": allowPrivilegeEscalation != false \(container "report"/);
    assert.equal(cron.field, 'spec.jobTemplate.spec.template.spec');
    const sys = items.find((i: Json) => i.namespace === NS.sys);
    assert.deepEqual(sys.hostProcess, ['DaemonSet/windows-exporter']);
    assert.equal(r.code, 1, 'an error finding (violates-enforce) exits 1');
    assert.ok(
      report.skipped.some((s: Json) => s.check === 'psp/policies'),
      'PSP not served by 1.34 must be reported as skipped',
    );
  });

  it('offline -f gives the same levels as live', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'psp-readiness-'));
    writeFileSync(join(dir, 'all.yaml'), manifests);
    const off = (await runCli(['psp', 'readiness', '-f', dir, '-A', '--k8s-version', 'v1.34', '-o', 'json'])).json();
    const live = (await runCli(['psp', 'readiness', '-A', '--k8s-version', 'v1.34', '-o', 'json'], {kubeconfig: cp.kubeconfig})).json();
    assert.equal(off.source.type, 'manifests');
    const levels = (rep: Json) => Object.fromEntries(ours(rep).map((i: Json) => [i.namespace, i.recommendedLevel]));
    assert.deepEqual(levels(off), levels(live));
    // Templates evaluate the same either way (live ones carry defaults the manifests lack).
    const tmpl = (rep: Json) =>
      ours(rep)
        .flatMap((i: Json) =>
          i.pods
            .filter((p: Json) => (p.kind !== 'Pod' && p.kind !== 'ReplicaSet' && p.kind !== 'Job') || p.name === 'win-cleanup')
            .map((p: Json) => `${p.namespace}/${p.kind}/${p.name}=${p.level}:${p.violations.restricted.map((v: Json) => v.check).join(',')}`),
        )
        .sort();
    assert.deepEqual(tmpl(off), tmpl(live));
  });

  it("--server-dry-run: PSA's own warnings agree with ours, and nothing changes", async () => {
    const before = (await cp.api<Json>('GET', `/api/v1/namespaces/${NS.legacy}`)).body;
    const r = await runCli(['psp', 'readiness', '-n', NS.legacy, '--server-dry-run', '-o', 'json'], {kubeconfig: cp.kubeconfig});
    const item = ours(r.json())[0];
    assert.equal(item.namespace, NS.legacy);
    assert.equal(item.serverDryRun.length, 2);
    for (const d of item.serverDryRun) {
      assert.ok(d.warnings.length > 0, JSON.stringify(d));
      assert.equal(d.agrees, true, JSON.stringify(d, null, 2));
    }
    const restricted = item.serverDryRun.find((d: Json) => d.labels['pod-security.kubernetes.io/enforce'] === 'restricted');
    assert.equal(restricted.warnings[0], `existing pods in namespace "${NS.legacy}" violate the new PodSecurity enforce level "restricted:v1.34"`);
    assert.ok(
      restricted.warnings.includes(
        'log-shipper: allowPrivilegeEscalation != false, unrestricted capabilities, restricted volume types, runAsNonRoot != true, seccompProfile',
      ),
      restricted.warnings.join('\n'),
    );
    assert.ok(!r.json().findings.some((f: Json) => f.id === 'psp/server-dry-run-differs'));
    const after = (await cp.api<Json>('GET', `/api/v1/namespaces/${NS.legacy}`)).body;
    assert.deepEqual(after.metadata.labels, before.metadata.labels);
    assert.equal(after.metadata.resourceVersion, before.metadata.resourceVersion);
  });

  it('text output: the namespace row, the dry run and the findings', async () => {
    const r = await runCli(['psp', 'readiness', '-n', NS.web, '--server-dry-run'], {kubeconfig: cp.kubeconfig});
    assert.equal(r.code, 0, r.stderr);
    assert.match(
      r.stdout,
      new RegExp(`${NS.web}\\s+baseline:v1\\.34\\s+restricted:latest / privileged:latest\\s+baseline\\s+1/1/0\\s+restricted: Deployment/iis`),
    );
    // It already enforces what it can (baseline:v1.34): no commands to run.
    assert.ok(!r.stdout.includes('Commands ('), r.stdout);
    assert.match(r.stdout, /psp\/windows-missing-os/);
    assert.match(r.stdout, new RegExp(`${NS.web} restricted: PSA agrees`));
  });

  it('rejects a bad --version and --server-dry-run with -f (exit 2)', async () => {
    const a = await runCli(['psp', 'readiness', '--version', 'v2', '-f', join(PROJECT_ROOT, 'examples', 'psp')]);
    assert.equal(a.code, 2);
    assert.match(a.stderr, /invalid --version "v2"/);
    const b = await runCli(['psp', 'readiness', '--server-dry-run', '-f', join(PROJECT_ROOT, 'examples', 'psp')]);
    assert.equal(b.code, 2);
  });
});

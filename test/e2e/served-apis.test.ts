// The removed-API table against the real kube-apiserver v1.34's discovery: every kind the table says
// 1.34 does not serve is absent, every replacement it names is served, and kubectl's own answer for
// an unserved manifest is the message lint gives, for the same file.
import assert from 'node:assert/strict';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {controlPlane, type ControlPlane} from '../../harness/index.js';
import {runCli} from './cli.js';
import {REMOVED_APIS} from '../../src/k8s/removed-apis.generated.js';
import {notServed} from '../../src/k8s/served-apis.js';

const MINOR = 34;

const groupPath = (apiVersion: string) => (apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`);

describe('served kinds: the removed-API table vs kube-apiserver v1.34 discovery', function () {
  this.timeout(300_000);
  let cp: ControlPlane;
  const served = new Map<string, Set<string> | undefined>();
  const kindsOf = async (apiVersion: string) => {
    if (!served.has(apiVersion)) {
      const r = await cp.api<{resources?: Array<{kind: string}>}>('GET', groupPath(apiVersion));
      served.set(apiVersion, r.status === 200 ? new Set((r.body.resources ?? []).map((x) => x.kind)) : undefined);
    }
    return served.get(apiVersion);
  };

  before(async () => {
    cp = await controlPlane();
  });

  it(`every kind the table says v1.${MINOR} does not serve is absent from discovery`, async () => {
    const removed = REMOVED_APIS.filter(([, , minor]) => minor <= MINOR);
    assert.ok(removed.length > 40);
    const wrong: string[] = [];
    for (const [apiVersion, kind] of removed) if ((await kindsOf(apiVersion))?.has(kind)) wrong.push(`${apiVersion} ${kind} is served`);
    assert.deepEqual(wrong, []);
  });

  // Review and subresource types: the lifecycle marks them too, but no one writes them in a manifest
  // and discovery lists them under a resource (deployments/scale), not as a kind of their own.
  const NOT_OBJECTS = new Set(['AdmissionReview', 'ConversionReview', 'DeploymentRollback', 'Scale']);

  it('every replacement the remedy names for them (followed past replacements removed too) is served', async () => {
    const wrong: string[] = [];
    let checked = 0;
    for (const [apiVersion, kind, minor] of REMOVED_APIS) {
      const replacement = notServed(apiVersion, kind, MINOR)?.replacement;
      if (minor > MINOR || !replacement || NOT_OBJECTS.has(kind)) continue;
      checked++;
      if (!(await kindsOf(replacement))?.has(kind)) wrong.push(`${apiVersion} ${kind}: ${replacement} is not served`);
    }
    assert.ok(checked > 30, `${checked} replacements checked`);
    assert.deepEqual(wrong, []);
  });

  it('a kind the table does not call removed, whose group/version is served, is in discovery', async () => {
    const wrong: string[] = [];
    for (const [apiVersion, kind, minor] of REMOVED_APIS) {
      if (minor <= MINOR) continue;
      const kinds = await kindsOf(apiVersion);
      // A group/version off by default (alpha, new betas) is not served at all: nothing to compare.
      if (kinds && !kinds.has(kind) && notServed(apiVersion, kind, MINOR) === undefined) wrong.push(`${apiVersion} ${kind}`);
    }
    assert.deepEqual(wrong, []);
  });

  it('doctor -f follows --k8s-version for served kinds: a kind removed in v1.37 is flagged at v1.37, not at v1.36', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-served-minor-'));
    try {
      const [apiVersion, kind] = REMOVED_APIS.find(([, k, minor]) => minor === 37 && k === 'ServiceCIDR')!;
      const file = join(dir, 'cidr.yaml');
      writeFileSync(file, `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: extra}\nspec: {cidrs: [10.96.0.0/16]}\n`);
      const unserved = async (version: string) => {
        const r = await runCli(['doctor', '-f', file, '--analyses', 'lint', '--k8s-version', version, '-o', 'json']);
        return (JSON.parse(r.stdout) as {findings: Array<{id: string}>}).findings.some((f) => f.id === 'lint/api-not-served');
      };
      assert.equal(await unserved('v1.37'), true);
      assert.equal(await unserved('v1.36'), false);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });

  it("kubectl's answer for an unserved manifest is lint's message, for the same file; the current apiVersion is accepted", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kw-served-e2e-'));
    try {
      const ds = (apiVersion: string) =>
        `apiVersion: ${apiVersion}\nkind: DaemonSet\nmetadata: {name: win-ds, namespace: default}\nspec:\n  selector: {matchLabels: {app: w}}\n  template:\n    metadata: {labels: {app: w}}\n    spec:\n      nodeSelector: {kubernetes.io/os: windows}\n      containers: [{name: c, image: mcr.microsoft.com/windows/nanoserver:ltsc2022}]\n`;
      const old = join(dir, 'old.yaml');
      writeFileSync(old, ds('extensions/v1beta1'));
      const k = await cp.kubectl(['create', '--dry-run=server', '-f', old]);
      assert.notEqual(k.code, 0);
      const ours = await runCli(['lint', '-f', old, '-o', 'json']);
      assert.equal(ours.code, 1, ours.stderr);
      const report = JSON.parse(ours.stdout) as {items: Array<{valid: boolean}>; findings: Array<{id: string; message: string}>};
      assert.equal(report.items[0].valid, false);
      const f = report.findings.find((x) => x.id === 'lint/api-not-served');
      assert.ok(f && k.stderr.includes(f.message), `kubectl: ${k.stderr}\nours: ${f?.message}`);
      const current = join(dir, 'current.yaml');
      writeFileSync(current, ds('apps/v1'));
      const ok = await cp.kubectl(['create', '--dry-run=server', '-f', current]);
      assert.equal(ok.code, 0, ok.stderr);
      const r = JSON.parse((await runCli(['lint', '-f', current, '-o', 'json'])).stdout) as {items: Array<{valid: boolean}>};
      assert.equal(r.items[0].valid, true);
    } finally {
      rmSync(dir, {recursive: true, force: true});
    }
  });
});

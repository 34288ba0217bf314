import assert from 'node:assert/strict';
import {notServed, notServedRemedy} from '../../../src/k8s/served-apis.js';
import {REMOVED_APIS} from '../../../src/k8s/removed-apis.generated.js';
import {lintWorkload} from '../../../src/analyses/lint/analysis.js';
import {ManifestSource} from '../../../src/source/manifest-source.js';
import {mkdtempSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';

describe('k8s/served-apis: kinds a minor no longer serves', () => {
  it("extensions/v1beta1 and rbac v1beta1 are not served, with kubectl's words and the replacement", () => {
    const d = notServed('extensions/v1beta1', 'Deployment', 34);
    assert.equal(d?.message, 'no matches for kind "Deployment" in version "extensions/v1beta1"');
    assert.equal(d?.replacement, 'apps/v1');
    assert.equal(d?.removedIn, 16);
    assert.match(notServedRemedy('Deployment', 'extensions/v1beta1', d!), /use apiVersion: apps\/v1/);
    assert.equal(notServed('rbac.authorization.k8s.io/v1beta1', 'ClusterRoleBinding', 34)?.replacement, 'rbac.authorization.k8s.io/v1');
    assert.equal(notServed('policy/v1beta1', 'PodSecurityPolicy', 34)?.removedIn, 25);
  });
  it('follows the minor: a kind removed in 1.37 is served by 1.36 and not by 1.37', () => {
    const [apiVersion, kind] = REMOVED_APIS.find(([, , minor]) => minor === 37)!;
    assert.equal(notServed(apiVersion, kind, 36), undefined);
    assert.ok(notServed(apiVersion, kind, 37));
  });
  it('what the table does not know is never unserved: current APIs, custom resources, Kustomization', () => {
    for (const [v, k] of [
      ['apps/v1', 'Deployment'],
      ['v1', 'Pod'],
      ['windows.k8s.io/v1', 'GMSACredentialSpec'],
      ['kustomize.config.k8s.io/v1beta1', 'Kustomization'],
      ['extensions/v1beta1', 'NoSuchKind'],
    ]) {
      assert.equal(notServed(v, k, 37), undefined, `${v} ${k}`);
    }
  });
  it('the generated table is the upstream lifecycle: every row cites its file and no List kinds', () => {
    assert.ok(REMOVED_APIS.length > 50);
    for (const [apiVersion, kind, minor, , source] of REMOVED_APIS) {
      assert.ok(
        !kind.endsWith('List') && minor > 0 && /zz_generated\.prerelease-lifecycle\.go$/.test(source) && apiVersion.includes('v'),
        `${apiVersion} ${kind}`,
      );
    }
  });

  describe('through the manifest source into lint', () => {
    let dir: string;
    beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'kw-served-'))));
    afterEach(() => rmSync(dir, {recursive: true, force: true}));
    it('an unserved workload is invalid with one error; an unserved ClusterRole is a finding; a Kustomization is nothing', async () => {
      writeFileSync(
        join(dir, 'a.yaml'),
        'apiVersion: extensions/v1beta1\nkind: DaemonSet\nmetadata: {name: ds}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]\n---\n' +
          'apiVersion: rbac.authorization.k8s.io/v1beta1\nkind: ClusterRole\nmetadata: {name: r}\nrules: []\n---\napiVersion: kustomize.config.k8s.io/v1beta1\nkind: Kustomization\nresources: []\n---\n' +
          'apiVersion: apps/v1\nkind: DaemonSet\nmetadata: {name: ok}\nspec:\n  template:\n    spec:\n      containers: [{name: c, image: i}]\n',
      );
      const snap = await new ManifestSource({filenames: [dir], recursive: false}).snapshot({workloads: true});
      const results = [];
      for await (const w of snap.workloads()) results.push(lintWorkload(w, undefined));
      assert.deepEqual(
        results.map((r) => [r.item.name, r.item.valid]),
        [
          ['ds', false],
          ['ok', true],
        ],
      );
      assert.deepEqual(
        results[0].findings.map((f) => [f.id, f.field, f.message]),
        [['lint/api-not-served', 'apiVersion', 'no matches for kind "DaemonSet" in version "extensions/v1beta1"']],
      );
      assert.deepEqual(
        snap.unserved?.map((u) => u.object.kind),
        ['ClusterRole'],
      );
    });
  });
});

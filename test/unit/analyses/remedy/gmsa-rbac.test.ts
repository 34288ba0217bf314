// gMSA RBAC remedies fit what exists (examples/gmsa/03-rbac.yaml): a role that misses by a detail is
// fixed in place; otherwise one shared role per credential spec, or a binding to the existing one.
import assert from 'node:assert/strict';
import {join} from 'node:path';
import {gmsaAnalysis} from '../../../../src/analyses/gmsa/analysis.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import {exactUseRole, gmsaUseFixManifest} from '../../../../src/k8s/rbac/index.js';
import type {Finding} from '../../../../src/report/types.js';
import {ManifestSource} from '../../../../src/source/manifest-source.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

describe('gMSA RBAC remedies', () => {
  let denied: Finding[];
  before(async () => {
    const source = new ManifestSource({filenames: [join(ROOT, 'examples', 'gmsa')], recursive: true, allNamespaces: true});
    const report = await runAnalysis(gmsaAnalysis, await source.snapshot(gmsaAnalysis.request({} as never)), {} as never, source.capabilities());
    denied = report.findings.filter((f) => f.id === 'gmsa/rbac-use-denied');
  });

  it('a role whose resourceNames differ only in case, or whose apiGroup is wrong, is patched in place', () => {
    const byName = (n: string) => denied.find((f) => f.object?.name === n)!.remedy!;
    assert.equal(byName('iis-mixed-case').target?.kind, 'ClusterRole');
    assert.deepEqual((byName('iis-mixed-case').patch as {rules: Array<{resourceNames: string[]}>}).rules[0].resourceNames, ['gmsa-webapp1']);
    assert.deepEqual((byName('iis-wrong-group').patch as {rules: Array<{apiGroups: string[]}>}).rules[0].apiGroups, ['windows.k8s.io']);
  });

  it('otherwise a RoleBinding: to a ClusterRole that already grants exactly the use, or to the one shared new role', () => {
    const role = {
      metadata: {name: 'gmsa-use-webapp1'},
      rules: [{apiGroups: ['windows.k8s.io'], resources: ['gmsacredentialspecs'], verbs: ['use'], resourceNames: ['gmsa-webapp1']}],
    };
    const wider = {metadata: {name: 'a-wider'}, rules: [...role.rules, {apiGroups: [''], resources: ['pods'], verbs: ['get']}]};
    assert.equal(exactUseRole([wider, role], 'gmsa-webapp1'), 'gmsa-use-webapp1');
    assert.equal(exactUseRole([wider], 'gmsa-webapp1'), undefined);
    assert.doesNotMatch(gmsaUseFixManifest('ns', 'sa', 'gmsa-webapp1', 'gmsa-use-webapp1'), /^kind: ClusterRole$/m);
    // Two ServiceAccounts needing the same credential spec get the same new role name.
    const roleName = (m: string) => /kind: ClusterRole\nmetadata:\n {2}name: (\S+)/.exec(m)?.[1];
    assert.equal(roleName(gmsaUseFixManifest('a', 'sa1', 'cs')), roleName(gmsaUseFixManifest('b', 'sa2', 'cs')));
    for (const f of denied.filter((x) => x.remedy?.manifest)) assert.equal(f.remedy!.target?.kind, 'RoleBinding');
  });
});

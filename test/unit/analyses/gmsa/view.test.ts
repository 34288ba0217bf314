import assert from 'node:assert/strict';
import {join} from 'node:path';
import {gmsaAnalysis} from '../../../../src/analyses/gmsa/analysis.js';
import {gmsaView, shortGrant} from '../../../../src/analyses/gmsa/view.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import {renderText} from '../../../../src/render/text.js';
import {ManifestSource} from '../../../../src/source/manifest-source.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

describe('analyses/gmsa view', () => {
  it('shortens the RBAC reason to the binding and the role', () => {
    assert.equal(
      shortGrant('RBAC: allowed by RoleBinding "webapp1-uses-gmsa/gmsa-demo" of ClusterRole "gmsa-use-webapp1" to ServiceAccount "webapp1/gmsa-demo"'),
      'RoleBinding/webapp1-uses-gmsa (ClusterRole/gmsa-use-webapp1)',
    );
    assert.equal(shortGrant('RBAC: allowed by ClusterRoleBinding "all-gmsa" of ClusterRole "gmsa-use" to Group "system:serviceaccounts"'), 'ClusterRoleBinding/all-gmsa (ClusterRole/gmsa-use)');
    assert.equal(shortGrant('something else'), 'something else');
  });

  it('on the examples: the text table keeps the short grant, -o wide the whole reason; denials name namespace/name', async () => {
    const source = new ManifestSource({filenames: [join(ROOT, 'examples', 'gmsa')], recursive: true, allNamespaces: true});
    const options = {names: []};
    const snapshot = await source.snapshot(gmsaAnalysis.request(options));
    const report = await runAnalysis(gmsaAnalysis, snapshot, options, source.capabilities());
    const granted = report.items.find((i) => i.grantedBy);
    assert.ok(granted, 'the examples grant use to some service account');
    const text = renderText(gmsaView(report, false), false);
    const wide = renderText(gmsaView(report, true), false);
    assert.ok(text.includes(shortGrant(granted.grantedBy!)));
    assert.ok(!text.includes(' to ServiceAccount "'), 'the text table has no long RBAC reasons');
    assert.ok(wide.includes(granted.grantedBy!.replace(/^RBAC: allowed by /, '')));
    const denied = report.items.find((i) => i.canUse === false)!;
    assert.ok(text.includes(`ServiceAccount ${denied.namespace}/${denied.serviceAccount} may not use GMSACredentialSpec ${denied.credentialSpec}`));
  });
});

import assert from 'node:assert/strict';
import {join} from 'node:path';
import {gmsaAnalysis} from '../../../../src/analyses/gmsa/analysis.js';
import {gmsaView, grantText, shortGrant} from '../../../../src/analyses/gmsa/view.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import {renderText} from '../../../../src/render/text.js';
import {ManifestSource} from '../../../../src/source/manifest-source.js';

const ROOT = join(import.meta.dirname, '..', '..', '..', '..');

describe('analyses/gmsa view', () => {
  it('shortens the RBAC reason to the binding and the role, names as namespace/name', () => {
    const reason = 'RBAC: allowed by RoleBinding "webapp1-uses-gmsa/gmsa-demo" of ClusterRole "gmsa-use-webapp1" to ServiceAccount "webapp1/gmsa-demo"';
    assert.equal(shortGrant(reason), 'RoleBinding gmsa-demo/webapp1-uses-gmsa (ClusterRole gmsa-use-webapp1)');
    assert.equal(grantText(reason), 'RoleBinding "gmsa-demo/webapp1-uses-gmsa" of ClusterRole "gmsa-use-webapp1" to ServiceAccount "gmsa-demo/webapp1"');
    assert.equal(
      shortGrant('RBAC: allowed by ClusterRoleBinding "all-gmsa" of ClusterRole "gmsa-use" to Group "system:serviceaccounts"'),
      'ClusterRoleBinding all-gmsa (ClusterRole gmsa-use)',
    );
    assert.equal(shortGrant('something else'), 'something else');
  });

  it('the WEBHOOK column says opted out, or no endpoints when nothing answers', () => {
    const item = (mutating: boolean | null, validating: boolean | null) => ({
      namespace: 'ns',
      kind: 'Pod',
      name: 'p',
      serviceAccount: 'sa',
      credentialSpec: 'c',
      credentialSpecExists: true,
      webhook: {mutating, validating},
      canUse: true,
      containers: [],
    });
    const cells = (findings: {id: string}[]) =>
      renderText(
        gmsaView(
          {
            items: [item(true, true), item(false, true), item(null, null)],
            findings,
            skipped: [],
            reads: [],
            summary: {error: 0, warning: 0, info: 0},
            source: {type: 'manifests', files: []},
          } as never,
          false,
        ),
        false,
      )
        .split('\n')
        .slice(1, 4)
        .map((l) => /^ns +pod\/p +sa +c +yes +(yes|opted out|no endpoints|-) /.exec(l)?.[1]);
    assert.deepEqual(cells([]), ['yes', 'opted out', '-']);
    assert.deepEqual(cells([{id: 'gmsa/webhook-no-endpoints', severity: 'error', message: 'm'} as never]), ['no endpoints', 'opted out', '-']);
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
    assert.ok(wide.includes(grantText(granted.grantedBy!)));
    assert.ok(JSON.stringify(report).includes(`ServiceAccount \\"${granted.serviceAccount}/${granted.namespace}\\"`), 'the JSON keeps the apiserver words');
    const denied = report.items.find((i) => i.canUse === false)!;
    assert.ok(text.includes(`ServiceAccount ${denied.namespace}/${denied.serviceAccount} may not use GMSACredentialSpec ${denied.credentialSpec}`));
  });
});

// The windows-gmsa webhook's rules, one case each (kubernetes-sigs/windows-gmsa
// admission-webhook/webhook.go at 993de21): the contents comparison (L318-327, L344-365), contents
// without a name (L329-333), and the walk that sees the pod and spec.containers only (L502-518).
import assert from 'node:assert/strict';
import {gmsaAnalysis} from '../../../../src/analyses/gmsa/analysis.js';
import {compareCredSpecContents, contentsMismatchMessage} from '../../../../src/analyses/gmsa/contents.js';
import {gmsaReferences} from '../../../../src/analyses/gmsa/references.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import type {Snapshot, Workload} from '../../../../src/k8s/snapshot.js';
import {CREDSPEC} from '../../../support/fixtures.js';
import {podWorkload} from '../../../support/pod.js';

describe('gmsa: the webhook contents comparison (compareCredSpecContents)', () => {
  it('equal as JSON objects: key order, whitespace and number spelling do not matter', () => {
    assert.deepEqual(compareCredSpecContents(JSON.stringify(CREDSPEC), CREDSPEC), {equal: true});
    const reordered = `{ "ActiveDirectoryConfig": ${JSON.stringify(CREDSPEC.ActiveDirectoryConfig)},\n  "DomainJoinConfig": ${JSON.stringify(CREDSPEC.DomainJoinConfig, null, 2)}, "CmsPlugins": ["ActiveDirectory"] }`;
    assert.equal(compareCredSpecContents(reordered, CREDSPEC).equal, true);
    assert.equal(compareCredSpecContents('{"a": 1.0, "b": 1e2}', {a: 1, b: 100}).equal, true);
    // A duplicate key keeps its last value, in encoding/json as in JSON.parse.
    assert.equal(compareCredSpecContents('{"a": 2, "a": 1}', {a: 1}).equal, true);
  });

  it('different: a changed value, a missing key, array order, case of a value', () => {
    const other = (f: (c: typeof CREDSPEC) => void) => {
      const c = structuredClone(CREDSPEC);
      f(c);
      return JSON.stringify(c);
    };
    assert.deepEqual(
      compareCredSpecContents(
        other((c) => (c.DomainJoinConfig.MachineAccountName = 'WebApp2')),
        CREDSPEC,
      ),
      {equal: false},
    );
    assert.equal(
      compareCredSpecContents(
        other((c) => delete (c as Partial<typeof CREDSPEC>).CmsPlugins),
        CREDSPEC,
      ).equal,
      false,
    );
    assert.equal(
      compareCredSpecContents(
        other((c) => c.ActiveDirectoryConfig.GroupManagedServiceAccounts.reverse()),
        CREDSPEC,
      ).equal,
      false,
    );
    assert.equal(
      compareCredSpecContents(
        other((c) => (c.DomainJoinConfig.NetBiosName = 'contoso')),
        CREDSPEC,
      ).equal,
      false,
    );
    assert.equal(compareCredSpecContents('null', CREDSPEC).equal, false);
  });

  it('not a JSON object: the webhook error, Go-quoted', () => {
    assert.deepEqual(compareCredSpecContents('["x"]', CREDSPEC), {
      equal: false,
      error: 'unable to parse "[\\"x\\"]" as a JSON object: json: cannot unmarshal array into Go value of type map[string]interface {}',
    });
    const bad = compareCredSpecContents('{nope', CREDSPEC);
    assert.equal(bad.equal, false);
    assert.match(bad.error!, /^unable to parse "\{nope" as a JSON object: invalid JSON: /);
    assert.equal(
      contentsMismatchMessage('container "iis"', 'webapp1'),
      'the GMSA cred spec contents for container "iis" does not match the contents of GMSA resource "webapp1"',
    );
  });
});

const pod = (spec: Record<string, unknown>, name = 'p'): Workload => podWorkload({name, namespace: 'web', spec});
const credSpec = {apiVersion: 'windows.k8s.io/v1', kind: 'GMSACredentialSpec', metadata: {name: 'webapp1'}, credspec: CREDSPEC};

async function check(...workloads: Workload[]) {
  const snapshot: Snapshot = {
    source: {type: 'manifests', files: ['t']},
    objects: {gmsacredentialspecs: [credSpec]},
    skipped: [],
    async *workloads() {
      yield* workloads;
    },
  };
  return runAnalysis(gmsaAnalysis, snapshot, {}, {mode: 'manifests'});
}

describe('gmsa check: the webhook rules on pods', () => {
  it('inline contents that differ from the GMSACredentialSpec: rejected, at the field, per pod and container', async () => {
    const wrong = JSON.stringify({...CREDSPEC, DomainJoinConfig: {...CREDSPEC.DomainJoinConfig, MachineAccountName: 'Other'}});
    const r = await check(
      pod(
        {securityContext: {windowsOptions: {gmsaCredentialSpecName: 'webapp1', gmsaCredentialSpec: wrong}}, containers: [{name: 'iis', image: 'x'}]},
        'pod-level',
      ),
      pod(
        {containers: [{name: 'iis', image: 'x', securityContext: {windowsOptions: {gmsaCredentialSpecName: 'webapp1', gmsaCredentialSpec: wrong}}}]},
        'container-level',
      ),
      pod(
        {
          containers: [
            {
              name: 'iis',
              image: 'x',
              securityContext: {windowsOptions: {gmsaCredentialSpecName: 'webapp1', gmsaCredentialSpec: JSON.stringify(CREDSPEC, null, 1)}},
            },
          ],
        },
        'same',
      ),
      pod({containers: [{name: 'iis', image: 'x', securityContext: {windowsOptions: {gmsaCredentialSpecName: 'webapp1'}}}]}, 'name-only'),
    );
    const f = r.findings.filter((x) => x.id === 'gmsa/credspec-contents-mismatch');
    assert.deepEqual(f.map((x) => [x.object?.name, x.field, x.message, x.severity]).sort(), [
      [
        'container-level',
        'spec.containers[0].securityContext.windowsOptions.gmsaCredentialSpec',
        'the GMSA cred spec contents for container "iis" does not match the contents of GMSA resource "webapp1"',
        'error',
      ],
      [
        'pod-level',
        'spec.securityContext.windowsOptions.gmsaCredentialSpec',
        'the GMSA cred spec contents for pod "pod-level" does not match the contents of GMSA resource "webapp1"',
        'error',
      ],
    ]);
  });

  it('contents without a name on the pod or a container: rejected; on an init container the webhook never looks', async () => {
    const r = await check(
      pod({securityContext: {windowsOptions: {gmsaCredentialSpec: '{}'}}, containers: [{name: 'c', image: 'x'}]}, 'pod-inline'),
      pod(
        {initContainers: [{name: 'init', image: 'x', securityContext: {windowsOptions: {gmsaCredentialSpec: '{}'}}}], containers: [{name: 'c', image: 'x'}]},
        'init-inline',
      ),
    );
    assert.deepEqual(
      r.findings.filter((x) => x.id === 'gmsa/credspec-inline-without-name').map((x) => x.object?.name),
      ['pod-inline'],
    );
    assert.deepEqual(
      r.findings.filter((x) => x.id === 'gmsa/init-container-not-covered').map((x) => x.object?.name),
      ['init-inline'],
    );
  });

  it("an init container's own gmsaCredentialSpecName is neither authorized nor inlined; the pod's is inherited", () => {
    const refs = gmsaReferences(
      pod({
        securityContext: {windowsOptions: {gmsaCredentialSpecName: 'webapp1'}},
        initContainers: [
          {name: 'own', image: 'x', securityContext: {windowsOptions: {gmsaCredentialSpecName: 'other'}}},
          {name: 'inherits', image: 'x'},
        ],
        containers: [{name: 'c', image: 'x'}],
      }),
    );
    assert.deepEqual(
      refs.references.map((r) => [r.credentialSpec, r.containers]),
      [['webapp1', ['c', 'inherits']]],
    );
    assert.deepEqual(refs.initContainers, [
      {field: 'spec.initContainers[0].securityContext.windowsOptions.gmsaCredentialSpecName', container: 'own', credentialSpec: 'other'},
    ]);
  });
});

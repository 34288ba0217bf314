// A narrowed scope (one namespace, -l, names) narrows the verdict on cluster-scoped objects: gmsa
// reports the credential specs, CRD and webhooks the in-scope objects use; nodes (under doctor) the
// nodes they can land on. Without a narrowed scope the cluster-wide checks are unchanged.
import assert from 'node:assert/strict';
import {gmsaAnalysis, type GmsaItem} from '../../../src/analyses/gmsa/analysis.js';
import {scopeIsNarrowed} from '../../../src/analyses/scope.js';
import {nodesAnalysis} from '../../../src/analyses/nodes/analysis.js';
import {runAnalysis} from '../../../src/analyses/types.js';
import type {Report} from '../../../src/report/types.js';
import {ManifestSource} from '../../../src/source/manifest-source.js';
import type {KubeObject} from '../../../src/k8s/object.js';
import type {Snapshot, Workload} from '../../../src/k8s/snapshot.js';
import {toWorkload} from '../../../src/source/workloads.js';
import {node} from './lint/helpers.js';

async function gmsa(namespace: string | undefined, narrowed: boolean): Promise<Report<GmsaItem>> {
  const source = new ManifestSource({filenames: ['examples/gmsa'], recursive: false, namespace, allNamespaces: namespace === undefined});
  const snapshot = await source.snapshot(gmsaAnalysis.request({}));
  assert.equal(scopeIsNarrowed(snapshot, undefined, []), namespace !== undefined);
  return runAnalysis(gmsaAnalysis, snapshot, {narrowed}, source.capabilities());
}

const credSpecIds = (r: Report) =>
  r.findings
    .filter((f) => f.object?.kind === 'GMSACredentialSpec')
    .map((f) => `${f.id} ${f.object?.name}`)
    .sort();

describe('scope narrows the verdict: gmsa', () => {
  it('scopeIsNarrowed: a namespace, a selector or names', () => {
    assert.equal(scopeIsNarrowed({namespace: undefined}, undefined, []), false);
    assert.equal(scopeIsNarrowed({namespace: undefined}, '', undefined), false);
    assert.equal(scopeIsNarrowed({namespace: 'a'}, undefined, []), true);
    assert.equal(scopeIsNarrowed({namespace: undefined}, 'app=web', []), true);
    assert.equal(scopeIsNarrowed({namespace: undefined}, undefined, ['pod/x']), true);
  });

  it('all namespaces: every credential spec is checked, as before', async () => {
    const all = await gmsa(undefined, false);
    assert.deepEqual(
      credSpecIds(all).filter((s) => !s.includes('domain-joined')),
      ['gmsa/credspec-domain-names gmsa-swapped', 'gmsa/credspec-no-account gmsa-noaccount', 'gmsa/credspec-no-content gmsa-empty'],
    );
  });

  it('a namespace that references no gMSA: no credential spec, CRD or webhook findings, nothing to fail on', async () => {
    const r = await gmsa('gmsa-elsewhere-none', true);
    assert.deepEqual(r.items, []);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(r.summary, {error: 0, warning: 0, info: 0});
    const before = await gmsa('gmsa-elsewhere-none', false);
    assert.ok(before.summary.error > 0, 'unnarrowed, the same read reported every credential spec and webhook');
  });

  it('a namespace that references some: only the credential specs it references', async () => {
    const r = await gmsa('gmsa-optout', true);
    const referenced = new Set(r.items.map((i) => i.credentialSpec));
    assert.ok(referenced.size > 0);
    const named = new Set(r.findings.filter((f) => f.object?.kind === 'GMSACredentialSpec').map((f) => f.object!.name));
    for (const n of named) assert.ok(referenced.has(n), `${n} is not referenced in gmsa-optout`);
    assert.ok(!credSpecIds(r).some((s) => /gmsa-(swapped|noaccount|empty)$/.test(s)), credSpecIds(r).join(', '));
    // Unnarrowed, the same namespace still gets every credential spec's findings.
    assert.ok(credSpecIds(await gmsa('gmsa-optout', false)).some((s) => s.endsWith('gmsa-empty')));
  });

  it("the webhook's own namespace still checks the webhook it serves", async () => {
    const narrowed = await gmsa('gmsa-webhook', true);
    const wide = await gmsa('gmsa-webhook', false);
    const hookIds = (r: Report) =>
      r.findings
        .filter((f) => /^gmsa\/webhook-/.test(f.id))
        .map((f) => `${f.id} ${f.object?.name}`)
        .sort();
    assert.ok(hookIds(wide).length > 0);
    assert.deepEqual(hookIds(narrowed), hookIds(wide));
  });
});

const POOL = [node('w19', {build: '10.0.17763'}), node('w22a', {build: '10.0.20348'}), node('w22b', {build: '10.0.20348'}), node('l1', {os: 'linux'})];
const TOLERATE = [{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}];

function snapshotOf(ws: Workload[]): Snapshot {
  return {
    source: {type: 'manifests', files: ['x']},
    namespace: 'team-a',
    objects: {nodes: POOL},
    skipped: [],
    async *workloads() {
      yield* ws;
    },
  };
}
const wl = (o: KubeObject) => toWorkload(o, 'team-a')!;

describe('scope narrows the verdict: nodes under doctor', () => {
  it('onlyUsed asks for templates too', () => {
    assert.deepEqual(nodesAnalysis.request({onlyUsed: true}), {kinds: ['nodes', 'runtimeclasses'], pods: true, workloads: true});
  });

  it('reports only the Windows nodes the in-scope pods and templates can land on', async () => {
    const template = wl({
      apiVersion: 'apps/v1',
      kind: 'Deployment',
      metadata: {name: 'web', namespace: 'team-a'},
      spec: {
        template: {
          spec: {
            os: {name: 'windows'},
            nodeSelector: {'kubernetes.io/os': 'windows', 'node.kubernetes.io/windows-build': '10.0.20348'},
            tolerations: TOLERATE,
            containers: [{name: 'c', image: 'x'}],
          },
        },
      },
    });
    const pinned = wl({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {name: 'p', namespace: 'team-a'},
      spec: {os: {name: 'windows'}, nodeName: 'w19', containers: [{name: 'c', image: 'x'}]},
    });
    const linux = wl({apiVersion: 'v1', kind: 'Pod', metadata: {name: 'l', namespace: 'team-a'}, spec: {containers: [{name: 'c', image: 'nginx'}]}});
    const used = await runAnalysis(nodesAnalysis, snapshotOf([template, linux]), {onlyUsed: true}, {mode: 'manifests'});
    assert.deepEqual(
      used.items.map((i) => i.name),
      ['w22a', 'w22b'],
    );
    assert.ok(used.findings.every((f) => ['w22a', 'w22b'].includes(f.object?.name ?? '')));
    const both = await runAnalysis(nodesAnalysis, snapshotOf([template, pinned]), {onlyUsed: true}, {mode: 'manifests'});
    assert.deepEqual(
      both.items.map((i) => i.name),
      ['w19', 'w22a', 'w22b'],
    );
    const none = await runAnalysis(nodesAnalysis, snapshotOf([linux]), {onlyUsed: true}, {mode: 'manifests'});
    assert.deepEqual([none.items, none.findings], [[], []]);
    const all = await runAnalysis(nodesAnalysis, snapshotOf([linux]), {}, {mode: 'manifests'});
    assert.deepEqual(
      all.items.map((i) => i.name),
      ['w19', 'w22a', 'w22b'],
      'unnarrowed: every Windows node, as before',
    );
  });
});

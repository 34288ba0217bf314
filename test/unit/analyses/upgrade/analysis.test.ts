import assert from 'node:assert/strict';
import {upgradeAnalysis} from '../../../../src/analyses/upgrade/analysis.js';
import {allowedDisruptions} from '../../../../src/analyses/upgrade/drain.js';
import {inferFromTag} from '../../../../src/analyses/upgrade/images.js';
import type {UpgradePlanItem, WorkloadPlan} from '../../../../src/analyses/upgrade/plan.js';
import {runAnalysis} from '../../../../src/analyses/types.js';
import type {ImageRequest, ImagePlatformsResult} from '../../../../src/k8s/image-platforms.js';
import type {KubeObject} from '../../../../src/k8s/object.js';
import type {Capabilities, Snapshot, Workload} from '../../../../src/k8s/snapshot.js';
import type {Report} from '../../../../src/report/types.js';
import {toWorkload} from '../../../../src/source/workloads.js';

function deployment(name: string, image: string, extra: Record<string, unknown> = {}): Workload {
  const obj: KubeObject = {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {name, namespace: 'web'},
    spec: {
      replicas: 2,
      selector: {matchLabels: {app: name}},
      template: {metadata: {labels: {app: name}}, spec: {os: {name: 'windows'}, containers: [{name: 'c', image}], ...extra}},
    },
  };
  return toWorkload(obj, 'web')!;
}

function snapshot(workloads: Workload[], objects: Snapshot['objects'] = {}): Snapshot {
  return {
    source: {type: 'manifests', files: ['t.yaml']},
    objects: {runtimeclasses: [], poddisruptionbudgets: [], ...objects},
    skipped: [],
    async *workloads() {
      yield* workloads;
    },
  };
}

async function plan(workloads: Workload[], caps: Capabilities = {mode: 'manifests'}, objects: Snapshot['objects'] = {}): Promise<Report<UpgradePlanItem>> {
  return runAnalysis(upgradeAnalysis, snapshot(workloads, objects), {target: 26100, nodes: []}, caps);
}

const workload = (r: Report<UpgradePlanItem>, name: string) => r.items.find((i): i is WorkloadPlan => i.type === 'workload' && i.name === name)!;

describe('analyses/upgrade', () => {
  it('without the registry: builds inferred from tags, floating tags unknown', async () => {
    const r = await plan([deployment('a', 'mcr.microsoft.com/windows/servercore:ltsc2019'), deployment('b', 'contoso/app:v1')]);
    assert.equal(workload(r, 'a').verdict, 'blocked');
    assert.equal(workload(r, 'a').images[0].evidence, 'tag');
    assert.equal(workload(r, 'b').verdict, 'unknown');
    assert.deepEqual(r.findings.map((f) => f.id).sort(), ['upgrade/image-build-unknown', 'upgrade/image-incompatible']);
  });

  it('with the registry: one call with the distinct images and their pull secrets; the registry wins over the tag', async () => {
    const calls: ImageRequest[][] = [];
    const answers = new Map<string, ImagePlatformsResult>([
      // The tag says 2019, the manifest list also has 2025.
      [
        'reg.local/app:ltsc2019',
        {
          platforms: [
            {os: 'windows', osVersion: '10.0.17763.1', architecture: 'amd64'},
            {os: 'windows', osVersion: '10.0.26100.2', architecture: 'amd64'},
          ],
        },
      ],
      ['reg.local/linux-only:v1', {platforms: [{os: 'linux', architecture: 'amd64'}]}],
    ]);
    const caps: Capabilities = {
      mode: 'manifests',
      imagePlatforms: async (refs) => {
        calls.push(refs);
        return answers;
      },
    };
    const secrets = {imagePullSecrets: [{name: 'regcred'}]};
    const r = await plan(
      [
        deployment('a', 'reg.local/app:ltsc2019', secrets),
        deployment('a2', 'reg.local/app:ltsc2019'),
        deployment('l', 'reg.local/linux-only:v1'),
        deployment('x', 'reg.local/gone:ltsc2022'),
      ],
      caps,
    );
    assert.equal(calls.length, 1);
    assert.deepEqual(
      calls[0].map((c) => [c.image, c.pullSecrets]),
      [
        ['reg.local/app:ltsc2019', [{namespace: 'web', name: 'regcred'}]],
        ['reg.local/linux-only:v1', []],
        ['reg.local/gone:ltsc2022', []],
      ],
    );
    assert.equal(workload(r, 'a').verdict, 'ready');
    assert.deepEqual(workload(r, 'a').images[0].builds, ['10.0.17763', '10.0.26100']);
    assert.equal(workload(r, 'a').images[0].evidence, 'registry');
    assert.equal(workload(r, 'l').verdict, 'unknown', 'no Windows platform: nothing says it runs');
    assert.match(workload(r, 'l').images[0].detail, /no Windows platform \(linux\/amd64\)/);
    // Not answered: falls back to the tag, and says why.
    assert.equal(workload(r, 'x').verdict, 'ready');
    assert.match(workload(r, 'x').images[0].detail, /^registry: not answered; inferred from tag ltsc2022/);
    assert.deepEqual(r.skipped, [], 'the tag decided: nothing went unchecked');
  });

  it('a registry error on an image whose tag says nothing is a skipped check (unknown for want of the read)', async () => {
    const caps: Capabilities = {mode: 'manifests', imagePlatforms: async () => new Map([['reg.local/app@sha256:abc', {error: '401 Unauthorized'}]])};
    const r = await plan([deployment('d', 'reg.local/app@sha256:abc')], caps);
    assert.equal(workload(r, 'd').verdict, 'unknown');
    assert.deepEqual(r.skipped, [{check: 'upgrade/registry', incomplete: true, reason: 'reg.local/app@sha256:abc: 401 Unauthorized'}]);
  });

  it('Hyper-V isolation (a RuntimeClass handler named *hypervisor) runs older images', async () => {
    const rc: KubeObject = {apiVersion: 'node.k8s.io/v1', kind: 'RuntimeClass', metadata: {name: 'hyperv'}, handler: 'runhcs-wcow-hypervisor'};
    const r = await plan(
      [deployment('h', 'mcr.microsoft.com/windows/servercore:ltsc2019', {runtimeClassName: 'hyperv'})],
      {mode: 'manifests'},
      {runtimeclasses: [rc]},
    );
    assert.equal(workload(r, 'h').isolation, 'hyperv');
    assert.equal(workload(r, 'h').verdict, 'ready');
    assert.deepEqual(r.findings, []);
  });

  it('a ready workload gets no finding', async () => {
    const r = await plan([deployment('ok', 'mcr.microsoft.com/windows/nanoserver:ltsc2025')]);
    assert.deepEqual(r.findings, []);
    assert.deepEqual(workload(r, 'ok').reasons, []);
  });

  it('PodDisruptionBudget arithmetic: percentages scale up, as the disruption controller does', () => {
    const pdb = (spec: Record<string, unknown>): KubeObject => ({apiVersion: 'policy/v1', kind: 'PodDisruptionBudget', metadata: {name: 'p'}, spec});
    assert.equal(allowedDisruptions(pdb({minAvailable: 1}), 1), 0);
    assert.equal(allowedDisruptions(pdb({minAvailable: 1}), 3), 2);
    assert.equal(allowedDisruptions(pdb({minAvailable: '50%'}), 3), 1, 'ceil(1.5) = 2 must stay');
    assert.equal(allowedDisruptions(pdb({minAvailable: '100%'}), 3), 0);
    assert.equal(allowedDisruptions(pdb({maxUnavailable: 0}), 3), 0);
    assert.equal(allowedDisruptions(pdb({maxUnavailable: '10%'}), 3), 1, 'ceil(0.3) = 1');
    assert.equal(allowedDisruptions(pdb({maxUnavailable: '0%'}), 3), 0);
    assert.equal(allowedDisruptions(pdb({}), 3), undefined);
  });

  it('names why a reference has no build: digest, no tag, floating tag', () => {
    assert.match(inferFromTag('mcr.microsoft.com/windows/servercore@sha256:abc').detail, /digest/);
    assert.match(inferFromTag('contoso/app').detail, /no tag/);
    assert.match(inferFromTag('mcr.microsoft.com/dotnet/framework/sdk:4.8').detail, /floating tag 4\.8/);
    assert.match(inferFromTag('mcr.microsoft.com/windows/nanoserver:1809').detail, /^inferred from tag 1809 \(LTSC 2019/);
  });
});

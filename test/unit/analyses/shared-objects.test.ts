// The pods of a workload share their decoded tolerations, token volume, resources, security contexts,
// ports, probes and owner references: the protobuf decoder hands one frozen object per distinct
// sub-message (src/source/protobuf/decode.ts, SHARED), and checks remember by identity what they
// found clean (src/util/clean-memo.ts, src/analyses/qos/shared-class.ts). Every analysis must answer
// for pods that share those objects exactly as for pods that each have their own copy.
import assert from 'node:assert/strict';
import {gmsaAnalysis} from '../../../src/analyses/gmsa/analysis.js';
import {lintAnalysis} from '../../../src/analyses/lint/analysis.js';
import {nodesAnalysis} from '../../../src/analyses/nodes/analysis.js';
import {pspReadinessAnalysis} from '../../../src/analyses/psp/analysis.js';
import {qosAnalysis} from '../../../src/analyses/qos/analysis.js';
import {runAnalysis, type Analysis} from '../../../src/analyses/types.js';
import type {KubeObject} from '../../../src/k8s/object.js';
import type {Snapshot} from '../../../src/k8s/snapshot.js';
import {toWorkload} from '../../../src/source/workloads.js';
import {Gen, prng} from '../../support/random.js';
import {NODES} from './lint/helpers.js';
import {frozenDeep} from '../../../src/util/frozen.js';

type Obj = Record<string, unknown>;

const RESOURCES: Obj[] = [
  {limits: {cpu: '500m', memory: '512Mi'}, requests: {cpu: '500m', memory: '512Mi'}},
  {requests: {cpu: '250m', memory: '256Mi'}},
  {limits: {cpu: '1', memory: '1Gi'}},
  {},
  {limits: {cpu: '2', memory: '2Gi', 'hugepages-2Mi': '2Mi'}, requests: {cpu: '1', memory: '2Gi', 'hugepages-2Mi': '2Mi'}},
];
const TOLERATIONS: Obj[] = [
  {key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'},
  {key: 'node.kubernetes.io/not-ready', operator: 'Exists', effect: 'NoExecute', tolerationSeconds: 300},
  {key: 'k', operator: 'Lt', value: '5', effect: 'NoSchedule'},
  {operator: 'Equal', value: 'x'},
];
const PROJECTED: Obj[] = [
  {
    defaultMode: 420,
    sources: [
      {serviceAccountToken: {expirationSeconds: 3607, path: 'token'}},
      {configMap: {name: 'kube-root-ca.crt', items: [{key: 'ca.crt', path: 'ca.crt'}]}},
      {downwardAPI: {items: [{path: 'namespace', fieldRef: {apiVersion: 'v1', fieldPath: 'metadata.namespace'}}]}},
    ],
  },
  {sources: [{secret: {name: 's', items: [{key: 'k', path: 'x', mode: 0o600}]}}, {configMap: {name: 'c', items: [{key: 'k', path: 'x'}]}}]},
];
const WINDOWS_OPTIONS: Obj[] = [{runAsUserName: 'ContainerUser'}, {runAsUserName: 'a\\b\\c'}, {gmsaCredentialSpecName: 'gmsa-web'}, {hostProcess: true}];
const PROBES: Obj[] = [{httpGet: {path: '/', port: 80}}, {httpGet: {path: '/', port: 80, host: 'example.com'}}, {tcpSocket: {port: 81}}];

function pod(g: Gen, i: number): KubeObject {
  const container = (name: string): Obj => {
    const c: Obj = {name, image: g.pick(['mcr.microsoft.com/windows/servercore/iis:windowsservercore-ltsc2022', 'nginx:1.27', 'contoso/app:ltsc2019'])};
    c.resources = g.pick(RESOURCES);
    if (g.chance(0.4)) c.securityContext = {windowsOptions: g.pick(WINDOWS_OPTIONS)};
    if (g.chance(0.4)) c.readinessProbe = g.pick(PROBES);
    if (g.chance(0.3)) c.ports = [{containerPort: 80, protocol: 'TCP', ...(g.chance(0.2) ? {hostPort: 8080} : {})}];
    return c;
  };
  const spec: Obj = {containers: [container(g.pick(['app', 'web'])), ...(g.chance(0.2) ? [container('second')] : [])]};
  if (g.chance(0.2)) spec.initContainers = [container('init')];
  if (g.chance(0.6)) spec.os = {name: 'windows'};
  if (g.chance(0.5)) spec.nodeName = g.pick(['win2019', 'win2022', 'linux']);
  if (g.chance(0.7)) spec.tolerations = [g.pick(TOLERATIONS), g.pick(TOLERATIONS)];
  if (g.chance(0.6)) spec.securityContext = {windowsOptions: g.pick(WINDOWS_OPTIONS)};
  if (g.chance(0.8)) spec.volumes = [{name: `kube-api-access-${i}`, projected: g.pick(PROJECTED)}];
  if (g.chance(0.3)) spec.serviceAccountName = g.pick(['gmsa', 'default']);
  const ns = g.pick(['a', 'b']);
  const metadata = {
    name: `p${i}`,
    namespace: ns,
    uid: `u${i}`,
    ownerReferences: [{apiVersion: 'apps/v1', kind: 'ReplicaSet', name: `rs-${i % 7}`, uid: `rs${i % 7}`, controller: true}],
  };
  return {apiVersion: 'v1', kind: 'Pod', metadata, spec, status: {phase: 'Running', qosClass: g.pick(['Guaranteed', 'Burstable', 'BestEffort'])}};
}

/** A deep copy: every object its own. */
const copied = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** A deep copy in which each sub-object the decoder shares is one frozen object per distinct content. */
function sharedCopy(pods: KubeObject[]): KubeObject[] {
  const canon = new Map<string, unknown>();
  const share = (v: unknown): unknown => {
    if (v === undefined || v === null) return v;
    const key = JSON.stringify(v);
    if (!canon.has(key)) canon.set(key, frozenDeep(copied(v)));
    return canon.get(key);
  };
  const shareList = (l: unknown) => (Array.isArray(l) ? l.map(share) : l);
  return copied(pods).map((p) => {
    const s = p.spec as Obj;
    for (const kind of ['containers', 'initContainers'] as const) {
      for (const c of (s[kind] ?? []) as Obj[]) {
        for (const k of ['resources', 'securityContext', 'readinessProbe'] as const) if (k in c) c[k] = share(c[k]);
        if (c.ports) c.ports = shareList(c.ports);
      }
    }
    if (s.securityContext) s.securityContext = share(s.securityContext);
    if (s.tolerations) s.tolerations = shareList(s.tolerations);
    for (const v of (s.volumes ?? []) as Obj[]) v.projected = share(v.projected);
    p.metadata!.ownerReferences = shareList(p.metadata!.ownerReferences) as never;
    return p;
  });
}

function snapshotOf(pods: KubeObject[]): Snapshot {
  const workloads = pods.map((p) => toWorkload(p, 'a')!);
  return {
    source: {type: 'cluster', context: 'test', server: 'https://example.invalid'},
    objects: {nodes: NODES, namespaces: [{metadata: {name: 'a'}}, {metadata: {name: 'b'}}], serviceaccounts: [], gmsacredentialspecs: [], limitranges: []},
    skipped: [],
    async *workloads() {
      yield* workloads;
    },
  } as unknown as Snapshot;
}

describe('pods that share their decoded sub-objects', () => {
  const pods = Array.from({length: 600}, (_, i) => pod(new Gen(prng(20261207 + i)), i));
  const analyses: Array<[string, Analysis<unknown, unknown>, Obj]> = [
    ['qos', qosAnalysis as Analysis<unknown, unknown>, {}],
    ['qos (table only)', qosAnalysis as Analysis<unknown, unknown>, {tableOnly: true}],
    ['lint', lintAnalysis as Analysis<unknown, unknown>, {}],
    ['psp readiness', pspReadinessAnalysis as Analysis<unknown, unknown>, {}],
    ['gmsa check', gmsaAnalysis as Analysis<unknown, unknown>, {}],
    ['nodes', nodesAnalysis as Analysis<unknown, unknown>, {}],
  ];
  for (const [name, analysis, options] of analyses) {
    it(`${name}: the same report as for pods with their own copies, and again once its checks remember them`, async () => {
      const report = await runAnalysis(analysis, snapshotOf(copied(pods)), options, {mode: 'cluster'});
      const own = JSON.stringify(report);
      if (name.startsWith('qos') || name === 'lint') assert.equal(report.items.length, pods.length);
      const shared = sharedCopy(pods);
      assert.ok(Object.isFrozen((shared[0].spec as {containers: Obj[]}).containers[0].resources));
      for (let round = 0; round < 2; round++)
        assert.equal(JSON.stringify(await runAnalysis(analysis, snapshotOf(shared), options, {mode: 'cluster'})), own, `round ${round}`);
    });
  }

  it('the generated pods carry findings of every shared kind', async () => {
    const lint = await runAnalysis(lintAnalysis as Analysis<unknown, unknown>, snapshotOf(sharedCopy(pods)), {}, {mode: 'cluster'});
    const ids = new Set<string>(lint.findings.map((f) => f.id));
    for (const id of [
      'lint/toleration-invalid',
      'lint/projected-sources-invalid',
      'lint/volume-default-mode',
      'lint/run-as-username-invalid',
      'lint/hugepages',
    ])
      assert.ok(ids.has(id), `${id} among ${[...ids].join(', ')}`);
  });
});

// Generated live pods for the tests that run every analysis over many pods (shared-objects.test.ts,
// pod-status-unread.test.ts): the sub-objects the protobuf decoder shares, in many combinations.
import type {KubeObject} from '../../../src/k8s/object.js';
import type {Snapshot} from '../../../src/k8s/snapshot.js';
import {toWorkload} from '../../../src/source/workloads.js';
import type {Gen} from '../../support/random.js';
import {NODES} from './lint/helpers.js';

export type Obj = Record<string, unknown>;

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

/** Pod i: Windows and Linux containers, resources, tolerations, token volumes, security contexts, probes, an owner. */
export function pod(g: Gen, i: number): KubeObject {
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
export const copied = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** A live snapshot of `pods` (namespaces a and b) on the lint tests' nodes. */
export function snapshotOf(pods: KubeObject[]): Snapshot {
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

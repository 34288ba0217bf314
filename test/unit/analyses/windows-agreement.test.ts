// Every analysis that decides "is this a Windows pod" decides it the same way (src/k8s/windows-pod.ts):
// lint, psp readiness and qos run over one generated set of pods and templates, with one node
// inventory, and must agree on every object. The pods mix every signal the definition weighs.
import assert from 'node:assert/strict';
import {lintAnalysis, type LintItem} from '../../../src/analyses/lint/analysis.js';
import {nodesAnalysis} from '../../../src/analyses/nodes/analysis.js';
import {pspReadinessAnalysis, type NamespaceItem} from '../../../src/analyses/psp/analysis.js';
import {qosAnalysis, type QosItem} from '../../../src/analyses/qos/analysis.js';
import {runAnalysis} from '../../../src/analyses/types.js';
import {podOs} from '../../../src/k8s/windows-pod.js';
import type {KubeObject} from '../../../src/k8s/object.js';
import type {Snapshot, Workload} from '../../../src/k8s/snapshot.js';
import {toWorkload} from '../../../src/source/workloads.js';
import {Gen, prng} from '../../support/random.js';
import {NODES, node} from './lint/helpers.js';

const SEED = Number(process.env.AGREEMENT_SEED ?? 20261206);
const OS = 'kubernetes.io/os';
const BETA = 'beta.kubernetes.io/os';
const SKU = 'kubernetes.azure.com/os-sku';
const IMAGES = [
  'mcr.microsoft.com/windows/nanoserver:ltsc2022',
  'mcr.microsoft.com/windows/servercore/iis',
  'mcr.microsoft.com/dotnet/framework/aspnet:4.8',
  'microsoft/iis',
  'contoso/app:ltsc2019',
  'contoso/app:10.0.17763.1',
  'nginx:1.27',
  'registry.k8s.io/pause:3.10',
  'busybox',
  'busybox',
  'nginx:1.27',
];

/** The lint fixture nodes, labelled as AKS labels its pools (os-sku), so a selection can match only Windows nodes. */
const AGREEMENT_NODES: KubeObject[] = NODES.map((n) => {
  const os = n.metadata?.labels?.[OS];
  const sku = os === 'windows' ? (n.metadata?.name === 'win2022' ? 'Windows2022' : 'Windows2019') : 'Ubuntu';
  return {...n, metadata: {...n.metadata, labels: {...n.metadata?.labels, [SKU]: sku}}};
});
const rc = (name: string, nodeSelector: Record<string, string>): KubeObject => ({
  apiVersion: 'node.k8s.io/v1',
  kind: 'RuntimeClass',
  metadata: {name},
  handler: name,
  scheduling: {nodeSelector},
});
const RUNTIME_CLASSES = [
  rc('win-rc', {[OS]: 'windows'}),
  rc('beta-win-rc', {[BETA]: 'windows'}),
  rc('linux-rc', {[OS]: 'linux'}),
  rc('sku-rc', {[SKU]: 'Windows2022'}),
];

type Obj = Record<string, unknown>;

/** A pod spec with any mix of the signals, including contradicting ones. */
function spec(g: Gen): Obj {
  const s: Obj = {containers: [{name: 'c', image: g.pick(IMAGES)}]};
  if (g.chance(0.2)) s.initContainers = [{name: 'i', image: g.pick(IMAGES)}];
  const os = g.int(6);
  if (os === 0) s.os = {name: 'windows'};
  else if (os === 1) s.os = {name: 'linux'};
  else if (os === 2) s.os = {name: g.pick(['', 'Windows'])};
  const sel = g.int(9);
  if (sel === 0) s.nodeSelector = {[OS]: 'windows'};
  else if (sel === 1) s.nodeSelector = {[g.pick([OS, BETA])]: 'linux'};
  else if (sel === 2)
    s.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [{matchExpressions: [{key: g.pick([OS, BETA]), operator: 'In', values: g.pick([['windows'], ['windows', 'linux']])}]}],
        },
      },
    };
  else if (sel === 3) s.nodeSelector = {[BETA]: 'windows'};
  else if (sel === 4) s.nodeSelector = {[SKU]: g.pick(['Windows2019', 'Windows2022', 'Ubuntu', 'Mariner'])};
  else if (sel === 5)
    s.affinity = {
      nodeAffinity: {
        requiredDuringSchedulingIgnoredDuringExecution: {
          nodeSelectorTerms: [
            {
              matchExpressions: [
                {
                  key: SKU,
                  operator: 'In',
                  values: g.pick([
                    ['Windows2019', 'Windows2022'],
                    ['Windows2022', 'Ubuntu'],
                  ]),
                },
              ],
            },
          ],
        },
      },
    };
  if (g.chance(0.15)) s.runtimeClassName = g.pick(['win-rc', 'beta-win-rc', 'linux-rc', 'sku-rc', 'gone']);
  if (g.chance(0.35)) s.nodeName = g.pick(['win2019', 'win2022', 'linux', 'gone']);
  if (g.chance(0.2)) s.securityContext = {windowsOptions: g.pick([{runAsUserName: 'ContainerUser'}, {hostProcess: true}, {}])};
  if (g.chance(0.15)) (s.containers as Obj[])[0].securityContext = {windowsOptions: {runAsUserName: 'ContainerUser'}};
  if (g.chance(0.3)) s.tolerations = [g.pick([{key: 'os', operator: 'Equal', value: 'windows', effect: 'NoSchedule'}, {operator: 'Exists'}])];
  return s;
}

function generated(g: Gen, count: number): Workload[] {
  const out: Workload[] = [];
  for (let i = 0; i < count; i++) {
    const s = spec(g);
    const object: KubeObject = g.chance(0.5)
      ? {apiVersion: 'v1', kind: 'Pod', metadata: {name: `p${i}`, namespace: 'ns'}, spec: s}
      : {
          apiVersion: 'apps/v1',
          kind: 'Deployment',
          metadata: {name: `d${i}`, namespace: 'ns'},
          spec: {selector: {matchLabels: {app: `d${i}`}}, template: {metadata: {labels: {app: `d${i}`}}, spec: s}},
        };
    out.push(toWorkload(object, 'ns')!);
  }
  return out;
}

function snapshotOf(workloads: Workload[], nodes: KubeObject[]): Snapshot {
  return {
    source: {type: 'manifests', files: ['generated']},
    objects: {nodes, runtimeclasses: RUNTIME_CLASSES, namespaces: [{apiVersion: 'v1', kind: 'Namespace', metadata: {name: 'ns'}}]},
    skipped: [],
    async *workloads() {
      yield* workloads;
    },
  };
}

const key = (kind: string, name: string) => `${kind}/${name}`;

describe('one Windows pod: every analysis agrees', () => {
  it(`lint, psp and qos call the same generated pods Windows (seed ${SEED})`, async function () {
    this.timeout(20_000);
    const workloads = generated(new Gen(prng(SEED)), 600);
    const caps = {mode: 'manifests' as const};
    const lint = await runAnalysis(lintAnalysis, snapshotOf(workloads, AGREEMENT_NODES), {nodes: AGREEMENT_NODES}, caps);
    const psp = await runAnalysis(pspReadinessAnalysis, snapshotOf(workloads, AGREEMENT_NODES), {}, caps);
    const qos = await runAnalysis(qosAnalysis, snapshotOf(workloads, AGREEMENT_NODES), {templates: true}, caps);

    const verdicts = new Map<string, {lint?: boolean; psp?: boolean; qos?: boolean}>();
    const set = (k: string, analysis: 'lint' | 'psp' | 'qos', windows: boolean) => verdicts.set(k, {...verdicts.get(k), [analysis]: windows});
    for (const i of lint.items as LintItem[]) set(key(i.kind, i.name), 'lint', i.os === 'windows');
    for (const ns of psp.items as NamespaceItem[]) for (const p of ns.pods) set(key(p.kind, p.name), 'psp', p.windows !== null);
    for (const i of qos.items as QosItem[]) set(key(i.kind, i.name), 'qos', i.windows);

    assert.equal(verdicts.size, workloads.length);
    let windows = 0;
    for (const w of workloads) {
      const v = verdicts.get(key(w.kind, w.name))!;
      const expected = podOs(w.spec, {nodes: AGREEMENT_NODES, runtimeClasses: RUNTIME_CLASSES}).os === 'windows';
      assert.deepEqual(v, {lint: expected, psp: expected, qos: expected}, `${w.kind}/${w.name}: ${JSON.stringify(w.spec)}`);
      if (expected) windows++;
    }
    // The set must exercise both answers, and every signal.
    assert.ok(windows > 100 && windows < workloads.length - 50, `${windows} of ${workloads.length} are Windows`);
    const signals = new Set(workloads.map((w) => podOs(w.spec, {nodes: AGREEMENT_NODES, runtimeClasses: RUNTIME_CLASSES}).signal ?? 'none'));
    assert.deepEqual([...signals].sort(), [
      'linux-selection',
      'node-name',
      'node-selection',
      'none',
      'os-name',
      'runtime-class',
      'windows-image',
      'windows-nodes-only',
      'windows-options',
    ]);
  });

  it('nodes counts the same Windows pods as lint when no node runs Windows', async () => {
    const workloads = generated(new Gen(prng(SEED + 1)), 300);
    const linuxOnly = [node('linux', {os: 'linux'}), node('win2019', {os: 'linux'})];
    const caps = {mode: 'manifests' as const};
    const lint = await runAnalysis(lintAnalysis, snapshotOf(workloads, linuxOnly), {nodes: linuxOnly}, caps);
    const pods = (lint.items as LintItem[]).filter((i) => i.kind === 'Pod' && i.os === 'windows').length;
    const nodes = await runAnalysis(
      nodesAnalysis,
      snapshotOf(
        workloads.filter((w) => !w.template),
        linuxOnly,
      ),
      {},
      caps,
    );
    const f = nodes.findings.find((x) => x.id === 'nodes/no-windows-nodes')!;
    assert.ok(pods > 20, `${pods} Windows pods`);
    assert.match(f.message, new RegExp(`, so the ${pods} Windows pods read cannot run anywhere$`));
  });
});

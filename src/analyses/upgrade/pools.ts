// Per node pool: its build and versions, the node-side findings, what each new node pulls, and its
// verdict (blocked when a node-side blocker or a blocked workload on it says so).
import type {KubeObject} from '../../k8s/object.js';
import {nodeWindowsBuild, type NodePool} from '../../k8s/node-pools.js';
import {podSelectsNode, untoleratedTaints} from '../../k8s/node-placement.js';
import {releaseForBuild} from '../../k8s/windows-builds.js';
import {SEVERITY_RANK, type Finding} from '../../report/types.js';
import {imageSizes} from './drain.js';
import type {Target} from './judge.js';
import {pauseFinding, pauseImages} from './node-side.js';
import type {PoolPlan, Verdict, WorkloadPlan} from './plan.js';
import type {FoldedWorkload} from './workloads.js';

export interface PoolIndex {
  poolOfNode: Map<string, string>;
  atTarget: Set<string>;
  runtimes: Map<string, string[]>;
  representatives: Array<{pool: string; node: KubeObject}>;
}

export function poolIndexOf(pools: NodePool[], target: number): PoolIndex {
  const index: PoolIndex = {poolOfNode: new Map(), atTarget: new Set(), runtimes: new Map(), representatives: []};
  for (const p of pools) {
    for (const n of p.nodes) index.poolOfNode.set(n.metadata?.name ?? '', p.name);
    if (nodeWindowsBuild(p.nodes[0]) === target) index.atTarget.add(p.name);
    index.runtimes.set(p.name, [...new Set(p.nodes.map((n) => String(n.status?.nodeInfo?.containerRuntimeVersion ?? '')).filter(Boolean))]);
    index.representatives.push({pool: p.name, node: p.nodes[0]});
  }
  return index;
}

/** The pools a workload's pods run on; with no pods, the pools it can land on. */
export function poolsOfWorkload(f: FoldedWorkload, index: PoolIndex): string[] {
  if (f.nodes.size > 0) return [...new Set([...f.nodes].map((n) => index.poolOfNode.get(n)).filter((p): p is string => p !== undefined))].sort();
  return index.representatives.filter((r) => podSelectsNode(f.spec, r.node) && untoleratedTaints(f.spec, r.node).length === 0).map((r) => r.pool);
}

/** blocked on an error, unknown on an unknown image build, else ready; the reasons most severe first. */
export function verdictOf(findings: readonly Finding[]): {verdict: Verdict; reasons: string[]} {
  const sorted = [...findings].sort((a, b) => SEVERITY_RANK[b.severity] - SEVERITY_RANK[a.severity]);
  const verdict = findings.some((f) => f.severity === 'error') ? 'blocked' : findings.some((f) => f.id === 'upgrade/image-build-unknown') ? 'unknown' : 'ready';
  return {verdict, reasons: sorted.map((f) => `${f.id}: ${f.message}`)};
}

function versions(nodes: readonly KubeObject[], field: 'kubeletVersion' | 'containerRuntimeVersion'): string[] {
  return [...new Set(nodes.map((n) => String(n.status?.nodeInfo?.[field] ?? '')).filter(Boolean))].sort();
}

function pullBytes(workloads: readonly WorkloadPlan[], sizes: Map<string, number>): {bytes: number; unsized: number} {
  const images = new Set(workloads.flatMap((w) => w.images.map((i) => i.image)));
  let bytes = 0;
  let unsized = 0;
  for (const i of images) {
    const size = sizes.get(i);
    if (size === undefined) unsized++;
    else bytes += size;
  }
  return {bytes, unsized};
}

function poolPlan(p: NodePool, t: Target, on: WorkloadPlan[], sizes: Map<string, number>, own: Finding[]): PoolPlan {
  const build = nodeWindowsBuild(p.nodes[0]);
  const atTarget = build === t.build;
  const blocked = on.filter((w) => w.verdict === 'blocked');
  const reasons = [...own.map((f) => `${f.id}: ${f.message}`), ...blocked.map((w) => `${w.kind} ${w.namespace}/${w.name} is blocked`)];
  const pull = pullBytes(on, sizes);
  return {
    type: 'pool',
    name: p.name,
    label: p.label,
    build: build === undefined ? null : `10.0.${build}`,
    release: build === undefined ? null : (releaseForBuild(build)?.name ?? null),
    atTarget,
    nodes: p.nodes.map((n) => n.metadata?.name ?? ''),
    kubeletVersions: versions(p.nodes, 'kubeletVersion'),
    runtimeVersions: versions(p.nodes, 'containerRuntimeVersion'),
    pauseImages: [...new Set(p.nodes.flatMap(pauseImages))].sort(),
    workloads: on.length,
    pullBytesPerNode: pull.bytes,
    unsizedImages: pull.unsized,
    verdict: reasons.length > 0 ? 'blocked' : atTarget ? 'target' : on.some((w) => w.verdict === 'unknown') ? 'unknown' : 'ready',
    reasons,
  };
}

export function poolPlans(pools: NodePool[], t: Target, workloads: WorkloadPlan[]): {items: PoolPlan[]; findings: Finding[]} {
  const sizes = imageSizes(pools.flatMap((p) => p.nodes));
  const items: PoolPlan[] = [];
  const findings: Finding[] = [];
  for (const p of pools) {
    const on = workloads.filter((w) => w.pools.includes(p.name));
    // Every Hyper-V workload ends up on a pool of the target build; a pool that moves takes its own.
    const atTarget = nodeWindowsBuild(p.nodes[0]) === t.build;
    const hyperv = (atTarget ? workloads : on).filter((w) => w.isolation === 'hyperv').map((w) => `${w.kind} ${w.namespace}/${w.name}`);
    const own = [pauseFinding(p.name, p.nodes, t.build, hyperv)].filter((f): f is Finding => f !== undefined);
    for (const f of own) findings.push(f);
    items.push(poolPlan(p, t, on, sizes, own));
  }
  return {items, findings};
}

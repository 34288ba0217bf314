// `kubectl win upgrade-plan --to BUILD`: what breaks when the Windows node pools move to another
// Windows Server build. Pods and templates stream by once and fold into their workloads; the images
// are judged once each (one registry call for all, when asked), then every workload and every pool.
import type {KubeObject} from '../../k8s/object.js';
import type {Capabilities, Skipped, Snapshot, SnapshotRequest, Workload} from '../../k8s/snapshot.js';
import {groupPools, nodeWindowsBuild, type NodePool} from '../../k8s/node-pools.js';
import {isWindowsNode, isWindowsWorkload, type ClusterContext} from '../../k8s/windows-pod.js';
import {makeReport} from '../../report/build.js';
import {streamedKinds} from '../../report/reads.js';
import type {Finding} from '../../report/types.js';
import type {ResourceName} from '../../k8s/resources.js';
import type {Analysis} from '../types.js';
import {ImageRequests, imageBuilds, type ImageBuilds} from './images.js';
import {imagePlans, isolationOf, workloadFindings, type Target} from './judge.js';
import {osSelectorFinding, runtimeClassFindings} from './pins.js';
import {poolIndexOf, poolPlans, poolsOfWorkload, verdictOf, type PoolIndex} from './pools.js';
import type {UpgradePlanItem, WorkloadPlan} from './plan.js';
import {WorkloadFolder, type FoldedWorkload} from './workloads.js';
import {topOwner} from '../remedy/pod-spec.js';

interface UpgradeOptions {
  /** The target Windows build (26100 for Windows Server 2025). */
  target: number;
  /** Offline node inventory (--nodes FILE); live, the cluster's nodes are read. */
  nodes?: KubeObject[];
}

function judgeWorkload(f: FoldedWorkload, t: Target, index: PoolIndex, runtimeClasses: readonly KubeObject[]): {plan: WorkloadPlan; findings: Finding[]} {
  const isolation = isolationOf(f, runtimeClasses);
  const pools = poolsOfWorkload(f, index);
  const moves = pools.length === 0 || pools.some((p) => !index.atTarget.has(p));
  const images = imagePlans(f, t, isolation);
  const findings = [
    ...images.findings,
    ...workloadFindings(
      f,
      t,
      pools.flatMap((p) => index.runtimes.get(p) ?? []),
      moves,
    ),
  ];
  const plan: WorkloadPlan = {
    type: 'workload',
    kind: f.kind,
    namespace: f.namespace,
    name: f.name,
    pods: f.pods,
    ...(f.replicas !== undefined ? {replicas: f.replicas} : {}),
    pools,
    isolation,
    images: images.plans,
    ...verdictOf(findings),
  };
  return {plan, findings};
}

function targetOf(build: number, pools: NodePool[], snapshot: Snapshot, images: Target['images']): Target {
  const pool = pools.find((p) => nodeWindowsBuild(p.nodes[0]) === build);
  return {
    build,
    runtimeClasses: snapshot.objects.runtimeclasses ?? [],
    pdbs: snapshot.objects.poddisruptionbudgets,
    images,
    ...(pool ? {node: pool.nodes[0], pool: pool.name} : {}),
  };
}

/** Checks that need what was not read. */
function skippedOf(snapshot: Snapshot, nodesKnown: boolean, offline: boolean): Skipped[] {
  const skipped = [...snapshot.skipped];
  if (!nodesKnown) {
    const reason = offline ? 'offline: no node inventory (pass --nodes FILE with Node manifests)' : 'nodes could not be read';
    for (const check of ['upgrade/pool-taint-not-tolerated', 'upgrade/os-selector-missing', 'upgrade/pause-image-no-2025']) skipped.push({check, reason});
  }
  return skipped;
}

/**
 * The spec as its owner meant it: a controller's pod without the node the scheduler chose (a Linux
 * Deployment's pod that landed on a Windows node is still a Linux workload; lint reports the landing).
 */
function intendedSpec(w: Workload): Workload['spec'] {
  return w.kind === 'Pod' && w.spec.nodeName && topOwner(w) ? {...w.spec, nodeName: undefined} : w.spec;
}

/** Images whose registry read failed and whose tag says nothing either: their verdict is unknown for want of the read. */
function registryGaps(builds: Map<string, ImageBuilds>): Skipped[] {
  return [...builds.values()]
    .filter((b) => b.registryError !== undefined && b.builds.length === 0)
    .map((b) => ({check: 'upgrade/registry', reason: `${b.image}: ${b.registryError}`, incomplete: true}));
}

export const upgradeAnalysis: Analysis<UpgradePlanItem, UpgradeOptions> = {
  name: 'upgrade',
  reportKind: 'UpgradePlanReport',
  request(options: UpgradeOptions): SnapshotRequest {
    const kinds: ResourceName[] = ['runtimeclasses', 'poddisruptionbudgets'];
    return {kinds: options.nodes ? kinds : ['nodes', ...kinds], pods: true, workloads: true, podStatusUnread: true};
  },
  primary(options: UpgradeOptions) {
    const streamed = streamedKinds(this.request(options));
    return options.nodes ? streamed : [...streamed, 'nodes'];
  },
  begin(snapshot: Snapshot, options: UpgradeOptions, caps: Capabilities) {
    const listed = snapshot.objects.nodes;
    const nodes = options.nodes ?? (caps.mode === 'cluster' || (listed && listed.length > 0) ? listed : undefined);
    const context: ClusterContext = {nodes, runtimeClasses: snapshot.objects.runtimeclasses};
    const windowsFolder = new WorkloadFolder();
    const otherFolder = new WorkloadFolder();
    const images = new ImageRequests();
    return {
      visit(w: Workload) {
        if (w.undecodable) return;
        if (!isWindowsWorkload(intendedSpec(w), context)) {
          otherFolder.add(w);
          return;
        }
        windowsFolder.add(w);
        for (const c of [...(w.spec.initContainers ?? []), ...w.spec.containers]) if (c.image) images.add(c.image, w.namespace, w.spec.imagePullSecrets);
      },
      async finish() {
        const pools = groupPools((nodes ?? []).filter(isWindowsNode));
        const builds = await imageBuilds(images.requests(), caps);
        const target = targetOf(options.target, pools, snapshot, builds);
        const index = poolIndexOf(pools, target.build);
        const findings: Finding[] = [];
        const plans: WorkloadPlan[] = [];
        const rcUsers = new Map<string, number>();
        for (const f of windowsFolder.byKey.values()) {
          const judged = judgeWorkload(f, target, index, target.runtimeClasses);
          plans.push(judged.plan);
          for (const x of judged.findings) findings.push(x);
          if (f.spec.runtimeClassName) rcUsers.set(f.spec.runtimeClassName, (rcUsers.get(f.spec.runtimeClassName) ?? 0) + 1);
        }
        for (const x of runtimeClassFindings(target.runtimeClasses, rcUsers, target.build)) findings.push(x);
        const representatives = pools.map((p) => p.nodes[0]);
        for (const f of otherFolder.byKey.values()) {
          const x = osSelectorFinding(f, representatives);
          if (x) findings.push(x);
        }
        const poolItems = poolPlans(pools, target, plans);
        const items: UpgradePlanItem[] = [...poolItems.items, ...plans];
        return makeReport(
          'UpgradePlanReport',
          snapshot.source,
          items,
          [...poolItems.findings, ...findings],
          [...skippedOf(snapshot, nodes !== undefined, caps.mode === 'manifests'), ...registryGaps(builds)],
        );
      },
    };
  },
};

// Drain risk: what `kubectl drain` meets when the pool moves. A PodDisruptionBudget that allows no
// disruption makes the eviction API refuse every eviction (drain waits forever); one replica is down
// while it moves. PDB arithmetic as the disruption controller does it: minAvailable and
// maxUnavailable percentages scale up (kubernetes/kubernetes pkg/controller/disruption/disruption.go,
// intstr.GetScaledValueFromIntOrPercent with roundUp true).
import type {KubeObject} from '../../k8s/object.js';
import {matchesLabelSelector} from '../../k8s/label-selector.js';
import {finding} from '../../report/finding.js';
import type {Finding} from '../../report/types.js';
import {objectOf} from './judged.js';
import type {FoldedWorkload} from './workloads.js';

function scaled(value: unknown, replicas: number): number | undefined {
  if (typeof value === 'number') return value;
  const m = typeof value === 'string' ? /^(\d+)%$/.exec(value) : null;
  return m ? Math.ceil((Number(m[1]) * replicas) / 100) : undefined;
}

/** How many of `replicas` pods the PDB lets go at once (undefined when its fields say nothing usable). */
export function allowedDisruptions(pdb: KubeObject, replicas: number): number | undefined {
  const spec = pdb.spec ?? {};
  if (spec.maxUnavailable !== undefined) return scaled(spec.maxUnavailable, replicas);
  if (spec.minAvailable !== undefined) {
    const min = scaled(spec.minAvailable, replicas);
    return min === undefined ? undefined : Math.max(0, replicas - min);
  }
  return undefined;
}

const describe = (pdb: KubeObject) =>
  pdb.spec?.maxUnavailable !== undefined ? `maxUnavailable ${pdb.spec.maxUnavailable}` : `minAvailable ${pdb.spec?.minAvailable}`;

export function drainFindings(f: FoldedWorkload, pdbs: readonly KubeObject[] | undefined): Finding[] {
  const out: Finding[] = [];
  const replicas = f.replicas ?? (f.pods > 0 ? f.pods : undefined);
  if (replicas === undefined || f.kind === 'DaemonSet' || f.kind === 'Job' || f.kind === 'CronJob') return out;
  for (const pdb of pdbs ?? []) {
    if ((pdb.metadata?.namespace ?? 'default') !== f.namespace || !pdb.spec?.selector || !matchesLabelSelector(pdb.spec.selector, f.podLabels)) continue;
    const allowed = allowedDisruptions(pdb, replicas);
    if (allowed !== 0) continue;
    out.push(
      finding('upgrade/pdb-blocks-drain', {
        object: objectOf(f),
        message: `PodDisruptionBudget ${pdb.metadata?.name} (${describe(pdb)}) allows 0 of ${replicas} replica${replicas === 1 ? '' : 's'} to go: draining its nodes blocks`,
        remedy: {
          text: `Let one pod go during the move (or scale up to ${replicas + 1} replicas first)`,
          target: {kind: 'PodDisruptionBudget', apiVersion: 'policy/v1', namespace: f.namespace, name: pdb.metadata?.name ?? ''},
          patch: {spec: {minAvailable: null, maxUnavailable: 1}},
        },
      }),
    );
  }
  if (replicas === 1 && f.kind !== 'Pod') {
    out.push(
      finding('upgrade/single-replica', {
        object: objectOf(f),
        message: `${f.kind} ${f.name} runs 1 replica: it is down while its pod is evicted and started on the new pool`,
        remedy: {
          text: 'Run 2 replicas during the move',
          target: {kind: f.kind, apiVersion: f.kind === 'ReplicationController' ? 'v1' : 'apps/v1', namespace: f.namespace, name: f.name},
          patch: {spec: {replicas: 2}},
        },
      }),
    );
  }
  return out;
}

/** Bytes of the images not yet on a node of the target that a pool's workloads need (node.status.images sizes). */
export function imageSizes(nodes: readonly KubeObject[]): Map<string, number> {
  const sizes = new Map<string, number>();
  for (const n of nodes)
    for (const i of (n.status?.images ?? []) as {names?: string[]; sizeBytes?: number}[])
      for (const name of i.names ?? []) if (typeof i.sizeBytes === 'number') sizes.set(name, i.sizeBytes);
  return sizes;
}

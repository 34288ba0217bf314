// Pins that break on the move: a windows-build nodeSelector or required affinity, a RuntimeClass
// whose scheduling pins the build, taints of the target pool the workload does not tolerate, and
// pods that are not Windows pods with nothing keeping them off the new Windows nodes.
import type {V1NodeSelectorTerm, V1PodSpec} from '@kubernetes/client-node';
import {finding} from '../../report/finding.js';
import type {Finding} from '../../report/types.js';
import type {KubeObject} from '../../k8s/object.js';
import {untoleratedTaints, podSelectsNode} from '../../k8s/node-placement.js';
import {WINDOWS_BUILD_LABEL} from '../../k8s/windows-builds.js';
import {OS_LABEL, BETA_OS_LABEL} from '../../k8s/windows-pod.js';
import {podSpecRemedy} from '../remedy/pod-spec.js';
import {tolerationsFor} from '../nodes/analysis.js';
import {objectOf, specPathOf} from './judged.js';
import type {FoldedWorkload} from './workloads.js';

const targetValue = (build: number) => `10.0.${build}`;

/** The values a required affinity term allows for the build label, when it names them (In). */
function affinityBuildValues(terms: V1NodeSelectorTerm[] | undefined): string[] | undefined {
  const values = (terms ?? []).flatMap((t) =>
    (t.matchExpressions ?? []).filter((r) => r.key === WINDOWS_BUILD_LABEL && r.operator === 'In').flatMap((r) => r.values ?? []),
  );
  return values.length > 0 ? values : undefined;
}

export function buildPinFindings(f: FoldedWorkload, target: number): Finding[] {
  const want = targetValue(target);
  const out: Finding[] = [];
  const pinned = f.spec.nodeSelector?.[WINDOWS_BUILD_LABEL];
  if (pinned !== undefined && pinned !== want) {
    out.push(
      finding('upgrade/windows-build-pinned', {
        object: objectOf(f),
        field: `${specPathOf(f)}.nodeSelector`,
        message: `nodeSelector ${WINDOWS_BUILD_LABEL}=${pinned}: no node of the target build (${want}) matches it`,
        remedy: podSpecRemedy(f.source, `Select the target build: nodeSelector ${WINDOWS_BUILD_LABEL}: "${want}"`, {
          nodeSelector: {[WINDOWS_BUILD_LABEL]: want},
        }),
      }),
    );
  }
  const terms = f.spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  const values = affinityBuildValues(terms);
  if (values && !values.includes(want)) {
    out.push(
      finding('upgrade/windows-build-pinned', {
        object: objectOf(f),
        field: `${specPathOf(f)}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution`,
        message: `required node affinity ${WINDOWS_BUILD_LABEL} In [${values.join(', ')}]: no node of the target build (${want}) matches it`,
        remedy: {
          text: `Add "${want}" to the values of the ${WINDOWS_BUILD_LABEL} In requirement (or remove the requirement once every pool runs the target build)`,
        },
      }),
    );
  }
  return out;
}

/** RuntimeClasses whose scheduling.nodeSelector pins another build, with the workloads that use them. */
export function runtimeClassFindings(runtimeClasses: readonly KubeObject[], users: Map<string, number>, target: number): Finding[] {
  const want = targetValue(target);
  const out: Finding[] = [];
  for (const rc of runtimeClasses) {
    const name = rc.metadata?.name ?? '';
    const pinned = rc.scheduling?.nodeSelector?.[WINDOWS_BUILD_LABEL] as string | undefined;
    if (pinned === undefined || pinned === want) continue;
    const n = users.get(name) ?? 0;
    out.push(
      finding('upgrade/runtimeclass-build-pinned', {
        object: {kind: 'RuntimeClass', name},
        field: 'scheduling.nodeSelector',
        message: `scheduling.nodeSelector ${WINDOWS_BUILD_LABEL}=${pinned}: its pods (${n} workload${n === 1 ? '' : 's'} read) cannot schedule on the target build ${want}`,
        remedy: {
          text: `Point the RuntimeClass at the target build (or create a new RuntimeClass for it and move the workloads)`,
          target: {kind: 'RuntimeClass', apiVersion: 'node.k8s.io/v1', name},
          patch: {scheduling: {nodeSelector: {[WINDOWS_BUILD_LABEL]: want}}},
        },
      }),
    );
  }
  return out;
}

/** The target pool's taints the workload does not tolerate (one representative node: a pool's nodes share their taints). */
export function taintFindings(f: FoldedWorkload, targetNode: KubeObject | undefined, targetPool: string): Finding[] {
  if (!targetNode) return [];
  const missing = untoleratedTaints(f.spec, targetNode);
  if (missing.length === 0) return [];
  const tolerations = [...(f.spec.tolerations ?? []), ...tolerationsFor(missing)];
  return [
    finding('upgrade/pool-taint-not-tolerated', {
      object: objectOf(f),
      field: `${specPathOf(f)}.tolerations`,
      message: `the target pool ${targetPool} has taint${missing.length === 1 ? '' : 's'} ${missing.map((t) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`).join(', ')} that the workload does not tolerate`,
      remedy: podSpecRemedy(f.source, 'Tolerate the target pool’s taints', {tolerations}),
    }),
  ];
}

const hasOsSelector = (spec: V1PodSpec) =>
  [OS_LABEL, BETA_OS_LABEL].some((l) => spec.nodeSelector?.[l] !== undefined) ||
  (spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []).some((t) =>
    (t.matchExpressions ?? []).some((r) => r.key === OS_LABEL || r.key === BETA_OS_LABEL),
  );

/** A pod that is not a Windows pod, with no OS selector, that can land on one of `windowsNodes` (one per pool). */
export function osSelectorFinding(f: FoldedWorkload, windowsNodes: readonly KubeObject[]): Finding | undefined {
  if (hasOsSelector(f.spec) || f.spec.os?.name === 'linux' || f.spec.nodeName) return undefined;
  const lands = windowsNodes.find((n) => podSelectsNode(f.spec, n) && untoleratedTaints(f.spec, n).length === 0);
  if (!lands) return undefined;
  return finding('upgrade/os-selector-missing', {
    object: objectOf(f),
    field: `${specPathOf(f)}.nodeSelector`,
    message: `no ${OS_LABEL} selector and nothing keeps it off Windows node ${lands.metadata?.name}: a new Windows pool with the same taints takes it too`,
    remedy: podSpecRemedy(f.source, `Select Linux nodes: nodeSelector ${OS_LABEL}: linux`, {nodeSelector: {[OS_LABEL]: 'linux'}}),
  });
}

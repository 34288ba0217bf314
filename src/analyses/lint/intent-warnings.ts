// Warnings about what a pod says of its OS, whatever that OS is: the deprecated beta OS label (the
// apiserver's own warning), Windows features Kubernetes removed, and the reverse case, a pod with
// no Windows intent that the scheduler may still place on Windows nodes.
import type {V1NodeSelectorTerm} from '@kubernetes/client-node';
import type {Finding} from '../../report/types.js';
import type {KubeObject} from '../../k8s/object.js';
import type {Workload} from '../../k8s/snapshot.js';
import {landingNodes} from '../../k8s/node-placement.js';
import {BETA_OS_LABEL, isWindowsNode, OS_LABEL, type PodOsVerdict} from '../../k8s/windows-pod.js';
import {finding} from './finding.js';
import {podSpecRemedy} from '../remedy/pod-spec.js';
import {placementOf} from './scheduling.js';

// kubernetes/kubernetes pkg/api/node/util.go deprecatedNodeLabels, the OS label's entry word for word.
const BETA_OS_DEPRECATED = `deprecated since v1.14; use "${OS_LABEL}" instead`;

/**
 * The apiserver's warning for the beta OS label, as pkg/api/pod/warnings.go words it: nodeSelector
 * "<path>[key]: <msg>", node affinity terms "<path>.matchExpressions[j].key: <key> is <msg>".
 */
export function deprecatedOsLabelWarnings(w: Workload): Finding[] {
  const sp = w.specPath;
  const out: Finding[] = [];
  const remedy = {text: `Use ${OS_LABEL}, which the kubelet sets on every node (it still sets ${BETA_OS_LABEL} too)`};
  if (w.spec.nodeSelector?.[BETA_OS_LABEL] !== undefined) {
    const field = `${sp}.nodeSelector[${BETA_OS_LABEL}]`;
    out.push(finding(w, 'lint/os-label-deprecated', field, `${field}: ${BETA_OS_DEPRECATED}`, remedy));
  }
  const affinity = w.spec.affinity?.nodeAffinity;
  const terms: Array<{term: V1NodeSelectorTerm | undefined; path: string}> = [
    ...(affinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms ?? []).map((term, i) => ({
      term,
      path: `${sp}.affinity.nodeAffinity.requiredDuringSchedulingIgnoredDuringExecution.nodeSelectorTerms[${i}]`,
    })),
    ...(affinity?.preferredDuringSchedulingIgnoredDuringExecution ?? []).map((p, i) => ({
      term: p?.preference,
      path: `${sp}.affinity.nodeAffinity.preferredDuringSchedulingIgnoredDuringExecution[${i}].preference`,
    })),
  ];
  for (const {term, path} of terms) {
    (term?.matchExpressions ?? []).forEach((r, j) => {
      if (r?.key !== BETA_OS_LABEL) return;
      const field = `${path}.matchExpressions[${j}].key`;
      out.push(finding(w, 'lint/os-label-deprecated', field, `${field}: ${BETA_OS_LABEL} is ${BETA_OS_DEPRECATED}`, remedy));
    });
  }
  return out;
}

interface RemovedAnnotation {
  matches(key: string, value: string): boolean;
  message(key: string, value: string): string;
  remedy: string;
}

// Windows pod annotations Kubernetes once read and dropped. Sources: kubernetes/kubernetes#95505
// (HyperVContainer gate removed in 1.21) and kubernetes/website feature-gates/HyperVContainer.md;
// kubernetes/enhancements keps/sig-windows/689-windows-gmsa/README.md (the 1.14 alpha annotations, replaced
// by securityContext.windowsOptions fields in 1.16) and feature-gates/WindowsGMSA.md.
const REMOVED_ANNOTATIONS: RemovedAnnotation[] = [
  {
    matches: (k, v) => k === 'experimental.windows.kubernetes.io/isolation-type' && v.toLowerCase() === 'hyperv',
    message: (k, v) =>
      `annotation ${k}: ${v} asks for Hyper-V isolation, which Kubernetes removed in v1.21 (the HyperVContainer feature gate, kubernetes/kubernetes#95505): the kubelet ignores it and the pod runs process-isolated, so its images must match the node's Windows build`,
    remedy: 'Remove the annotation, and use images built for the Windows version of the nodes the pod lands on',
  },
  {
    matches: (k) => /^(pod|[^.]+\.container)\.alpha\.windows\.kubernetes\.io\/gmsa-credential-spec(-name)?$/.test(k),
    message: (k) =>
      `annotation ${k} is the alpha gMSA annotation of Kubernetes 1.14-1.15, replaced in v1.16 by securityContext.windowsOptions.gmsaCredentialSpecName: nothing reads it now, so the pod runs without the gMSA identity`,
    remedy: 'Set securityContext.windowsOptions.gmsaCredentialSpecName (on the pod or the container) instead',
  },
];

export function removedFeatureWarnings(w: Workload): Finding[] {
  const out: Finding[] = [];
  const prefix = w.template ? `${w.specPath.slice(0, -'.spec'.length)}.metadata` : 'metadata';
  for (const [key, value] of Object.entries(w.podMetadata?.annotations ?? {})) {
    const removed = REMOVED_ANNOTATIONS.find((r) => r.matches(key, String(value)));
    if (removed)
      out.push(finding(w, 'lint/removed-windows-feature', `${prefix}.annotations[${key}]`, removed.message(key, String(value)), {text: removed.remedy}));
  }
  return out;
}

// Pods of one workload share one selection and one set of tolerations: the Windows nodes they can
// land on are worked out once per distinct (selection, tolerations) and node list.
const landingByPlacement = new WeakMap<readonly KubeObject[], Map<string, KubeObject[]>>();

function windowsLandingNodes(spec: Workload['spec'], windowsNodes: readonly KubeObject[]): KubeObject[] {
  let cache = landingByPlacement.get(windowsNodes);
  if (!cache) landingByPlacement.set(windowsNodes, (cache = new Map()));
  const key = JSON.stringify([
    spec.nodeSelector ?? null,
    spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution ?? null,
    spec.tolerations ?? null,
  ]);
  let landing = cache.get(key);
  if (!landing) {
    if (cache.size > 10_000) cache.clear();
    cache.set(key, (landing = landingNodes({...spec, nodeName: undefined}, windowsNodes)));
  }
  return landing;
}

const windowsOf = new WeakMap<readonly KubeObject[], KubeObject[]>();
function windowsNodesOf(nodes: readonly KubeObject[]): KubeObject[] {
  let w = windowsOf.get(nodes);
  if (!w) windowsOf.set(nodes, (w = nodes.filter(isWindowsNode)));
  return w;
}

/**
 * The reverse case (kubernetes/kubernetes#94366): a pod or template with no Windows intent whose
 * selection and tolerations let the scheduler place it on Windows nodes (they have no NoSchedule
 * taint, or it tolerates it). spec.os.name: linux does not steer the scheduler, so it counts as no
 * selection. Pods the scheduler does not place (pinned, or placed and owned) are left to their owner.
 */
export function linuxOnWindowsWarnings(w: Workload, intent: PodOsVerdict, nodes: readonly KubeObject[] | undefined): Finding[] {
  if (intent.os === 'windows' || !nodes || placementOf(w) !== 'scheduled') return [];
  const windowsNodes = windowsNodesOf(nodes);
  if (windowsNodes.length === 0) return [];
  const landing = windowsLandingNodes(w.spec, windowsNodes);
  if (landing.length === 0) return [];
  // Sorted, so the same nodes read live (the API sorts by name) or from a file give the same words.
  const names = landing
    .map((n) => n.metadata?.name ?? '')
    .sort()
    .join(', ');
  const who = w.kind === 'DaemonSet' ? `the DaemonSet runs a pod on each of them` : 'the scheduler may place its pods there';
  const declared = intent.declared === 'linux' ? 'spec.os.name: linux does not steer the scheduler, and ' : '';
  return [
    finding(
      w,
      'lint/linux-workload-on-windows-nodes',
      `${w.specPath}.nodeSelector`,
      `nothing says this pod runs on Windows, but ${declared}its node selection and tolerations admit Windows node${landing.length > 1 ? 's' : ''} ${names} (no NoSchedule taint keeps it off, or it tolerates it): ${who}, and there it starts only if each of its images has a Windows variant`,
      podSpecRemedy(w, `Add nodeSelector ${OS_LABEL}: linux (or taint the Windows nodes os=windows:NoSchedule)`, {
        nodeSelector: {...(w.spec.nodeSelector ?? {}), [OS_LABEL]: 'linux'},
      }),
    ),
  ];
}

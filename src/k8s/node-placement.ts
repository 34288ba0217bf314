// Where a pod can land: the nodes its nodeSelector / required node affinity / nodeName select, and
// whether it tolerates their taints (whether it is a Windows pod at all: src/k8s/windows-pod.ts). Scheduling follows
// kubernetes/kubernetes pkg/scheduler/framework/plugins/nodeaffinity and tainttoleration, and
// staging/src/k8s.io/component-helpers/scheduling/corev1 (FindMatchingUntoleratedTaint, Toleration.ToleratesTaint).
import type {V1NodeSelectorRequirement, V1NodeSelectorTerm, V1PodSpec, V1Taint, V1Toleration} from '@kubernetes/client-node';
import type {KubeObject} from './object.js';

/** True when the requirement matches the labels (node affinity semantics). */
function matchRequirement(r: V1NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In':
      return has && values.includes(v);
    case 'NotIn':
      return !has || !values.includes(v);
    case 'Exists':
      return has;
    case 'DoesNotExist':
      return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const a = Number.parseInt(v, 10);
      const b = Number.parseInt(values[0], 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default:
      return false;
  }
}

function matchTerm(t: V1NodeSelectorTerm, node: KubeObject): boolean {
  const exprs = t.matchExpressions ?? [];
  const fields = t.matchFields ?? [];
  if (exprs.length === 0 && fields.length === 0) return false;
  const labels = (node.metadata?.labels ?? {}) as Record<string, string>;
  const fieldSet = {'metadata.name': node.metadata?.name ?? ''};
  return exprs.every((r) => matchRequirement(r, labels)) && fields.every((r) => matchRequirement(r, fieldSet));
}

/** nodeName, nodeSelector and required node affinity: whether the pod may be placed on the node. */
export function podSelectsNode(spec: V1PodSpec, node: KubeObject): boolean {
  if (spec.nodeName && spec.nodeName !== node.metadata?.name) return false;
  const labels = (node.metadata?.labels ?? {}) as Record<string, string>;
  for (const [k, v] of Object.entries(spec.nodeSelector ?? {})) if (labels[k] !== v) return false;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (terms && !terms.some((t) => matchTerm(t, node))) return false;
  return true;
}

/** Toleration.ToleratesTaint. */
export function tolerates(t: V1Toleration, taint: V1Taint): boolean {
  if (t.effect && t.effect !== taint.effect) return false;
  if (t.key && t.key !== taint.key) return false;
  const op = t.operator ?? 'Equal';
  if (op === 'Exists') return true;
  if (op === 'Equal') return (t.value ?? '') === (taint.value ?? '');
  return false;
}

/** The node's NoSchedule/NoExecute taints the pod does not tolerate (they block scheduling). */
export function untoleratedTaints(spec: V1PodSpec, node: KubeObject): V1Taint[] {
  const taints = ((node.spec?.taints ?? []) as V1Taint[]).filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute');
  return taints.filter((taint) => !(spec.tolerations ?? []).some((t) => tolerates(t, taint)));
}

/**
 * The nodes among `candidates` a pod or template can run on: its spec.nodeName node when it has one
 * (the scheduler is bypassed, taints do not keep it off), else those its selection admits and whose
 * NoSchedule/NoExecute taints it tolerates.
 */
export function landingNodes(spec: V1PodSpec, candidates: readonly KubeObject[]): KubeObject[] {
  const selected = candidates.filter((n) => podSelectsNode(spec, n));
  return spec.nodeName ? selected : selected.filter((n) => untoleratedTaints(spec, n).length === 0);
}

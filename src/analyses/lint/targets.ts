// Where a pod can land: its OS intent, the nodes its nodeSelector / required node affinity /
// nodeName select, and whether it tolerates their taints. Scheduling follows
// kubernetes/kubernetes pkg/scheduler/framework/plugins/nodeaffinity and tainttoleration, and
// staging/src/k8s.io/component-helpers/scheduling/corev1 (FindMatchingUntoleratedTaint, Toleration.ToleratesTaint).
import type {V1NodeSelectorRequirement, V1NodeSelectorTerm, V1PodSpec, V1Taint, V1Toleration} from '@kubernetes/client-node';
import type {KubeObject} from '../../source/types.js';
import {imageWindowsBuild, namesWindows} from './image-version.js';

export const OS_LABEL = 'kubernetes.io/os';

/** True when the requirement matches the labels (node affinity semantics). */
function matchRequirement(r: V1NodeSelectorRequirement, labels: Record<string, string>): boolean {
  const has = Object.prototype.hasOwnProperty.call(labels, r.key);
  const v = labels[r.key];
  const values = r.values ?? [];
  switch (r.operator) {
    case 'In': return has && values.includes(v);
    case 'NotIn': return !has || !values.includes(v);
    case 'Exists': return has;
    case 'DoesNotExist': return !has;
    case 'Gt':
    case 'Lt': {
      if (!has || values.length !== 1) return false;
      const a = Number.parseInt(v, 10);
      const b = Number.parseInt(values[0], 10);
      if (Number.isNaN(a) || Number.isNaN(b)) return false;
      return r.operator === 'Gt' ? a > b : a < b;
    }
    default: return false;
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

export function nodeOS(node: KubeObject): string | undefined {
  return node.metadata?.labels?.[OS_LABEL] ?? node.status?.nodeInfo?.operatingSystem;
}

export const isWindowsNode = (node: KubeObject): boolean => nodeOS(node) === 'windows';

/** Whether the pod's own constraints (nodeSelector / required affinity) restrict it to Windows nodes. */
export function selectsOnlyWindows(spec: V1PodSpec): boolean {
  if (spec.nodeSelector?.[OS_LABEL] === 'windows') return true;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  if (!terms || terms.length === 0) return false;
  // Every term must require kubernetes.io/os In [windows] (only).
  return terms.every((t) =>
    (t.matchExpressions ?? []).some(
      (r) => r.key === OS_LABEL && r.operator === 'In' && (r.values ?? []).length > 0 && (r.values ?? []).every((v) => v === 'windows'),
    ),
  );
}

/** An image that only exists for Windows: mcr.microsoft.com/windows/*, servercore, nanoserver, or a Windows version tag. */
export function isWindowsImage(image: string | undefined): boolean {
  return !!image && (namesWindows(image) || imageWindowsBuild(image) !== undefined);
}

export interface OsIntent {
  /** What the pod declares or implies: windows, linux, or unknown. */
  os: 'windows' | 'linux' | 'unknown';
  /** spec.os.name itself, when set. */
  declared?: string;
  /** Why we think it is a Windows pod (for messages). */
  reason?: string;
}

function hasWindowsOptions(spec: V1PodSpec): boolean {
  if (spec.securityContext?.windowsOptions) return true;
  for (const list of [spec.initContainers, spec.containers, spec.ephemeralContainers]) {
    for (const c of list ?? []) if (c.securityContext?.windowsOptions) return true;
  }
  return false;
}

/** One string per declared OS, not one per pod (findings built from it are cached by it). */
const DECLARED = {windows: 'spec.os.name is windows', linux: 'spec.os.name is linux'} as const;

/** The OS a pod is meant for, from spec.os, its node constraints, windowsOptions, its node, or its images. */
export function osIntent(spec: V1PodSpec, nodes?: KubeObject[]): OsIntent {
  const declared = spec.os?.name;
  if (declared === 'windows' || declared === 'linux') return {os: declared, declared, reason: DECLARED[declared]};
  if (selectsOnlyWindows(spec)) return {os: 'windows', declared, reason: `its node selection requires ${OS_LABEL}=windows`};
  if (spec.nodeName && nodes) {
    const node = nodes.find((n) => n.metadata?.name === spec.nodeName);
    if (node && isWindowsNode(node)) return {os: 'windows', declared, reason: `it runs on Windows node ${spec.nodeName}`};
  }
  if (hasWindowsOptions(spec)) return {os: 'windows', declared, reason: 'it sets windowsOptions'};
  const images = [...(spec.initContainers ?? []), ...(spec.containers ?? [])].map((c) => c.image);
  const win = images.find((i) => isWindowsImage(i));
  if (win) return {os: 'windows', declared, reason: `its image ${win} is a Windows image`};
  if (spec.nodeSelector?.[OS_LABEL] === 'linux') return {os: 'linux', declared};
  return {os: 'unknown', declared};
}

// Node pools: the nodes a cloud provisions from one template, named by its pool label (AKS
// `kubernetes.azure.com/agentpool`, EKS `eks.amazonaws.com/nodegroup`, GKE `cloud.google.com/gke-nodepool`);
// elsewhere Windows nodes are grouped by their Windows build (node.kubernetes.io/windows-build).
import type {KubeObject} from './object.js';
import {parseWindowsVersion, WINDOWS_BUILD_LABEL} from './windows-builds.js';

const POOL_LABELS = ['kubernetes.azure.com/agentpool', 'eks.amazonaws.com/nodegroup', 'cloud.google.com/gke-nodepool'] as const;

export interface NodePool {
  /** The pool label's value, or "windows-build=10.0.BUILD" where there is no pool label. */
  name: string;
  /** The label that names it (a pool label, or the windows-build label). */
  label: string;
  nodes: KubeObject[];
}

/** The node's pool name and the label it came from. */
export function poolOf(node: KubeObject): {name: string; label: string} {
  const labels = node.metadata?.labels ?? {};
  for (const l of POOL_LABELS) if (labels[l]) return {name: labels[l], label: l};
  const build = labels[WINDOWS_BUILD_LABEL] ?? windowsBuildText(node);
  return {name: `${WINDOWS_BUILD_LABEL}=${build ?? 'unknown'}`, label: WINDOWS_BUILD_LABEL};
}

function windowsBuildText(node: KubeObject): string | undefined {
  const v = parseWindowsVersion(node.status?.nodeInfo?.kernelVersion);
  return v ? `${v.major}.${v.minor}.${v.build}` : undefined;
}

/** The node's Windows build number (kernelVersion, else the windows-build label), or undefined. */
export function nodeWindowsBuild(node: KubeObject): number | undefined {
  return (parseWindowsVersion(node.status?.nodeInfo?.kernelVersion) ?? parseWindowsVersion(node.metadata?.labels?.[WINDOWS_BUILD_LABEL]))?.build;
}

/** Whether the node is in AKS (its pool label, or an Azure providerID). */
export function isAksNode(node: KubeObject): boolean {
  return Boolean(node.metadata?.labels?.[POOL_LABELS[0]]) || String(node.spec?.providerID ?? '').startsWith('azure://');
}

/** The nodes grouped into pools, in the order first seen. */
export function groupPools(nodes: readonly KubeObject[]): NodePool[] {
  const pools = new Map<string, NodePool>();
  for (const n of nodes) {
    const {name, label} = poolOf(n);
    let pool = pools.get(name);
    if (!pool) pools.set(name, (pool = {name, label, nodes: []}));
    pool.nodes.push(n);
  }
  return [...pools.values()];
}

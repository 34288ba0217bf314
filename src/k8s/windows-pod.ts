// The one definition of a Windows pod: every analysis (lint, psp, qos, gmsa, nodes) asks this module
// whether a pod or template is meant for Windows, so two analyses never disagree about the same pod.
//
// Kubernetes itself has no such notion beyond spec.os.name: validation (kubernetes/kubernetes
// pkg/apis/core/validation/validation.go validateWindows/validateLinux) and Pod Security
// (kubernetes/pod-security-admission policy/check_*.go, isWindowsPod) look at spec.os.name only, and
// src/k8s/pss keeps exactly that rule. This module answers the operator's question instead: "will
// this pod run on Windows?", from the signals below, strongest first; the first that applies decides.
//
//   1. spec.os.name windows | linux          declared: the API's own field, always decisive.
//   2. nodeSelector or required node         scheduling: the scheduler only places it on Windows
//      affinity kubernetes.io/os=windows     nodes (every affinity term must require it).
//   3. spec.nodeName of a Windows node       placement: the scheduler is bypassed (or already ran);
//                                            needs the node inventory, otherwise not counted.
//   4. windowsOptions on the pod or a        implied: Linux ignores them; HostProcess is one of them.
//      container (HostProcess included)
//   5. a Windows-only image                  implied: mcr.microsoft.com/windows/*, servercore,
//      (src/k8s/windows-image.ts)            nanoserver, or a Windows build tag (ltsc2022, 10.0.17763).
//   6. nodeSelector kubernetes.io/os=linux   linux, when none of the above says Windows.
//   otherwise                                unknown (treated as not Windows).
//
// Not counted: a toleration of the Windows taint (it lets a pod onto Windows nodes, it does not keep
// it there: Linux DaemonSets often tolerate every taint), and spec.nodeName of a Linux node (a pod
// that says Windows in 4 or 5 but sits on a Linux node is a Windows pod in the wrong place, which is
// exactly what lint reports). The implied signals (4, 5) come before the Linux selector so a pod
// whose selector contradicts its windowsOptions or images is still checked as a Windows pod.
import type {V1NodeSelectorTerm, V1PodSpec} from '@kubernetes/client-node';
import type {KubeObject} from '../source/types.js';
import {imageWindowsBuild, namesWindows} from './windows-image.js';

export const OS_LABEL = 'kubernetes.io/os';

export type PodOs = 'windows' | 'linux' | 'unknown';

/** Which signal decided (see the table above), strongest first. */
export type WindowsSignal = 'os-name' | 'node-selection' | 'node-name' | 'windows-options' | 'windows-image' | 'linux-selection';

export interface PodOsVerdict {
  os: PodOs;
  /** spec.os.name itself, when set (even when it is neither windows nor linux). */
  declared?: string;
  signal?: WindowsSignal;
  /** Why, in words, for messages: "spec.os.name is windows", "it sets windowsOptions", ... */
  reason?: string;
}

/** The pod spec fields the definition reads (a structural subset of V1PodSpec). */
type SpecLike = Pick<V1PodSpec, 'os' | 'nodeSelector' | 'affinity' | 'nodeName' | 'securityContext' | 'initContainers' | 'containers' | 'ephemeralContainers'>;

export function nodeOs(node: KubeObject): string | undefined {
  return node.metadata?.labels?.[OS_LABEL] ?? node.status?.nodeInfo?.operatingSystem;
}

export const isWindowsNode = (node: KubeObject): boolean => nodeOs(node) === 'windows';

const requiresWindows = (t: V1NodeSelectorTerm) =>
  (t.matchExpressions ?? []).some((r) => r.key === OS_LABEL && r.operator === 'In' && (r.values ?? []).length > 0 && (r.values ?? []).every((v) => v === 'windows'));

/** Whether the pod's own constraints (nodeSelector / required affinity) restrict it to Windows nodes. */
export function selectsOnlyWindows(spec: Pick<V1PodSpec, 'nodeSelector' | 'affinity'>): boolean {
  if (spec.nodeSelector?.[OS_LABEL] === 'windows') return true;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  // Terms are ORed: every one must require kubernetes.io/os In [windows] (only).
  return !!terms && terms.length > 0 && terms.every(requiresWindows);
}

// Every analysis asks about the images of every pod that says nothing stronger (most Linux pods):
// a cluster has few distinct images, so each is parsed once.
const windowsImages = new Map<string, boolean>();

/** An image that only exists for Windows: mcr.microsoft.com/windows/*, servercore, nanoserver, or a Windows version tag. */
export function isWindowsImage(image: string | undefined): boolean {
  if (!image) return false;
  let known = windowsImages.get(image);
  if (known === undefined) {
    if (windowsImages.size > 10_000) windowsImages.clear();
    windowsImages.set(image, (known = namesWindows(image) || imageWindowsBuild(image) !== undefined));
  }
  return known;
}

/** Where windowsOptions is set: "spec" (the pod) or the container's name; undefined when nowhere. */
function windowsOptionsAt(spec: SpecLike): {container?: string} | undefined {
  if (spec.securityContext?.windowsOptions) return {};
  for (const list of [spec.initContainers, spec.containers, spec.ephemeralContainers]) {
    for (const c of list ?? []) if (c.securityContext?.windowsOptions) return {container: c.name};
  }
  return undefined;
}

// Nodes by name, once per node list (a pod with nodeName looks up one node, never scans them all).
const byName = new WeakMap<readonly KubeObject[], {size: number; map: Map<string, KubeObject>}>();

/** The node named `name` in the inventory (cached per list). */
export function nodeNamed(nodes: readonly KubeObject[], name: string): KubeObject | undefined {
  let index = byName.get(nodes);
  if (!index || index.size !== nodes.length) {
    const map = new Map<string, KubeObject>();
    for (const n of nodes) if (n.metadata?.name !== undefined && !map.has(n.metadata.name)) map.set(n.metadata.name, n);
    byName.set(nodes, (index = {size: nodes.length, map}));
  }
  return index.map.get(name);
}

/** Whether spec.nodeName pins the pod to a Windows node of the inventory. */
export function pinnedToWindowsNode(spec: Pick<V1PodSpec, 'nodeName'>, nodes: readonly KubeObject[] | undefined): boolean {
  if (!spec.nodeName || !nodes) return false;
  const node = nodeNamed(nodes, spec.nodeName);
  return node !== undefined && isWindowsNode(node);
}

// Reasons are shared strings where they do not name anything (findings built from them are cached by them).
const DECLARED = {windows: 'spec.os.name is windows', linux: 'spec.os.name is linux'} as const;
const SELECTION = `its node selection requires ${OS_LABEL}=windows`;
const POD_OPTIONS = 'it sets windowsOptions';

/**
 * What OS a pod or template is meant for, by the rules in this file's header. `nodes` is the node
 * inventory (live, or --nodes offline); without it spec.nodeName is not a signal.
 */
export function podOs(spec: SpecLike, nodes?: readonly KubeObject[]): PodOsVerdict {
  const declared = spec.os?.name;
  if (declared === 'windows' || declared === 'linux') return {os: declared, declared, signal: 'os-name', reason: DECLARED[declared]};
  if (selectsOnlyWindows(spec)) return {os: 'windows', declared, signal: 'node-selection', reason: SELECTION};
  if (pinnedToWindowsNode(spec, nodes)) return {os: 'windows', declared, signal: 'node-name', reason: `its spec.nodeName is Windows node ${spec.nodeName}`};
  const options = windowsOptionsAt(spec);
  if (options) return {os: 'windows', declared, signal: 'windows-options', reason: options.container === undefined ? POD_OPTIONS : `container "${options.container}" sets windowsOptions`};
  for (const list of [spec.initContainers, spec.containers]) {
    for (const c of list ?? []) if (isWindowsImage(c.image)) return {os: 'windows', declared, signal: 'windows-image', reason: `its image ${c.image} is a Windows image`};
  }
  if (spec.nodeSelector?.[OS_LABEL] === 'linux') return {os: 'linux', declared, signal: 'linux-selection', reason: `its nodeSelector requires ${OS_LABEL}=linux`};
  return {os: 'unknown', declared};
}

/** Whether the pod or template is meant for Windows (podOs says windows). */
export function isWindowsWorkload(spec: SpecLike, nodes?: readonly KubeObject[]): boolean {
  return podOs(spec, nodes).os === 'windows';
}

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
//      affinity kubernetes.io/os=windows     nodes (every affinity term must require it). The beta
//      (or beta.kubernetes.io/os=windows)    label counts the same: the kubelet still sets both
//                                            (k8s.io/api core/v1 well_known_labels.go); the apiserver
//                                            only warns it is deprecated (pkg/api/node/util.go).
//   3. spec.nodeName of a Windows node       placement: the scheduler is bypassed (or already ran);
//                                            needs the node inventory, otherwise not counted.
//   4. a RuntimeClass whose                  scheduling: the RuntimeClass admission plugin merges its
//      scheduling.nodeSelector requires      nodeSelector into the pod's (plugin/pkg/admission/
//      the OS label windows                  runtimeclass/admission.go); needs the RuntimeClasses read.
//   5. a selection only Windows nodes match  scheduling, where the nodes are known (live, --nodes):
//      (AKS kubernetes.azure.com/os-sku:     a nodeSelector or required affinity (with the
//      Windows2022, a Windows pool label)    RuntimeClass's) that admits some node and only Windows ones.
//   6. windowsOptions on the pod or a        implied: Linux ignores them; HostProcess is one of them.
//      container (HostProcess included)
//   7. a Windows-only image                  implied: the documented list in src/k8s/windows-image.ts
//      (src/k8s/windows-image.ts)            (mcr.microsoft.com/windows/*, servercore, nanoserver,
//                                            .NET Framework, IIS) or a Windows build tag (ltsc2022).
//   8. nodeSelector kubernetes.io/os=linux   linux, when none of the above says Windows.
//   otherwise                                unknown (treated as not Windows).
//
// Not counted: a toleration of the Windows taint (it lets a pod onto Windows nodes, it does not keep
// it there: Linux DaemonSets often tolerate every taint), and spec.nodeName of a Linux node (a pod
// that says Windows in 4 or 5 but sits on a Linux node is a Windows pod in the wrong place, which is
// exactly what lint reports). The implied signals (6, 7) come before the Linux selector so a pod
// whose selector contradicts its windowsOptions or images is still checked as a Windows pod.
import type {V1NodeSelectorTerm, V1PodSpec} from '@kubernetes/client-node';
import type {KubeObject} from './object.js';
import {imageWindowsBuild, namesWindows} from './windows-image.js';
import {podSelectsNode} from './node-placement.js';

export const OS_LABEL = 'kubernetes.io/os';
/** The beta OS label: deprecated since v1.14, still set by the kubelet on every node. */
export const BETA_OS_LABEL = 'beta.kubernetes.io/os';
const OS_LABELS = [OS_LABEL, BETA_OS_LABEL];

type PodOs = 'windows' | 'linux' | 'unknown';

/** Which signal decided (see the table above), strongest first. */
type WindowsSignal =
  'os-name' | 'node-selection' | 'node-name' | 'runtime-class' | 'windows-nodes-only' | 'windows-options' | 'windows-image' | 'linux-selection';

/** What is known of the cluster around a pod: the nodes (live, or --nodes) and the RuntimeClasses read. */
export interface ClusterContext {
  nodes?: readonly KubeObject[];
  runtimeClasses?: readonly KubeObject[];
}

export interface PodOsVerdict {
  os: PodOs;
  /** spec.os.name itself, when set (even when it is neither windows nor linux). */
  declared?: string;
  signal?: WindowsSignal;
  /** Why, in words, for messages: "spec.os.name is windows", "it sets windowsOptions", ... */
  reason?: string;
}

/** The pod spec fields the definition reads (a structural subset of V1PodSpec). */
type SpecLike = Pick<
  V1PodSpec,
  'os' | 'nodeSelector' | 'affinity' | 'nodeName' | 'runtimeClassName' | 'securityContext' | 'initContainers' | 'containers' | 'ephemeralContainers'
>;

export function nodeOs(node: KubeObject): string | undefined {
  return node.metadata?.labels?.[OS_LABEL] ?? node.metadata?.labels?.[BETA_OS_LABEL] ?? node.status?.nodeInfo?.operatingSystem;
}

export const isWindowsNode = (node: KubeObject): boolean => nodeOs(node) === 'windows';

const requiresWindows = (t: V1NodeSelectorTerm) =>
  (t.matchExpressions ?? []).some(
    (r) => OS_LABELS.includes(r.key) && r.operator === 'In' && (r.values ?? []).length > 0 && (r.values ?? []).every((v) => v === 'windows'),
  );

/** Whether a nodeSelector map requires the Windows OS label (GA or beta). */
const selectorRequiresWindows = (selector: Record<string, string> | undefined) => OS_LABELS.some((l) => selector?.[l] === 'windows');

/** Whether the pod's own constraints (nodeSelector / required affinity) restrict it to Windows nodes. */
export function selectsOnlyWindows(spec: Pick<V1PodSpec, 'nodeSelector' | 'affinity'>): boolean {
  if (selectorRequiresWindows(spec.nodeSelector)) return true;
  const terms = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution?.nodeSelectorTerms;
  // Terms are ORed: every one must require kubernetes.io/os (or the beta label) In [windows] (only).
  return !!terms && terms.length > 0 && terms.every(requiresWindows);
}

/** The RuntimeClass the pod names, when it was read (undefined: no runtimeClassName, or not known). */
export function runtimeClassOf(spec: Pick<V1PodSpec, 'runtimeClassName'>, runtimeClasses: readonly KubeObject[] | undefined): KubeObject | undefined {
  if (!spec.runtimeClassName || !runtimeClasses) return undefined;
  return runtimeClasses.find((rc) => rc.metadata?.name === spec.runtimeClassName);
}

/** The nodeSelector a RuntimeClass adds to its pods (node.k8s.io/v1 RuntimeClass scheduling.nodeSelector). */
const runtimeClassSelector = (rc: KubeObject | undefined): Record<string, string> | undefined => rc?.scheduling?.nodeSelector ?? undefined;

// Pods of one workload share one selection: whether it admits only Windows nodes is worked out once
// per distinct selection and node list (so 100,000 pods over a few selectors scan the nodes a few times).
const onlyWindowsBySelection = new WeakMap<readonly KubeObject[], Map<string, boolean>>();

/**
 * Whether the pod's selection (its nodeSelector and required affinity, merged with its RuntimeClass's
 * nodeSelector) admits at least one node of the inventory and only Windows ones. A pod with no
 * selection at all is not counted: it admits every node.
 */
function selectionOnlyWindowsNodes(
  spec: Pick<V1PodSpec, 'nodeSelector' | 'affinity'>,
  nodes: readonly KubeObject[],
  rcSelector?: Record<string, string>,
): boolean {
  const nodeSelector = rcSelector ? {...rcSelector, ...spec.nodeSelector} : spec.nodeSelector;
  const required = spec.affinity?.nodeAffinity?.requiredDuringSchedulingIgnoredDuringExecution;
  if (Object.keys(nodeSelector ?? {}).length === 0 && !required) return false;
  let cache = onlyWindowsBySelection.get(nodes);
  if (!cache) onlyWindowsBySelection.set(nodes, (cache = new Map()));
  const key = JSON.stringify([nodeSelector ?? {}, required ?? null]);
  let answer = cache.get(key);
  if (answer === undefined) {
    if (cache.size > 10_000) cache.clear();
    const selected = nodes.filter((n) => podSelectsNode({nodeSelector, affinity: spec.affinity} as V1PodSpec, n));
    cache.set(key, (answer = selected.length > 0 && selected.every(isWindowsNode)));
  }
  return answer;
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
function nodeNamed(nodes: readonly KubeObject[], name: string): KubeObject | undefined {
  let index = byName.get(nodes);
  if (!index || index.size !== nodes.length) {
    const map = new Map<string, KubeObject>();
    for (const n of nodes) if (n.metadata?.name !== undefined && !map.has(n.metadata.name)) map.set(n.metadata.name, n);
    byName.set(nodes, (index = {size: nodes.length, map}));
  }
  return index.map.get(name);
}

/** Whether spec.nodeName pins the pod to a Windows node of the inventory. */
function pinnedToWindowsNode(spec: Pick<V1PodSpec, 'nodeName'>, nodes: readonly KubeObject[] | undefined): boolean {
  if (!spec.nodeName || !nodes) return false;
  const node = nodeNamed(nodes, spec.nodeName);
  return node !== undefined && isWindowsNode(node);
}

// Reasons are shared strings where they do not name anything (findings built from them are cached by them).
const DECLARED = {windows: 'spec.os.name is windows', linux: 'spec.os.name is linux'} as const;
const SELECTION = `its node selection requires ${OS_LABEL}=windows`;
const POD_OPTIONS = 'it sets windowsOptions';

/** A node list (the older form) or the whole cluster context. */
export type ContextArg = readonly KubeObject[] | ClusterContext | undefined;

function contextOf(arg: ContextArg): ClusterContext {
  if (arg === undefined) return {};
  return Array.isArray(arg) ? {nodes: arg as readonly KubeObject[]} : (arg as ClusterContext);
}

/**
 * What OS a pod or template is meant for, by the rules in this file's header. The context holds the
 * node inventory (live, or --nodes offline; without it spec.nodeName and node-only selections are
 * not signals) and the RuntimeClasses read (without them a runtimeClassName is not a signal).
 */
export function podOs(spec: SpecLike, context?: ContextArg): PodOsVerdict {
  const {nodes, runtimeClasses} = contextOf(context);
  const declared = spec.os?.name;
  if (declared === 'windows' || declared === 'linux') return {os: declared, declared, signal: 'os-name', reason: DECLARED[declared]};
  const kept = keptOnWindows(spec, {nodes, runtimeClasses});
  if (kept) return {os: 'windows', declared, ...kept};
  const options = windowsOptionsAt(spec);
  if (options)
    return {
      os: 'windows',
      declared,
      signal: 'windows-options',
      reason: options.container === undefined ? POD_OPTIONS : `container "${options.container}" sets windowsOptions`,
    };
  for (const list of [spec.initContainers, spec.containers]) {
    for (const c of list ?? [])
      if (isWindowsImage(c.image)) return {os: 'windows', declared, signal: 'windows-image', reason: `its image ${c.image} is a Windows image`};
  }
  const linuxLabel = OS_LABELS.find((l) => spec.nodeSelector?.[l] === 'linux');
  if (linuxLabel) return {os: 'linux', declared, signal: 'linux-selection', reason: `its nodeSelector requires ${linuxLabel}=linux`};
  return {os: 'unknown', declared};
}

/**
 * Signals 2-5: what keeps the pod on Windows nodes (its selection, spec.nodeName, its RuntimeClass),
 * whatever spec.os.name says; undefined when nothing does. spec.os.name does not steer the scheduler.
 */
export function keptOnWindows(spec: SpecLike, context?: ContextArg): {signal: WindowsSignal; reason: string} | undefined {
  const {nodes, runtimeClasses} = contextOf(context);
  if (selectsOnlyWindows(spec)) return {signal: 'node-selection', reason: selectionReason(spec)};
  if (pinnedToWindowsNode(spec, nodes)) return {signal: 'node-name', reason: `its spec.nodeName is Windows node ${spec.nodeName}`};
  const rcSelector = runtimeClassSelector(runtimeClassOf(spec, runtimeClasses));
  if (selectorRequiresWindows(rcSelector))
    return {signal: 'runtime-class', reason: `its RuntimeClass ${spec.runtimeClassName} schedules it onto Windows nodes (scheduling.nodeSelector)`};
  if (nodes && selectionOnlyWindowsNodes(spec, nodes, rcSelector))
    return {signal: 'windows-nodes-only', reason: 'its node selection matches only Windows nodes'};
  return undefined;
}

const BETA_SELECTION = `its node selection requires ${BETA_OS_LABEL}=windows`;
const selectionReason = (spec: Pick<V1PodSpec, 'nodeSelector'>) =>
  spec.nodeSelector?.[OS_LABEL] !== 'windows' && spec.nodeSelector?.[BETA_OS_LABEL] === 'windows' ? BETA_SELECTION : SELECTION;

/** Whether the pod or template is meant for Windows (podOs says windows). */
export function isWindowsWorkload(spec: SpecLike, context?: ContextArg): boolean {
  return podOs(spec, context).os === 'windows';
}

// Scheduling warnings: will a Windows pod land on a Windows node that can run it? Needs the node
// inventory (live, or offline with --nodes FILE), except the nodeSelector check.
import type {V1Taint} from '@kubernetes/client-node';
import type {Finding, Remedy} from '../../report/types.js';
import type {KubeObject, Workload} from '../../source/types.js';
import {parseWindowsVersion, WINDOWS_BUILD_LABEL} from '../../k8s/windows-builds.js';
import {effectiveHostProcess, visitContainers} from '../../k8s/windows-validation.js';
import {hostProcessSupport} from '../nodes/versions.js';
import {NestedCache} from '../../util/nested-cache.js';
import {finding, specPatch} from './finding.js';
import {describeBuild, imageWindowsBuild, runsUnderProcessIsolation} from '../../k8s/windows-image.js';
import {podSelectsNode, untoleratedTaints} from '../../k8s/node-placement.js';
import {isWindowsNode, OS_LABEL, selectsOnlyWindows, type PodOsVerdict} from '../../k8s/windows-pod.js';

// The same nodes are looked at for every pod: what depends only on a node (or on the node list, or
// on an image name) is worked out once. Keyed by the objects themselves, so nothing outlives a run.
const buildOfNode = new WeakMap<KubeObject, number | undefined>();
const nodesByOs = new WeakMap<KubeObject[], NodeIndex>();
const buildOfImage = new Map<string, number>();
const NO_BUILD = -1;

interface NodeIndex {
  size: number;
  windows: KubeObject[];
  linux: KubeObject[];
  /** Windows nodes by name: a pod with spec.nodeName can only be on that one (or those, offline). */
  windowsByName: Map<string, KubeObject[]>;
  linuxNames: Set<string>;
}

function splitByOs(nodes: KubeObject[]): NodeIndex {
  let split = nodesByOs.get(nodes);
  if (!split || split.size !== nodes.length) {
    const windows = nodes.filter(isWindowsNode);
    const linux = nodes.filter((n) => !isWindowsNode(n));
    const windowsByName = new Map<string, KubeObject[]>();
    for (const n of windows) {
      const name = n.metadata?.name;
      if (name !== undefined) windowsByName.set(name, [...(windowsByName.get(name) ?? []), n]);
    }
    nodesByOs.set(nodes, (split = {size: nodes.length, windows, linux, windowsByName, linuxNames: new Set(linux.map((n) => n.metadata?.name ?? ''))}));
  }
  return split;
}

/** The Windows nodes the pod's nodeName, nodeSelector and required affinity allow. */
function selectedWindowsNodes(spec: Workload['spec'], index: NodeIndex): KubeObject[] {
  if (!spec.nodeName) return index.windows.filter((n) => podSelectsNode(spec, n));
  return (index.windowsByName.get(spec.nodeName) ?? []).filter((n) => podSelectsNode(spec, n));
}

function imageBuildOf(image: string | undefined): number | undefined {
  if (!image) return undefined;
  let b = buildOfImage.get(image);
  if (b === undefined) {
    if (buildOfImage.size > 10_000) buildOfImage.clear();
    buildOfImage.set(image, (b = imageWindowsBuild(image) ?? NO_BUILD));
  }
  return b === NO_BUILD ? undefined : b;
}

export function nodeWindowsBuild(node: KubeObject): number | undefined {
  if (buildOfNode.has(node)) return buildOfNode.get(node);
  const b = parseNodeWindowsBuild(node);
  buildOfNode.set(node, b);
  return b;
}

function parseNodeWindowsBuild(node: KubeObject): number | undefined {
  return (parseWindowsVersion(node.metadata?.labels?.[WINDOWS_BUILD_LABEL]) ?? parseWindowsVersion(node.status?.nodeInfo?.kernelVersion))?.build;
}

// Most Windows pods of a cluster miss the selector for the same reason: one text (and one remedy,
// never changed) serves them all, instead of a copy kept per pod.
const selectorMissing = new NestedCache<{field: string; message: string; remedy: Remedy}>(1000);
function selectorMissingText(reason: string, onLinux: string, sp: string): {field: string; message: string; remedy: Remedy} {
  return selectorMissing.get([reason, sp, onLinux], () => ({
    field: `${sp}.nodeSelector`,
    message: `the pod is a Windows pod (${reason}) but neither nodeSelector nor required node affinity asks for ${OS_LABEL}: windows, so the scheduler may place it on a Linux node, where it fails${onLinux}`,
    remedy: {text: `Add nodeSelector ${OS_LABEL}: windows`, patch: specPatch(sp, {nodeSelector: {[OS_LABEL]: 'windows'}})},
  }));
}

const taintText = (t: V1Taint) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;

export function schedulingWarnings(w: Workload, intent: PodOsVerdict, nodes: KubeObject[] | undefined): Finding[] {
  if (intent.os !== 'windows') return [];
  const spec = w.spec;
  const sp = w.specPath;
  const out: Finding[] = [];

  // 1. Nothing keeps the pod off Linux nodes. spec.os.name does not steer the scheduler; a
  // RuntimeClass may (its scheduling.nodeSelector), so a pod with one is left alone.
  // A live pod carries the nodeName the scheduler chose, so nodeName does not excuse a missing selector.
  const index = nodes ? splitByOs(nodes) : undefined;
  if (!selectsOnlyWindows(spec) && !spec.runtimeClassName && (index === undefined || index.linux.length > 0)) {
    const onLinux = spec.nodeName && index?.linuxNames.has(spec.nodeName) ? `; it is already on Linux node ${spec.nodeName}` : '';
    const t = selectorMissingText(String(intent.reason), onLinux, sp);
    out.push(finding(w, 'lint/windows-node-selector-missing', t.field, t.message, t.remedy));
  }
  if (!index) return out;

  const selected = selectedWindowsNodes(spec, index);
  if (selected.length === 0) return out;

  // 2. Taints: every selected Windows node has a taint the pod does not tolerate.
  const blocked = selected.map((n) => ({n, taints: untoleratedTaints(spec, n)}));
  const schedulable = blocked.filter((b) => b.taints.length === 0).map((b) => b.n);
  if (schedulable.length === 0) {
    const first = blocked[0];
    const tolerations = first.taints.map((t) => ({key: t.key, operator: t.value ? 'Equal' : 'Exists', ...(t.value ? {value: t.value} : {}), effect: t.effect}));
    out.push(finding(w, 'lint/windows-toleration-missing', `${sp}.tolerations`,
      `no Windows node this pod selects accepts it: ${blocked.map((b) => `${b.n.metadata?.name} has ${b.taints.map(taintText).join(', ')}`).join('; ')}`,
      {text: `Tolerate the Windows nodes' taints (${first.taints.map(taintText).join(', ')})`, patch: specPatch(sp, {tolerations: [...(spec.tolerations ?? []), ...tolerations]})}));
  }
  const candidates = schedulable.length > 0 ? schedulable : selected;

  // 3. Image build vs node builds (process isolation).
  const builds = candidates.map((n) => ({n, build: nodeWindowsBuild(n)})).filter((b) => b.build !== undefined) as Array<{n: KubeObject; build: number}>;
  if (builds.length > 0) {
    for (const ref of visitContainers(spec, sp)) {
      const imageBuild = imageBuildOf(ref.container.image);
      if (imageBuild === undefined) continue;
      if (!builds.some((b) => runsUnderProcessIsolation(b.build, imageBuild))) {
        const nodeList = builds.map((b) => `${b.n.metadata?.name} (${describeBuild(b.build)})`).join(', ');
        out.push(finding(w, 'lint/image-os-version-mismatch', `${ref.path}.image`,
          `image ${ref.container.image} is built for ${describeBuild(imageBuild)}, which none of the Windows nodes this pod can use runs under process isolation: ${nodeList}`,
          {text: `Use an image tag for the nodes' Windows version (${[...new Set(builds.map((b) => describeBuild(b.build)))].join(', ')}) or a multi-arch manifest list, or select nodes with ${WINDOWS_BUILD_LABEL}: 10.0.${imageBuild}`}));
      }
    }
  }

  // 4. HostProcess needs containerd >= 1.6 and kubelet >= 1.23.
  const refs = visitContainers(spec, sp);
  if (refs.some((r) => effectiveHostProcess(spec, r.container))) {
    const support = candidates.map((n) => ({n, s: hostProcessSupport(n.status?.nodeInfo?.kubeletVersion, n.status?.nodeInfo?.containerRuntimeVersion)}));
    if (!support.some((x) => x.s.capable)) {
      out.push(finding(w, 'lint/hostprocess-node-unsupported', `${sp}.securityContext.windowsOptions.hostProcess`,
        `HostProcess containers need containerd 1.6+ and kubelet 1.23+, and no Windows node this pod can use has them: ${support.map((x) => `${x.n.metadata?.name}: ${x.s.reason}`).join('; ')}`,
        {text: 'Upgrade the Windows nodes to containerd 1.6+ and kubelet 1.23+, or select nodes that have them'}));
    }
  }
  return out;
}

// Scheduling warnings: will a Windows pod land on a Windows node that can run it? Needs the node
// inventory (live, or offline with --nodes FILE), except the nodeSelector check.
import type {V1Taint} from '@kubernetes/client-node';
import type {Finding} from '../../report/types.js';
import type {KubeObject} from '../../k8s/object.js';
import type {Workload} from '../../k8s/snapshot.js';
import {parseWindowsVersion, WINDOWS_BUILD_LABEL} from '../../k8s/windows-builds.js';
import {effectiveHostProcess, visitContainers} from '../../k8s/windows-validation.js';
import {hostProcessSupport} from '../nodes/versions.js';
import {NestedCache} from '../../util/nested-cache.js';
import {finding} from './finding.js';
import {podSpecRemedy} from '../remedy/pod-spec.js';
import {describeBuild, imageWindowsBuild, runsUnderProcessIsolation} from '../../k8s/windows-image.js';
import {podSelectsNode, untoleratedTaints} from '../../k8s/node-placement.js';
import {isWindowsNode, keptOnWindows, OS_LABEL, runtimeClassOf, type PodOsVerdict} from '../../k8s/windows-pod.js';

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

function nodeWindowsBuild(node: KubeObject): number | undefined {
  if (buildOfNode.has(node)) return buildOfNode.get(node);
  const b = parseNodeWindowsBuild(node);
  buildOfNode.set(node, b);
  return b;
}

function parseNodeWindowsBuild(node: KubeObject): number | undefined {
  return (parseWindowsVersion(node.metadata?.labels?.[WINDOWS_BUILD_LABEL]) ?? parseWindowsVersion(node.status?.nodeInfo?.kernelVersion))?.build;
}

// Most Windows pods of a cluster miss the selector for the same reason: one text serves them all,
// instead of a copy kept per pod. The remedy names its target (the pod's owner), so it is per pod.
const selectorMissing = new NestedCache<{field: string; message: string}>(1000);
function selectorMissingText(reason: string, onLinux: string, sp: string): {field: string; message: string} {
  return selectorMissing.get([reason, sp, onLinux], () => ({
    field: `${sp}.nodeSelector`,
    message: `the pod is a Windows pod (${reason}) but neither nodeSelector nor required node affinity asks for ${OS_LABEL}: windows, so the scheduler may place it on a Linux node, where it fails${onLinux}`,
  }));
}

const taintText = (t: V1Taint) => `${t.key}${t.value ? `=${t.value}` : ''}:${t.effect}`;
const nodeNames = (nodes: KubeObject[]) => nodes.map((n) => n.metadata?.name).join(', ');

/**
 * How the pod meets the scheduler. `scheduled`: a pod or template the scheduler will place, checked
 * against every Windows node it can land on. `pinned`: spec.nodeName in a manifest or template binds
 * it to that node, bypassing the scheduler: checked against that node only, with no node-selector or
 * toleration findings. `placed`: a live pod that is already on a node (or waits for its owner's
 * template to be fixed): its scheduler findings belong to its owner's template, so only what its
 * node cannot run is reported.
 */
type Placement = 'scheduled' | 'pinned' | 'placed';

export function placementOf(w: Workload): Placement {
  const live = !w.template && (w.metadata.uid !== undefined || w.status !== undefined);
  if (live) return w.spec.nodeName || (w.metadata.ownerReferences ?? []).some((o) => o.controller) ? 'placed' : 'scheduled';
  return w.spec.nodeName ? 'pinned' : 'scheduled';
}

export function schedulingWarnings(w: Workload, intent: PodOsVerdict, nodes: KubeObject[] | undefined, runtimeClasses?: readonly KubeObject[]): Finding[] {
  if (intent.os !== 'windows') return [];
  const spec = w.spec;
  const placement = placementOf(w);
  const index = nodes ? splitByOs(nodes) : undefined;
  const out = nodeSelectorWarnings(w, intent, placement, index, nodes, runtimeClasses);
  // A live pod not yet on a node waits for its owner's template (which is checked itself).
  if (!index || (placement === 'placed' && !spec.nodeName)) return out;

  const selected = selectedWindowsNodes(spec, index);
  if (selected.length === 0) return out;
  const taints = taintWarnings(w, placement, selected);
  return [...out, ...taints.findings, ...imageBuildWarnings(w, placement, taints.landing), ...hostProcessNodeWarnings(w, taints.landing)];
}

/**
 * 1. Nothing keeps the pod off Linux nodes. spec.os.name does not steer the scheduler; a
 * RuntimeClass may (its scheduling.nodeSelector): one that was read decides in podOs, one that was
 * not is given the benefit of the doubt. A pinned or placed pod is past the scheduler: only one
 * that sits on a Linux node is told so.
 */
function nodeSelectorWarnings(
  w: Workload,
  intent: PodOsVerdict,
  placement: Placement,
  index: NodeIndex | undefined,
  nodes: KubeObject[] | undefined,
  runtimeClasses: readonly KubeObject[] | undefined,
): Finding[] {
  const spec = w.spec;
  const onLinux = placement !== 'scheduled' && !!spec.nodeName && !!index?.linuxNames.has(spec.nodeName);
  const unknownRuntimeClass = !!spec.runtimeClassName && runtimeClassOf(spec, runtimeClasses) === undefined;
  const mayLandOnLinux =
    (placement === 'scheduled' || onLinux) &&
    !keptOnWindows(spec, {nodes, runtimeClasses}) &&
    !unknownRuntimeClass &&
    (index === undefined || index.linux.length > 0);
  if (!mayLandOnLinux) return [];
  const t = selectorMissingText(String(intent.reason), onLinux ? `; it is already on Linux node ${spec.nodeName}` : '', w.specPath);
  return [
    finding(
      w,
      'lint/windows-node-selector-missing',
      t.field,
      t.message,
      podSpecRemedy(w, `Add nodeSelector ${OS_LABEL}: windows`, {nodeSelector: {[OS_LABEL]: 'windows'}}),
    ),
  ];
}

/**
 * 2. Taints. Only the scheduler and the DaemonSet controller look at NoSchedule taints: a pinned or
 * placed pod is past them. No selected node tolerated: no pod runs. Some: a DaemonSet has no pod there.
 * Returns the nodes the pod can land on: the tolerated ones, or every selected one when none is.
 */
function taintWarnings(w: Workload, placement: Placement, selected: KubeObject[]): {landing: KubeObject[]; findings: Finding[]} {
  if (placement !== 'scheduled') return {landing: selected, findings: []};
  const spec = w.spec;
  const blocked = selected.map((n) => ({n, taints: untoleratedTaints(spec, n)}));
  const untolerated = blocked.filter((b) => b.taints.length > 0);
  const landing = blocked.filter((b) => b.taints.length === 0).map((b) => b.n);
  const findings: Finding[] = [];
  if (untolerated.length > 0 && (landing.length === 0 || w.kind === 'DaemonSet')) {
    const first = untolerated[0];
    const tolerations = first.taints.map((t) => ({
      key: t.key,
      operator: t.value ? 'Equal' : 'Exists',
      ...(t.value ? {value: t.value} : {}),
      effect: t.effect,
    }));
    const what =
      landing.length === 0
        ? 'no Windows node this pod selects accepts it'
        : `the DaemonSet runs no pod on ${untolerated.length} of the ${selected.length} Windows nodes it selects`;
    findings.push(
      finding(
        w,
        'lint/windows-toleration-missing',
        `${w.specPath}.tolerations`,
        `${what}: ${untolerated.map((b) => `${b.n.metadata?.name} has ${b.taints.map(taintText).join(', ')}`).join('; ')}`,
        podSpecRemedy(w, `Tolerate the Windows nodes' taints (${first.taints.map(taintText).join(', ')})`, {
          tolerations: [...(spec.tolerations ?? []), ...tolerations],
        }),
      ),
    );
  }
  return {landing: landing.length === 0 ? selected : landing, findings};
}

/**
 * 3. Image build vs node builds (process isolation). The scheduler ignores the image's build, so
 * every node a pod can land on must run it, not just one of them.
 */
function imageBuildWarnings(w: Workload, placement: Placement, landing: KubeObject[]): Finding[] {
  const builds = landing.map((n) => ({n, build: nodeWindowsBuild(n)})).filter((b) => b.build !== undefined) as Array<{n: KubeObject; build: number}>;
  if (builds.length === 0) return [];
  const out: Finding[] = [];
  for (const ref of visitContainers(w.spec, w.specPath)) {
    const imageBuild = imageBuildOf(ref.container.image);
    if (imageBuild === undefined) continue;
    const failing = builds.filter((b) => !runsUnderProcessIsolation(b.build, imageBuild));
    if (failing.length === 0) continue;
    out.push(imageMismatch(w, ref.path, String(ref.container.image), imageBuild, failing, builds.length, placement));
  }
  return out;
}

/** 4. HostProcess needs containerd >= 1.6 and kubelet >= 1.23 on every node a pod can land on. */
function hostProcessNodeWarnings(w: Workload, landing: KubeObject[]): Finding[] {
  const spec = w.spec;
  const refs = visitContainers(spec, w.specPath);
  if (!refs.some((r) => effectiveHostProcess(spec, r.container))) return [];
  const unsupported = landing
    .map((n) => ({n, s: hostProcessSupport(n.status?.nodeInfo?.kubeletVersion, n.status?.nodeInfo?.containerRuntimeVersion)}))
    .filter((x) => !x.s.capable);
  if (unsupported.length === 0) return [];
  const where =
    unsupported.length === landing.length
      ? 'no Windows node this pod can use has them'
      : `${unsupported.length} of the ${landing.length} Windows nodes this pod can land on lack them`;
  return [
    finding(
      w,
      'lint/hostprocess-node-unsupported',
      `${w.specPath}.securityContext.windowsOptions.hostProcess`,
      `HostProcess containers need containerd 1.6+ and kubelet 1.23+, and ${where}: ${unsupported.map((x) => `${x.n.metadata?.name}: ${x.s.reason}`).join('; ')}`,
      {
        text: `Upgrade ${nodeNames(unsupported.map((x) => x.n))} to containerd 1.6+ and kubelet 1.23+, or keep the pod off them (a nodeSelector or node affinity that excludes them)`,
      },
    ),
  ];
}

/** The image cannot run on some (or all) of the nodes; suggest selecting the nodes of its build. */
function imageMismatch(
  w: Workload,
  path: string,
  image: string,
  imageBuild: number,
  failing: Array<{n: KubeObject; build: number}>,
  of: number,
  placement: Placement,
): Finding {
  const nodeList = failing.map((b) => `${b.n.metadata?.name} (${describeBuild(b.build)})`).join(', ');
  const where =
    placement !== 'scheduled'
      ? `its node ${nodeList} cannot run it under process isolation`
      : failing.length === of
        ? `none of the Windows nodes this pod can use runs it under process isolation: ${nodeList}`
        : w.kind === 'DaemonSet'
          ? `the DaemonSet runs a pod on each of the ${of} Windows nodes it can use, and ${failing.length} of them cannot run it under process isolation: ${nodeList}`
          : `the scheduler ignores image builds, so its pods can land on ${failing.length} of ${of} Windows nodes that cannot run it under process isolation: ${nodeList}`;
  const message = `image ${image} is built for ${describeBuild(imageBuild)}: ${where}`;
  const builds = [...new Set(failing.map((b) => describeBuild(b.build)))].join(', ');
  if (placement !== 'scheduled') {
    return finding(w, 'lint/image-os-version-mismatch', `${path}.image`, message, {
      text: `Use an image tag for the node's Windows version (${builds}) or a multi-arch manifest list, or run the pod on a node of ${describeBuild(imageBuild)}`,
    });
  }
  const selector = {[OS_LABEL]: 'windows', [WINDOWS_BUILD_LABEL]: `10.0.${imageBuild}`};
  return finding(
    w,
    'lint/image-os-version-mismatch',
    `${path}.image`,
    message,
    podSpecRemedy(
      w,
      `Select the nodes that run it: nodeSelector ${WINDOWS_BUILD_LABEL}: 10.0.${imageBuild} (or use a multi-arch manifest list that has an image for ${builds})`,
      {nodeSelector: selector},
    ),
  );
}

// `kubectl win nodes`: the Windows node inventory. Nodes are read whole; pods are streamed once,
// cluster-wide, and counted per spec.nodeName by status.qosClass (no request per node or pod).
import type {V1Node, V1Taint, V1Toleration} from '@kubernetes/client-node';
import {makeReport} from '../../report/build.js';
import {finding} from '../../report/finding.js';
import type {Finding} from '../../report/types.js';
import {matchesRequirements, parseSelector} from '../../k8s/selector-parse.js';
import type {KubeObject} from '../../k8s/object.js';
import type {SnapshotRequest, Workload} from '../../k8s/snapshot.js';
import {formatWindowsVersion, parseWindowsVersion, releaseFor, releaseForBuild, WINDOWS_BUILD_LABEL} from '../../k8s/windows-builds.js';
import type {Analysis} from '../types.js';
import {undecodableInRun} from '../undecodable.js';
import {formatBytes, formatCpu, parseQuantity, TWO_GIB} from './quantity.js';
import {hostProcessSupport} from './versions.js';
import {endOfSupportFindings} from './end-of-support.js';
import {pushAll} from '../../util/arrays.js';
import {dockershimFinding, kubeletSkewFinding} from './skew.js';
import {landingNodes} from '../../k8s/node-placement.js';
import {isWindowsNode, isWindowsWorkload, nodeOs as windowsPodNodeOs} from '../../k8s/windows-pod.js';

export interface NodesOptions {
  /** Linux nodes too (kubectl win nodes --all). */
  all?: boolean;
  /** Only these nodes (names); an unknown name is reported by the command. */
  names?: string[];
  /** A label selector on nodes (-l). */
  selector?: string;
  /**
   * Only the nodes the Windows pods and templates read can land on (doctor with a narrowed scope:
   * one namespace's workloads do not make every node of the cluster its business).
   */
  onlyUsed?: boolean;
  /** The minor asked for (doctor's --k8s-version): whose apiserver decodes the manifests; default the server's, else the newest. */
  minor?: number;
  /** doctor: the command's clock (ms), for the end-of-support line per Windows pool (src/analyses/nodes/end-of-support.ts). */
  endOfSupportAt?: number;
}

type QoSCounts = {Guaranteed: number; Burstable: number; BestEffort: number; total: number};

interface NodeResources {
  cpu?: string;
  memory?: string;
  pods?: string;
  'ephemeral-storage'?: string;
}

export interface NodeItem {
  name: string;
  os: string;
  /** Windows build "10.0.BUILD.REVISION" (kernelVersion, else the windows-build label); null on other OSes. */
  build: string | null;
  /** "LTSC 2022", "SAC 20H2", ...; null when the build is unknown or not Windows. */
  release: string | null;
  releaseProduct: string | null;
  buildLabel: string | null;
  kernelVersion: string;
  osImage: string;
  kubeletVersion: string;
  containerRuntime: string;
  hostProcessCapable: boolean;
  hostProcessReason: string;
  taints: V1Taint[];
  /** What a pod needs to be scheduled there: its NoSchedule/NoExecute taints tolerated. */
  tolerations: V1Toleration[];
  nodeSelector: Record<string, string>;
  /** The Ready condition is True. */
  ready: boolean;
  /** The Ready condition's status as the kubelet reports it (Unknown: the node stopped reporting). */
  readyStatus: 'True' | 'False' | 'Unknown';
  readyReason?: string;
  unschedulable: boolean;
  capacity: NodeResources;
  allocatable: NodeResources;
  /** capacity - allocatable: the kube and system reserve plus the eviction threshold. */
  reserved: {cpu?: string; memory?: string; memoryBytes?: number};
  pods: QoSCounts;
}

export function nodeOs(node: KubeObject): string {
  return windowsPodNodeOs(node) ?? 'unknown';
}

/** The tolerations a pod needs for a node's taints (PreferNoSchedule only prefers; it needs none). */
export function tolerationsFor(taints: V1Taint[]): V1Toleration[] {
  return taints
    .filter((t) => t.effect === 'NoSchedule' || t.effect === 'NoExecute')
    .map((t) =>
      t.value !== undefined && t.value !== ''
        ? {key: t.key, operator: 'Equal', value: t.value, effect: t.effect}
        : {key: t.key, operator: 'Exists', effect: t.effect},
    );
}

function pick(r: Record<string, string> | undefined): NodeResources {
  const out: NodeResources = {};
  for (const k of ['cpu', 'memory', 'pods', 'ephemeral-storage'] as const) if (r?.[k] !== undefined) out[k] = r[k];
  return out;
}

export function describeNode(node: KubeObject): NodeItem {
  const n = node as V1Node & KubeObject;
  const info = n.status?.nodeInfo;
  const labels = n.metadata?.labels ?? {};
  const os = nodeOs(node);
  const windows = os === 'windows';
  const buildLabel = labels[WINDOWS_BUILD_LABEL] ?? null;
  const version = parseWindowsVersion(info?.kernelVersion) ?? parseWindowsVersion(buildLabel);
  const release = windows ? (version ? releaseForBuild(version.build) : releaseFor(info?.osImage)) : undefined;
  const hp = windows ? hostProcessSupport(info?.kubeletVersion, info?.containerRuntimeVersion) : {capable: false, reason: `not a Windows node (os ${os})`};
  const taints = (n.spec?.taints ?? []) as V1Taint[];
  const ready = (n.status?.conditions ?? []).find((c) => c.type === 'Ready');
  const capacity = pick(n.status?.capacity);
  const allocatable = pick(n.status?.allocatable);
  const reserved: NodeItem['reserved'] = {};
  const cpuCap = parseQuantity(capacity.cpu);
  const cpuAlloc = parseQuantity(allocatable.cpu);
  if (cpuCap !== undefined && cpuAlloc !== undefined) reserved.cpu = formatCpu(cpuCap - cpuAlloc);
  const memCap = parseQuantity(capacity.memory);
  const memAlloc = parseQuantity(allocatable.memory);
  if (memCap !== undefined && memAlloc !== undefined) {
    reserved.memoryBytes = memCap - memAlloc;
    reserved.memory = formatBytes(memCap - memAlloc);
  }
  const nodeSelector: Record<string, string> = {'kubernetes.io/os': os};
  if (windows && buildLabel) nodeSelector[WINDOWS_BUILD_LABEL] = buildLabel;
  return {
    name: n.metadata?.name ?? '',
    os,
    build: windows ? (version ? formatWindowsVersion(version) : buildLabel) : null,
    release: release?.name ?? null,
    releaseProduct: release?.product ?? null,
    buildLabel,
    kernelVersion: info?.kernelVersion ?? '',
    osImage: info?.osImage ?? '',
    kubeletVersion: info?.kubeletVersion ?? '',
    containerRuntime: info?.containerRuntimeVersion ?? '',
    hostProcessCapable: hp.capable,
    hostProcessReason: hp.reason,
    taints,
    tolerations: tolerationsFor(taints),
    nodeSelector,
    ready: ready?.status === 'True',
    readyStatus: ready ? (ready.status as NodeItem['readyStatus']) : 'Unknown',
    ...(ready && ready.status !== 'True' ? {readyReason: [ready.reason, ready.message].filter(Boolean).join(': ') || undefined} : {}),
    unschedulable: Boolean(n.spec?.unschedulable),
    capacity,
    allocatable,
    reserved,
    pods: {Guaranteed: 0, Burstable: 0, BestEffort: 0, total: 0},
  };
}

const TERMINAL_PHASES = new Set(['Succeeded', 'Failed']);

function nodeFindings(item: NodeItem, serverVersion: string | undefined): Finding[] {
  const object = {kind: 'Node', name: item.name};
  const out: Finding[] = [];
  if (!item.ready) {
    out.push(
      finding('nodes/not-ready', {
        object,
        field: 'status.conditions[type=Ready]',
        message: `node ${item.name} is not Ready (Ready=${item.readyStatus}${item.readyReason ? `: ${item.readyReason}` : ''})`,
        remedy: {text: 'Check the kubelet and container runtime services on the node', command: `kubectl describe node ${item.name}`},
      }),
    );
  }
  if (item.os !== 'windows') return out;
  for (const f of [kubeletSkewFinding(object, item.kubeletVersion, serverVersion), dockershimFinding(object, item.containerRuntime)]) if (f) out.push(f);
  const mem = item.reserved.memoryBytes;
  if (mem !== undefined && mem < TWO_GIB) {
    out.push(
      finding('nodes/system-reserve-low', {
        object,
        field: 'status.allocatable.memory',
        message: `the node reserves ${item.reserved.memory} of memory for the system (capacity ${item.capacity.memory}, allocatable ${item.allocatable.memory}); Windows nodes should reserve at least 2GiB`,
        remedy: {
          text: "Raise the kubelet reserve so that capacity - allocatable is at least 2Gi: add --system-reserved=memory=2Gi (or --kube-reserved) to the kubelet's arguments on the node, and restart the kubelet",
        },
      }),
    );
    if (item.pods.BestEffort > 0) {
      out.push(
        finding('nodes/besteffort-without-reserve', {
          object,
          message: `${item.pods.BestEffort} BestEffort pod${item.pods.BestEffort === 1 ? ' runs' : 's run'} on a node that reserves only ${item.reserved.memory} of memory: Windows has no OOM killer and pages to disk, so pods without limits can starve the node`,
          remedy: {text: 'Reserve at least 2Gi of system memory on the node, and give these pods memory limits (kubectl win qos shows which)'},
        }),
      );
    }
  }
  if (!item.hostProcessCapable) {
    out.push(
      finding('nodes/hostprocess-unsupported', {
        object,
        field: 'status.nodeInfo',
        message: `HostProcess pods cannot run on this node: ${item.hostProcessReason}`,
        remedy: {text: 'Upgrade the node to containerd 1.6 or newer and kubelet 1.23 or newer'},
      }),
    );
  }
  const version = parseWindowsVersion(item.build);
  if (version && !releaseForBuild(version.build)) {
    out.push(
      finding('nodes/windows-build-unknown', {
        object,
        field: `metadata.labels[${WINDOWS_BUILD_LABEL}]`,
        message: `Windows build ${item.build} is not a known Windows Server release; container images must match the host build`,
      }),
    );
  } else if (version) {
    const release = releaseForBuild(version.build)!;
    if (!release.supported) {
      out.push(
        finding('nodes/windows-build-unsupported', {
          object,
          field: 'status.nodeInfo.kernelVersion',
          message: `${release.product} (build ${version.build}) is no longer supported as a Kubernetes Windows node; supported: Windows Server 2019, 2022, 2025`,
          remedy: {text: 'Move the workloads to a node pool on Windows Server 2022 or 2025'},
        }),
      );
    }
  }
  return out;
}

export const nodesAnalysis: Analysis<NodeItem, NodesOptions> = {
  name: 'nodes',
  reportKind: 'NodesReport',
  request(options: NodesOptions = {}): SnapshotRequest {
    return {kinds: ['nodes', 'runtimeclasses'], pods: true, ...(options.onlyUsed ? {workloads: true} : {})};
  },
  /** The nodes; pods only add the per-node counts. */
  primary() {
    return ['nodes'];
  },
  begin(snapshot, options, capabilities) {
    const all = (snapshot.objects.nodes ?? []) as KubeObject[];
    const wanted = options.names && options.names.length > 0 ? new Set(options.names) : undefined;
    // -l was validated before any read (src/cli/validate-input.ts): parsing here cannot fail.
    const selector = options.selector ? parseSelector(options.selector) : undefined;
    const nodes = all
      .filter((n) => (options.all || wanted ? true : isWindowsNode(n)))
      .filter((n) => !wanted || wanted.has(n.metadata?.name ?? ''))
      .filter((n) => !selector || matchesRequirements(selector, n.metadata?.labels ?? {}))
      .sort((a, b) => (a.metadata?.name ?? '').localeCompare(b.metadata?.name ?? ''));
    const items = nodes.map(describeNode);
    const byName = new Map(items.map((i) => [i.name, i]));
    const windowsNodes = all.filter(isWindowsNode);
    const cluster = {nodes: all, runtimeClasses: snapshot.objects.runtimeclasses};
    // onlyUsed: the nodes in-scope Windows pods and templates can land on. Without Windows nodes:
    // how many Windows pods (src/k8s/windows-pod.ts) have nowhere to run.
    const used = new Set<string>();
    let windowsWorkloads = 0;
    const countWindows = options.onlyUsed === true || windowsNodes.length === 0;
    const markUsed = (w: Workload) => {
      if (!isWindowsWorkload(w.spec, cluster)) return;
      windowsWorkloads++;
      if (options.onlyUsed) for (const n of landingNodes(w.spec, windowsNodes)) used.add(n.metadata?.name ?? '');
    };
    return {
      visit(w: Workload) {
        // The apiserver would reject it undecoded, so it runs on no node (lint reports the error).
        if (undecodableInRun(w, snapshot, options.minor)) return;
        if (countWindows) markUsed(w);
        if (w.template || w.kind !== 'Pod') return;
        const item = byName.get(w.spec.nodeName ?? '');
        if (!item) return;
        if (TERMINAL_PHASES.has(w.status?.phase ?? '')) return;
        const qos = w.status?.qosClass as keyof QoSCounts | undefined;
        if (qos === 'Guaranteed' || qos === 'Burstable' || qos === 'BestEffort') item.pods[qos]++;
        item.pods.total++;
      },
      finish() {
        const shown = options.onlyUsed ? items.filter((i) => used.has(i.name)) : items;
        const serverVersion = snapshot.source.type === 'cluster' ? snapshot.source.serverVersion : undefined;
        const findings = shown.flatMap((item) => nodeFindings(item, serverVersion));
        if (options.endOfSupportAt !== undefined)
          pushAll(
            findings,
            endOfSupportFindings(
              nodes.filter((n) => isWindowsNode(n) && (!options.onlyUsed || used.has(n.metadata?.name ?? ''))),
              options.endOfSupportAt,
            ),
          );
        const skipped = [...snapshot.skipped];
        if (snapshot.objects.nodes === undefined && !skipped.some((s) => s.check === 'read/nodes')) {
          skipped.push({check: 'read/nodes', reason: 'nodes were not read'});
        }
        if (capabilities.mode === 'manifests' && snapshot.objects.nodes !== undefined && all.length === 0) {
          // Offline without Node manifests: nothing to say about nodes, and nothing passed either.
          skipped.push({check: 'nodes', reason: 'offline: no Node manifests among the files'});
        } else if (snapshot.objects.nodes !== undefined && !all.some(isWindowsNode) && !wanted && (!options.onlyUsed || windowsWorkloads > 0)) {
          findings.push(
            finding('nodes/no-windows-nodes', {
              message:
                `none of the ${all.length} node${all.length === 1 ? '' : 's'} runs Windows (label kubernetes.io/os=windows)` +
                (windowsWorkloads > 0 ? `, so the ${windowsWorkloads} Windows pod${windowsWorkloads === 1 ? '' : 's'} read cannot run anywhere` : ''),
              remedy: {text: 'Windows pods need a Windows node pool; see kubectl win nodes --all'},
            }),
          );
        }
        return makeReport(
          'NodesReport',
          snapshot.source,
          shown.map(({reserved: {memoryBytes: _m, ...reserved}, ...rest}) => ({...rest, reserved})) as NodeItem[],
          findings,
          skipped,
        );
      },
    };
  },
};

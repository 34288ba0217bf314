// What a QoS class means on a Windows node, and the findings that follow from it.
// Sources: kubernetes/website concepts/configuration/windows-resource-management.md and
// concepts/windows/intro.md; kubernetes/kubernetes
// pkg/kubelet/kuberuntime/kuberuntime_container_windows.go (calculateWindowsResources, calculateCPUMaximum);
// pkg/kubelet/eviction/helpers_windows.go and defaults_windows.go (the Windows kubelet evicts on
// memory.available, hard threshold 500Mi by default, BestEffort pods first as on Linux).
import type {QosClass} from '../../k8s/qos.js';
import {Quantity} from '../../k8s/quantity.js';
import type {KubeObject} from '../../k8s/object.js';

/** calculateCPUMaximum (v1.34): 10 * milliCPU / processor count, clamped to [1, 10000] (hundredths of a percent of the node). */
export function cpuMaximum(cpuLimit: Quantity, cpuCount: bigint): bigint {
  if (cpuCount <= 0n) return 10000n;
  const v = (10n * cpuLimit.milliValue()) / cpuCount;
  return v < 1n ? 1n : v > 10000n ? 10000n : v;
}

// Every pod on a node asks for its count: the quantity is parsed once per node object.
const cpuCounts = new WeakMap<KubeObject, bigint | undefined>();

/** The node's processor count as the kubelet sees it (capacity.cpu). */
export function nodeCpuCount(node: KubeObject | undefined): bigint | undefined {
  if (node === undefined) return undefined;
  if (cpuCounts.has(node)) return cpuCounts.get(node);
  const cpu = node.status?.capacity?.cpu;
  const q = cpu === undefined ? undefined : Quantity.tryParse(String(cpu));
  const count = q ? q.value() : undefined;
  cpuCounts.set(node, count);
  return count;
}

export const WINDOWS_NOTES = {
  noOomScore:
    'Windows has no OOM score ordering and no out-of-memory killer: no process is killed for memory; processes page to disk (the pagefile is mandatory), and the class matters only to the order in which the kubelet evicts pods',
  limitsOnly:
    'only limits reach the runtime, enforced by one job object per container: memory -> MemoryLimitInBytes, cpu -> CpuMaximum = 10 * milliCPU / NumCPU (clamped to [1, 10000]); requests only affect scheduling and the class',
  memoryGuidance:
    'memory guidance for Windows: set a memory limit and leave the request unset (it defaults to the limit) or set the request equal to it; reserve at least 2 GiB of node memory for the system (--system-reserved, --kube-reserved)',
  hostProcess: 'HostProcess containers run as processes on the host: their limits apply to the job object of those host processes, like any other container',
  eviction:
    'the Windows kubelet evicts pods when memory.available falls below its hard threshold (500Mi by default), BestEffort pods first, then Burstable pods above their requests; there is no OOM killer below that, and node-allocatable enforcement is not implemented: reservations only lower allocatable',
} as const;

export function classNote(cls: QosClass): string {
  switch (cls) {
    case 'Guaranteed':
      return 'Guaranteed on Windows: memory and CPU are capped by the job object and reserved by the scheduler; the kubelet evicts it last (its use never exceeds its requests), and there is no OOM killer to protect it from';
    case 'Burstable':
      return 'Burstable on Windows: use above the request is not reserved; a container without a memory limit is not capped and can take the node memory until the node pages';
    case 'BestEffort':
      return "BestEffort on Windows: nothing is reserved or capped; it is evicted first when memory.available falls below the kubelet's hard threshold (500Mi by default), and until then it can starve a node without reserved system memory";
  }
}

// A pod's state in kubectl's words (the STATUS column of `kubectl get pods`, after
// kubernetes/kubernetes pkg/printers/internalversion/printers.go printPod), and whether it is fine.
import type {V1ObjectMeta, V1PodStatus} from '@kubernetes/client-node';

/** Running with every container ready, or finished successfully: nothing to explain. */
export function isHealthy(status: V1PodStatus | undefined): boolean {
  if (!status) return false;
  if (status.phase === 'Succeeded') return true;
  const ready = status.conditions?.find((c) => c.type === 'Ready')?.status === 'True';
  return status.phase === 'Running' && ready;
}

export function podStatusText(meta: V1ObjectMeta, status: V1PodStatus | undefined): string {
  if (meta.deletionTimestamp) return 'Terminating';
  if (!status) return 'Unknown';
  if (status.reason) return status.reason;
  const inits = status.initContainerStatuses ?? [];
  for (let i = 0; i < inits.length; i++) {
    const c = inits[i];
    const t = c.state?.terminated;
    if (t && t.exitCode === 0) continue;
    if (t) return `Init:${t.reason ?? `ExitCode:${t.exitCode}`}`;
    const w = c.state?.waiting?.reason;
    if (w && w !== 'PodInitializing') return `Init:${w}`;
    return `Init:${i}/${inits.length}`;
  }
  let text = status.phase ?? 'Unknown';
  for (const c of status.containerStatuses ?? []) {
    const w = c.state?.waiting?.reason;
    const t = c.state?.terminated;
    if (w) text = w;
    else if (t) text = t.reason ?? (t.signal ? `Signal:${t.signal}` : `ExitCode:${t.exitCode}`);
  }
  return text;
}

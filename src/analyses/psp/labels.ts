// The kubectl label commands the readiness report suggests for a namespace.

export function labelCommand(ns: string, labels: Record<string, string>, dryRun = false): string {
  const kv = Object.entries(labels)
    .map(([k, v]) => `${k}=${v}`)
    .join(' ');
  return `kubectl label${dryRun ? ' --dry-run=server' : ''} --overwrite ns ${ns} ${kv}`;
}

// The checks whose remedy carries a machine action that changes the cluster (a patch, a manifest,
// or write commands). Each must have a case in the remedy-closure e2e suite
// (test/e2e/remedy-closure.test.ts), which proves it with a server-side dry run; a unit test keeps
// this list equal to what the analyses emit on examples/ (docs/remedies.md).
export const MACHINE_REMEDY_CHECKS: readonly string[] = [
  'lint/os-name-missing',
  'lint/windows-node-selector-missing',
  'lint/windows-toleration-missing',
  'lint/image-os-version-mismatch',
  'lint/linux-workload-on-windows-nodes',
  'psp/windows-missing-os',
  'psp/no-enforce-label',
  'psp/can-tighten',
  'psp/label-invalid',
  'gmsa/rbac-use-denied',
  'gmsa/webhook-not-covering',
  'gmsa/service-account-missing',
  'gmsa/crd-missing',
  'gmsa/crd-version',
];

/** Commands that change nothing: reads, and server-side dry runs. */
const READ_ONLY = /^kubectl\s+(get|describe|logs|auth\s+can-i)\b|--dry-run=server/;

/** Whether a remedy's action changes the cluster (and so needs a closure proof). */
export function writesCluster(r: {patch?: unknown; manifest?: string; command?: string}): boolean {
  if (r.patch !== undefined || r.manifest !== undefined) return true;
  return r.command !== undefined && r.command.split('\n').some((line) => !READ_ONLY.test(line));
}

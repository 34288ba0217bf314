/** Whether this process runs on Bun (the release executable), not Node. */
export function isBun(): boolean {
  return (globalThis as {Bun?: unknown}).Bun !== undefined;
}

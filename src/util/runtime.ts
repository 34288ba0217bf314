/** Whether this process runs on Bun (the release executable), not Node. */
export function isBun(): boolean {
  return (globalThis as {Bun?: unknown}).Bun !== undefined;
}

/** The runtime's name and version: Bun's own, not the Node.js version Bun reports as process.version. */
export function runtimeVersion(): {name: 'bun' | 'node'; version: string} {
  const bun = (process.versions as Record<string, string | undefined>).bun;
  return bun ? {name: 'bun', version: `v${bun}`} : {name: 'node', version: process.version};
}

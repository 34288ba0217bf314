// The runtime a run is on, for `kubectl win version` and `--version`.

/** The runtime's name and version: Bun's own, not the Node.js version Bun reports as process.version. */
export function runtimeVersion(): {name: 'bun' | 'node'; version: string} {
  const bun = (process.versions as Record<string, string | undefined>).bun;
  return bun ? {name: 'bun', version: `v${bun}`} : {name: 'node', version: process.version};
}

/**
 * What `kubectl win --version` prints, oclif's user agent (`kubectl-win/0.1.0 linux-x64 node-v20.20.2`)
 * with the runtime that runs it: oclif writes `node-` and process.version, which under Bun (the
 * release executable) is the Node.js version Bun emulates.
 */
export function userAgent(name: string, version: string, platformArch: string): string {
  const r = runtimeVersion();
  return `${name}/${version} ${platformArch} ${r.name}-${r.version}`;
}

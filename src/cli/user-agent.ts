// What `kubectl win --version` prints.
import {runtimeVersion} from '../util/runtime.js';

/**
 * oclif's user agent (`kubectl-win/0.1.0 linux-x64 node-v20.20.2`) with the runtime that runs it:
 * oclif writes `node-` and process.version, which under Bun (the release executable) is the Node.js
 * version Bun emulates.
 */
export function userAgent(name: string, version: string, platformArch: string): string {
  const r = runtimeVersion();
  return `${name}/${version} ${platformArch} ${r.name}-${r.version}`;
}

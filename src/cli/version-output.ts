// What `kubectl win version` prints: kubectl version's layout (text lines, or clientVersion and
// serverVersion as JSON/YAML), with the plugin and its runtime as the client.
import {stringify} from 'yaml';
import {runtimeVersion} from '../util/runtime.js';

export interface VersionInfo {
  clientVersion: {plugin: string; gitVersion: string; runtime: string; platform: string};
  /** The apiserver's /version answer, as it gave it. */
  serverVersion?: Record<string, unknown>;
}

/** Go's GOOS/GOARCH words for Node's platform and arch, as kubectl prints its platform. */
function platform(): string {
  const arch: Record<string, string> = {x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm'};
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return `${os}/${arch[process.arch] ?? process.arch}`;
}

function runtime(): string {
  const r = runtimeVersion();
  return `${r.name} ${r.version}`;
}

export function clientVersion(pluginVersion: string): VersionInfo['clientVersion'] {
  return {plugin: 'kubectl-win', gitVersion: `v${pluginVersion.replace(/^v/, '')}`, runtime: runtime(), platform: platform()};
}

export function formatVersion(info: VersionInfo, output: 'json' | 'yaml' | undefined): string {
  if (output === 'json') return `${JSON.stringify(info, null, 2)}\n`;
  if (output === 'yaml') return stringify(info);
  const lines = [`Plugin Version: ${info.clientVersion.gitVersion}`, `Runtime: ${info.clientVersion.runtime} (${info.clientVersion.platform})`];
  if (info.serverVersion) lines.push(`Server Version: ${String(info.serverVersion.gitVersion ?? '')}`);
  return `${lines.join('\n')}\n`;
}

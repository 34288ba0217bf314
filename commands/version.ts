// `kubectl win version`: the plugin's version, the runtime it runs on, and the server's version,
// as `kubectl version` prints them (staging/src/k8s.io/kubectl/pkg/cmd/version/version.go): the
// client part is printed first and always; a server that cannot be reached is then one line on
// stderr, and the run fails (kubectl exits 1; here exit 3, the contract's code for an unreachable
// cluster). `--client` never contacts a server. `-o json|yaml` print kubectl's shape
// (clientVersion, serverVersion), not the findings envelope: a version is not a diagnosis.
import {Command, Flags} from '@oclif/core';
import {reportError} from '../src/cli/base-command.js';
import {connectFlags, toOptions} from '../src/cli/flags.js';

interface VersionInfo {
  clientVersion: {plugin: string; gitVersion: string; runtime: string; platform: string};
  serverVersion?: Record<string, unknown>;
}

/** Go's GOOS/GOARCH words for Node's platform and arch, as kubectl prints its platform. */
function platform(): string {
  const arch: Record<string, string> = {x64: 'amd64', ia32: '386', arm64: 'arm64', arm: 'arm'};
  const os = process.platform === 'win32' ? 'windows' : process.platform;
  return `${os}/${arch[process.arch] ?? process.arch}`;
}

function runtime(): string {
  const bun = (process.versions as Record<string, string | undefined>).bun;
  return bun ? `bun v${bun}` : `node ${process.version}`;
}

function asText(info: VersionInfo): string {
  const lines = [`Plugin Version: v${info.clientVersion.gitVersion.replace(/^v/, '')}`, `Runtime: ${info.clientVersion.runtime} (${info.clientVersion.platform})`];
  if (info.serverVersion) lines.push(`Server Version: ${String(info.serverVersion.gitVersion ?? '')}`);
  return `${lines.join('\n')}\n`;
}

export default class Version extends Command {
  static override summary = 'Print the plugin, runtime and server versions';
  static override description =
    'Prints the version of kubectl-win, the runtime it runs on, and the Kubernetes version of the server of the current context ' +
    '(or of --context, --server, ...). As kubectl version: the client part is always printed; when the server cannot be reached, ' +
    'one line on stderr follows and the exit code is 3. --client prints the client part only and reads no kubeconfig.';
  static override examples = [
    {description: 'Plugin, runtime and server versions', command: 'kubectl win version'},
    {description: 'Only the plugin and runtime, as JSON', command: 'kubectl win version --client -o json'},
  ];
  static override flags = {
    ...connectFlags,
    client: Flags.boolean({description: 'If true, shows client version only (no server required)', default: false}),
    output: Flags.string({char: 'o', description: 'One of json or yaml', options: ['json', 'yaml']}),
  };

  async run(): Promise<void> {
    try {
      const {flags} = await this.parse(Version);
      const opts = toOptions(flags);
      const info: VersionInfo = {clientVersion: {plugin: 'kubectl-win', gitVersion: `v${this.config.version}`, runtime: runtime(), platform: platform()}};
      let serverError: unknown;
      if (!flags.client) {
        try {
          const [{KubeClient}, {clientOptionsOf}] = await Promise.all([import('../src/source/kube-client.js'), import('../src/source/cluster-source.js')]);
          const client = await KubeClient.create(clientOptionsOf(opts));
          info.serverVersion = (await client.request<Record<string, unknown>>('/version', {expect: 'version'})).body;
        } catch (err) {
          serverError = err;
        }
      }
      const out = flags.output === 'json' ? `${JSON.stringify(info, null, 2)}\n` : flags.output === 'yaml' ? (await import('yaml')).stringify(info) : asText(info);
      process.stdout.write(out);
      if (serverError) await reportError(serverError, this.id);
    } catch (err) {
      await reportError(err, this.id);
    }
  }
}

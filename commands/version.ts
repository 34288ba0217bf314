// `kubectl win version`: the plugin's version, the runtime it runs on, and the server's version,
// as `kubectl version` prints them (staging/src/k8s.io/kubectl/pkg/cmd/version/version.go): the
// client part is printed first and always; a server that cannot be reached is then one line on
// stderr, and the run fails (kubectl exits 1; here exit 3, the contract's code for an unreachable
// cluster). `--client` never contacts a server. `-o json|yaml` print kubectl's shape
// (clientVersion, serverVersion), not the findings envelope: a version is not a diagnosis.
import {Command, Flags} from '@oclif/core';
import {reportError} from '../src/cli/base-command.js';
import {connectFlags, toOptions} from '../src/cli/flags.js';
import type {VersionInfo} from '../src/cli/version-output.js';

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
      const {clientVersion, formatVersion} = await import('../src/cli/version-output.js');
      const info: VersionInfo = {clientVersion: clientVersion(this.config.version)};
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
      process.stdout.write(formatVersion(info, flags.output as 'json' | 'yaml' | undefined));
      if (serverError) await reportError(serverError, this.id);
    } catch (err) {
      await reportError(err, this.id);
    }
  }
}

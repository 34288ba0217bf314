// `kubectl win completion bash|zsh|fish|powershell`: the shell script that completes kubectl-win.
// The candidates come from the hidden `__complete` request (src/cli/completion/run.ts), which
// src/cli/main.ts answers before oclif starts, so a TAB costs no command parsing.
import {Args, Command} from '@oclif/core';
import {InputError} from '../src/errors.js';
import {reportError} from '../src/cli/base-command.js';
import {SCRIPTS, SHELLS, type Shell} from '../src/cli/completion/scripts.js';

export default class Completion extends Command {
  static override summary = 'The shell completion script for bash, zsh, fish or PowerShell';
  static override description =
    "Prints a script that completes kubectl-win's commands, flags, flag values (-o, --fail-on, --k8s-version, --analyses) and " +
    "names from the cluster (namespaces, pods, kind/name workloads, nodes) and the kubeconfig (contexts). Load it from your shell's " +
    "profile. `kubectl win <TAB>` completes through kubectl's own completion instead, with kubectl_complete-win (in the release " +
    'archive) on PATH: see the README.';
  static override examples = [
    {description: 'bash (~/.bashrc)', command: 'source <(kubectl win completion bash)'},
    {description: 'zsh (~/.zshrc, after compinit)', command: 'source <(kubectl win completion zsh)'},
    {description: 'fish (~/.config/fish/config.fish)', command: 'kubectl win completion fish | source'},
    {description: 'PowerShell ($PROFILE)', command: 'kubectl win completion powershell | Out-String | Invoke-Expression'},
  ];
  static override args = {shell: Args.string({description: `The shell: ${SHELLS.join(', ')}`, required: false})};

  async run(): Promise<void> {
    try {
      const {args} = await this.parse(Completion);
      const shell = args.shell;
      if (!shell) throw new InputError(`error: name a shell: kubectl win completion ${SHELLS.join('|')}`);
      if (!(SHELLS as readonly string[]).includes(shell)) throw new InputError(`error: unsupported shell "${shell}"; use one of ${SHELLS.join(', ')}`);
      process.stdout.write(SCRIPTS[shell as Shell]);
    } catch (err) {
      // One line and the contract's exit code; a parse error in kubectl's unknown-flag words.
      await reportError(err, this.id);
    }
  }
}

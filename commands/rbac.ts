// `kubectl win rbac [COMMAND]`: the ClusterRole a command needs, derived from what its checks read.
import {Args, Flags} from '@oclif/core';
import {WinCommand, type CommandResult, type Parsed, type RunContext} from '../src/cli/base-command.js';
import {InputError} from '../src/errors.js';
import type {RbacCommand} from '../src/analyses/rbac/needs.js';

/** The command a role is asked for (none: every read-only command) and its name, once checked. */
interface RoleRequest {
  command: RbacCommand | undefined;
  name: string | undefined;
}

export default class Rbac extends WinCommand<typeof Rbac, RoleRequest> {
  static override summary = 'The read-only ClusterRole each command needs, as a manifest for kubectl apply, with why for every rule';
  static override description =
    'Prints the ClusterRole that COMMAND (qos, lint, gmsa check, gmsa nltest, psp readiness, nodes, doctor, why, logs) needs; without COMMAND, ' +
    'the union for every read-only command (all but gmsa nltest, which runs commands inside pods, and logs, which reaches every kubelet through nodes/proxy). The rules are derived from what ' +
    'the analyses read, so they follow the code: get and list on each kind read, nothing written. A comment before each rule says why ' +
    'and for which commands. --optional adds the permissions that are not needed but add something, each marked OPTIONAL with what it ' +
    "gives and what happens without it: Secrets (the gMSA webhook's serving certificate), creating LocalSubjectAccessReviews (the " +
    'apiserver answers gMSA use instead of our RBAC evaluator), patching namespaces (psp readiness --server-dry-run; RBAC has no ' +
    'dry-run verb) and pods/exec (gmsa nltest). The text output is the plain YAML manifest, for `kubectl apply -f -`; ' +
    '-o json|yaml print the report envelope (kind RBACReport) with the rules, why, and the ClusterRole object. Reads no cluster.';
  static override examples = [
    {
      description: 'The role for every read-only command, applied and bound to a user',
      command: 'kubectl win rbac | kubectl apply -f - && kubectl create clusterrolebinding kubectl-win --clusterrole=kubectl-win --user=jane',
    },
    {description: 'Only what gmsa check needs, with the optional permissions and what each adds', command: 'kubectl win rbac gmsa check --optional'},
    {
      description: 'A role for CI that runs doctor, under a name of your own',
      command: 'kubectl win rbac doctor --name ci-kubectl-win-doctor | kubectl apply -f -',
    },
    {description: 'The rules and their reasons as JSON', command: 'kubectl win rbac -o json'},
  ];
  static override args = {
    command: Args.string({
      ignoreStdin: true,
      description: 'A command: qos, lint, gmsa check, gmsa nltest, psp readiness, nodes, doctor, why, logs (default: every read-only command)',
      required: false,
    }),
  };
  static override strict = false;
  static override nameArgs = 'none' as const;
  static override flags = {
    name: Flags.string({description: "The ClusterRole's name (default: kubectl-win, or kubectl-win-COMMAND)"}),
    optional: Flags.boolean({description: 'Also grant the optional permissions, each marked with what it adds', default: false}),
    output: Flags.string({
      char: 'o',
      description: 'Output format: text is the plain manifest for kubectl apply',
      options: ['text', 'json', 'yaml'],
      helpGroup: 'OUTPUT',
    }),
    'no-color': Flags.boolean({description: 'Never colour the output (the manifest is never coloured)', helpGroup: 'OUTPUT', default: false}),
  };

  protected parseInput(): Promise<Parsed<typeof Rbac>> {
    return this.parse(Rbac);
  }

  /** A known command, and a ClusterRole name the apiserver accepts. */
  protected async validate(ctx: RunContext<typeof Rbac>): Promise<RoleRequest> {
    const [{RBAC_COMMANDS}, {validRbacName}] = await Promise.all([import('../src/analyses/rbac/needs.js'), import('../src/analyses/rbac/name.js')]);
    const wanted = ctx.argv.join(' ').replace(/:/g, ' ').trim();
    const command = RBAC_COMMANDS.find((c) => c === wanted);
    if (wanted !== '' && !command) throw new InputError(`error: unknown command "${wanted}"; one of: ${RBAC_COMMANDS.join(', ')}`);
    const name = ctx.flags.name;
    const invalid = name === undefined ? undefined : validRbacName(name);
    if (invalid) throw new InputError(`error: invalid --name "${name}": ${invalid}`);
    return {command, name};
  }

  protected async execute(ctx: RunContext<typeof Rbac>, {command, name}: RoleRequest): Promise<CommandResult> {
    const {rbacReport, roleManifest} = await import('../src/analyses/rbac/role.js');
    const report = rbacReport({command, name, optional: ctx.flags.optional});
    const manifest = roleManifest(report);
    return {report, plainText: () => manifest, view: () => ({sections: [{type: 'lines', lines: manifest.trimEnd().split('\n')}]})};
  }
}

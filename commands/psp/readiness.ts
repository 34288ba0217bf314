// `kubectl win psp readiness`: PodSecurityPolicy to Pod Security Admission migration readiness.
import {Flags} from '@oclif/core';
import {WinCommand, type CommandResult, type Parsed, type RunContext} from '../../src/cli/base-command.js';
import {checkFixable, fixFlag, fixOutput} from '../../src/cli/fix-output.js';
import {InputError} from '../../src/errors.js';
import {commonFlags, versionFlag} from '../../src/cli/flags.js';

export default class PspReadiness extends WinCommand<typeof PspReadiness, number | undefined> {
  static override summary = 'Which Pod Security level each namespace can enforce, what blocks the next one, and the labels to apply';
  static override description =
    'Evaluates every pod and every workload template (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicaSets) ' +
    'against the Pod Security Standards exactly as Pod Security Admission does, at the chosen policy version, and reports per namespace: ' +
    'the current pod-security.kubernetes.io labels, the highest level every pod and template meets, the ones that block the next level ' +
    "with PSA's own messages, and the kubectl label commands to apply (audit and warn first). Windows-aware: pods without spec.os.name, " +
    'HostProcess pods, runAsNonRoot with ContainerAdministrator. Maps PodSecurityPolicies (served up to 1.24, or from -f manifests) to levels, ' +
    'flags mutating ones and shows who may use each. --server-dry-run asks PSA itself with a dry-run label of each namespace (nothing is changed).';
  static override examples = [
    {description: 'Every namespace: the level it can enforce and the label commands', command: 'kubectl win psp readiness -A'},
    {description: 'One namespace, with the Pod Security Standards of v1.30', command: 'kubectl win psp readiness -n web --k8s-version v1.30'},
    {
      description: 'Also ask PSA itself (a dry-run label of each namespace; nothing changes), as JSON',
      command: 'kubectl win psp readiness -A --server-dry-run -o json',
    },
    {description: 'Manifests offline, PodSecurityPolicies included', command: 'kubectl win psp readiness -f ./manifests -R'},
  ];
  static override flags = {
    ...commonFlags,
    fix: fixFlag,
    ...versionFlag,
    'server-dry-run': Flags.boolean({
      description: "Live only: label each namespace with a server-side dry run and show PSA's own warnings beside ours",
      default: false,
    }),
  };

  protected parseInput(): Promise<Parsed<typeof PspReadiness>> {
    return this.parse(PspReadiness);
  }

  /** --fix with what it needs; the minor asked for; --server-dry-run only live. */
  protected async validate(ctx: RunContext<typeof PspReadiness>): Promise<number | undefined> {
    if (ctx.flags.fix) checkFixable(ctx.opts);
    const {k8sVersionFromFlags} = await import('../../src/cli/k8s-version.js');
    const minor = k8sVersionFromFlags(ctx.flags, ['psp']);
    if (ctx.flags['server-dry-run'] && ctx.opts.filenames.length > 0)
      throw new InputError('error: --server-dry-run needs a cluster; it cannot be combined with -f');
    return minor;
  }

  protected async execute(ctx: RunContext<typeof PspReadiness>, minor: number | undefined): Promise<CommandResult> {
    const serverDryRun = ctx.flags['server-dry-run'];
    const [{noteUntestedServer}, {openSource}, {pspReadinessAnalysis}, {runAnalysis}, {pspReadinessView}] = await Promise.all([
      import('../../src/cli/k8s-version.js'),
      import('../../src/source/open.js'),
      import('../../src/analyses/psp/analysis.js'),
      import('../../src/analyses/types.js'),
      import('../../src/analyses/psp/view.js'),
    ]);
    const options = {version: minor === undefined ? undefined : `v1.${minor}`, serverDryRun, selector: ctx.opts.selector};
    const source = await openSource(ctx.opts, ctx.signal);
    const snapshot = await source.snapshot(pspReadinessAnalysis.request(options));
    const report = await runAnalysis(pspReadinessAnalysis, snapshot, options, source.capabilities(), ctx.items);
    noteUntestedServer(report, ['psp'], minor);
    return {report, view: (wide) => pspReadinessView(report, wide), ...(await fixOutput(ctx, report))};
  }
}

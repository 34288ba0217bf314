// `kubectl win lint [POD|kind/name...]`: Windows pod-spec validation, exact to kube-apiserver.
import {Args, Flags} from '@oclif/core';
import {WinCommand, type CommandResult, type Parsed, type RunContext} from '../src/cli/base-command.js';
import {checkFixable, fixFlag, fixOutput} from '../src/cli/fix-output.js';
import {commonFlags, fieldValidationOf, validateFlag, versionFlag, withBareValidate} from '../src/cli/flags.js';
import type {FieldValidation} from '../src/k8s/decode.js';

/** What lint's flags ask for, once checked. */
interface LintPlan {
  minor: number | undefined;
  fieldValidation: FieldValidation;
}

export default class Lint extends WinCommand<typeof Lint, LintPlan> {
  static override summary = 'Lint Windows pod specs: what kube-apiserver rejects, and what it accepts but Windows will not run';
  static override description =
    'Checks pods and workload pod templates (Deployments, StatefulSets, DaemonSets, Jobs, CronJobs, ...) for Windows mistakes. ' +
    "Errors are what kube-apiserver rejects at the chosen Kubernetes minor (v1.34 to v1.37; live the server's, offline the newest, or --k8s-version), with its field path and message word for word: runAsUserName and gMSA fields, " +
    'HostProcess rules, spec.os.name with Linux-only fields. Warnings are what the API accepts but a Windows node will not run: ' +
    'a missing spec.os.name, subPath and single-file mounts, read-only root filesystems, NFS, block and memory volumes, huge pages, ' +
    'privileged, HostProcess users, runAsNonRoot with ContainerAdministrator; and scheduling: no Windows nodeSelector, untolerated ' +
    'Windows taints, image builds no node can run, HostProcess on old nodes. Live, nodes are read from the cluster; with -f, pass ' +
    '--nodes FILE (Node manifests, e.g. `kubectl get nodes -o yaml > nodes.yaml`) for the scheduling checks. ' +
    'Exit 1 when a finding at or above --fail-on (default error) exists.';
  static override examples = [
    {description: 'Lint every pod and workload in all namespaces', command: 'kubectl win lint -A'},
    {description: 'Lint one pod and one Deployment in a namespace', command: 'kubectl win lint -n web iis-0 deployment/iis'},
    {
      description: 'Lint manifests in CI, with the scheduling checks against a saved node list, failing on warnings',
      command: 'kubectl win lint -f k8s/ -R --nodes nodes.yaml --fail-on warning',
    },
    {description: 'The whole report as JSON, for the pods and workloads labelled app=iis', command: 'kubectl win lint -n web -l app=iis -o json'},
    {
      description: 'Manifests offline, as a v1.34 apiserver would validate them (default: the newest minor)',
      command: 'kubectl win lint -f k8s/ -R --k8s-version v1.34',
    },
    {
      description: 'Unknown fields as warnings, as kubectl apply --validate=warn answers them (default strict: errors)',
      command: 'kubectl win lint -f k8s/ -R --validate=warn',
    },
  ];
  static override args = {
    names: Args.string({
      ignoreStdin: true,
      description: 'Pod names or kind/name (e.g. deployment/iis); default: every pod and workload in scope',
      required: false,
    }),
  };
  static override strict = false;
  static override flags = {
    ...commonFlags,
    ...versionFlag,
    ...validateFlag,
    fix: fixFlag,
    nodes: Flags.string({
      description: 'Node manifests (YAML/JSON, a List is fine) to use as the node inventory for the scheduling checks; with -f, the only source of nodes',
      helpGroup: 'INPUT',
    }),
  };

  protected parseInput(): Promise<Parsed<typeof Lint>> {
    return this.parse(Lint, withBareValidate(this.argv));
  }

  /** --fix with what it needs; the minor and the field validation asked for. */
  protected async validate(ctx: RunContext<typeof Lint>): Promise<LintPlan> {
    if (ctx.flags.fix) checkFixable(ctx.opts);
    const fieldValidation = fieldValidationOf(ctx.flags.validate);
    const {k8sVersionFromFlags} = await import('../src/cli/k8s-version.js');
    return {minor: k8sVersionFromFlags(ctx.flags, ['lint']), fieldValidation};
  }

  protected async execute(ctx: RunContext<typeof Lint>, {minor, fieldValidation}: LintPlan): Promise<CommandResult> {
    const [{openSource, readNodeInventory}, {lintAnalysis}, {runAnalysis}, {lintView}, {noteUntestedServer}] = await Promise.all([
      import('../src/source/open.js'),
      import('../src/analyses/lint/analysis.js'),
      import('../src/analyses/types.js'),
      import('../src/analyses/lint/view.js'),
      import('../src/cli/k8s-version.js'),
    ]);
    const nodesFile = ctx.flags.nodes;
    const options = {
      names: ctx.argv.length > 0 ? ctx.argv : undefined,
      nodes: nodesFile ? await readNodeInventory(nodesFile) : undefined,
      minor,
      fieldValidation,
    };
    const source = await openSource(ctx.opts, ctx.signal, minor);
    const snapshot = await source.snapshot(lintAnalysis.request(options));
    const report = await runAnalysis(lintAnalysis, snapshot, options, source.capabilities(), ctx.items);
    noteUntestedServer(report, ['lint'], minor);
    return {report, view: (wide) => lintView(report, wide), ...(await fixOutput(ctx, report))};
  }
}

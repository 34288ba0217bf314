// `kubectl win qos [POD...]`: the QoS class exactly as Kubernetes computes it, per container, with what
// would change it, LimitRange attribution, in-place resize state and what the class means on Windows.
import {Args} from '@oclif/core';
import {WinCommand, type CommandResult, type Parsed, type RunContext} from '../src/cli/base-command.js';
import {checkFixable, fixFlag, fixOutput} from '../src/cli/fix-output.js';
import {commonFlags, versionFlag} from '../src/cli/flags.js';

export default class Qos extends WinCommand<typeof Qos, number | undefined> {
  static override summary = 'The QoS class of pods and pod templates, computed exactly as Kubernetes does, with the reason per container';
  static override description =
    "Computes each pod's QoS class (Guaranteed, Burstable, BestEffort) with the rules of a Kubernetes minor: requests defaulted " +
    'from limits, quantities rounded to milli, only cpu and memory counting, init containers and sidecars, pod-level spec.resources, ' +
    "and (offline) the namespace's LimitRanges. Live pods also show status.qosClass, and a finding is reported if it differs. " +
    'For each container: its type, requests, limits, own class and the reason in words; for each pod: the strategic-merge patch that ' +
    'makes it Guaranteed (and Burstable, for BestEffort pods), LimitRange attribution from the kubernetes.io/limit-ranger annotation, ' +
    'in-place resize state, and on Windows nodes what the class means there. ' +
    'Named pods (or kind/name) and -o wide print a detail block per pod. With -f, reads Pods and workload templates from manifests.';
  static override examples = [
    {description: 'Every pod in every namespace', command: 'kubectl win qos -A'},
    {description: 'One pod in detail: per-container reasons, patch, resize state, Windows notes', command: 'kubectl win qos iis-0 -n web'},
    {description: 'Manifests offline, with the rules of v1.34 and the LimitRanges in the files', command: 'kubectl win qos -f deploy/ -R --k8s-version v1.34'},
    {description: "A Deployment's template, as JSON", command: 'kubectl win qos deployment/web -n web -o json'},
  ];
  static override args = {pods: Args.string({ignoreStdin: true, description: 'Pod names, or kind/name for a workload (deployment/web)', required: false})};
  static override strict = false;
  static override flags = {...commonFlags, ...versionFlag, fix: fixFlag};

  protected parseInput(): Promise<Parsed<typeof Qos>> {
    return this.parse(Qos);
  }

  /** --fix with what it needs; the minor asked for. */
  protected async validate(ctx: RunContext<typeof Qos>): Promise<number | undefined> {
    if (ctx.flags.fix) checkFixable(ctx.opts);
    const {k8sVersionFromFlags} = await import('../src/cli/k8s-version.js');
    return k8sVersionFromFlags(ctx.flags, ['qos']);
  }

  protected async execute(ctx: RunContext<typeof Qos>, minor: number | undefined): Promise<CommandResult> {
    const names = ctx.argv;
    const [{noteUntestedServer}, {openSource}, {qosAnalysis}, {runAnalysis}, {qosView}] = await Promise.all([
      import('../src/cli/k8s-version.js'),
      import('../src/source/open.js'),
      import('../src/analyses/qos/analysis.js'),
      import('../src/analyses/types.js'),
      import('../src/analyses/qos/view.js'),
    ]);
    const offline = ctx.opts.filenames.length > 0;
    // The text table alone (no pod named, no -o wide, no --fix) reads only part of each item.
    const tableOnly = ctx.opts.output === 'text' && names.length === 0 && !ctx.flags.fix;
    const options = {minor, names: names.length > 0 ? names : undefined, templates: offline || names.some((n) => n.includes('/')), tableOnly};
    const source = await openSource(ctx.opts, ctx.signal);
    const snapshot = await source.snapshot(qosAnalysis.request(options));
    const report = await runAnalysis(qosAnalysis, snapshot, options, source.capabilities(), ctx.items);
    noteUntestedServer(report, ['qos'], minor);
    return {report, view: (wide) => qosView(report, wide, wide || names.length > 0), ...(await fixOutput(ctx, report))};
  }
}

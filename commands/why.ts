// `kubectl win why POD`: why a Windows pod does not start, decoded from its status and events.
import {Args} from '@oclif/core';
import {WinCommand, type CommandResult, type Parsed, type RunContext} from '../src/cli/base-command.js';
import {commonFlags, versionFlag, watchFlag} from '../src/cli/flags.js';

/** The analyses that follow a Kubernetes minor among those why joins to its causes. */
const JOINED_ANALYSES = ['qos', 'lint', 'psp'] as const;

export default class Why extends WinCommand<typeof Why, number | undefined> {
  static override summary =
    'Why a Windows pod does not start: its status and events decoded, with the cause, the evidence, the fix and the check that proves it';
  static override description =
    "Reads the pod (or, for kind/name, the workload's pods that are not ready), its Warning events and its owner's (a FailedCreate), " +
    'its node, and runs the other analyses (lint, qos, gmsa, psp, nodes) on the same read. Each raw Windows string (hcs::CreateComputeSystem, ' +
    'HNS, CNI, exit codes such as 3221225781) is decoded by a catalogue of known causes, most specific first: what happened, the evidence ' +
    'quoted with its age and count, why, the fix, and the kubectl-win check that proves it from the spec. When one node explains many ' +
    'pods it is named once. A running, ready pod has nothing to explain. Without POD, every Windows pod of the namespace (-A: of the ' +
    'cluster) that is not running and ready. Exits 1 when a cause at or above --fail-on is found, 4 when the pods or their events could not be read.';
  static override examples = [
    {description: 'One pod', command: 'kubectl win why iis-7d4b9c-x2x9q -n web'},
    {description: "A Deployment's pods that are not ready", command: 'kubectl win why deployment/iis -n web'},
    {description: 'Every Windows pod in the cluster that does not start', command: 'kubectl win why -A'},
    {description: 'As JSON, for a ticket', command: 'kubectl win why iis-0 -n web -o json'},
    {description: 'Answer again on each change while a fix rolls out (Ctrl-C to stop)', command: 'kubectl win why deployment/iis -n web -w'},
  ];
  static override args = {
    pods: Args.string({ignoreStdin: true, description: "Pod names, or kind/name for a workload's pods (deployment/web)", required: false}),
  };
  static override strict = false;
  static override flags = {...commonFlags, ...versionFlag, ...watchFlag};

  protected parseInput(): Promise<Parsed<typeof Why>> {
    return this.parse(Why);
  }

  /** The minor asked for, one that the analyses why joins all know. */
  protected async validate(ctx: RunContext<typeof Why>): Promise<number | undefined> {
    const {k8sVersionFromFlags} = await import('../src/cli/k8s-version.js');
    return k8sVersionFromFlags(ctx.flags, JOINED_ANALYSES);
  }

  protected async execute(ctx: RunContext<typeof Why>, minor: number | undefined): Promise<CommandResult> {
    const [{noteUntestedServer}, {openSource}, {whyAnalysis}, {runAnalysis}, {whyView}, {parseNameArg}, {RESOURCES}] = await Promise.all([
      import('../src/cli/k8s-version.js'),
      import('../src/source/open.js'),
      import('../src/analyses/why/analysis.js'),
      import('../src/analyses/types.js'),
      import('../src/analyses/why/view.js'),
      import('../src/source/name-args.js'),
      import('../src/k8s/resources.js'),
    ]);
    const names = ctx.argv;
    const targets = names.map((n) => {
      const {resource, name} = parseNameArg(n);
      return {kind: RESOURCES[resource].kind, name};
    });
    const options = {names: names.length > 0 ? names : undefined, targets, now: Date.now(), join: {minor, selector: ctx.opts.selector}};
    const source = await openSource(ctx.opts, ctx.signal, minor);
    const request = whyAnalysis.request(options);
    const snapshot = await source.snapshot(request);
    const report = await runAnalysis(whyAnalysis, snapshot, options, source.capabilities(), ctx.items);
    noteUntestedServer(report, JOINED_ANALYSES, minor);
    return {report, view: (wide) => whyView(report, wide), watch: {request, source}};
  }
}

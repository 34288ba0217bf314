// `kubectl win nodes [NODE...]`: the Windows node inventory (--all: every node).
import {Args, Flags} from '@oclif/core';
import {WinCommand, type CommandResult, type Parsed, type RunContext} from '../src/cli/base-command.js';
import {InputError} from '../src/errors.js';
import {commonFlags, hiding, watchFlag} from '../src/cli/flags.js';

export default class Nodes extends WinCommand<typeof Nodes> {
  static override summary = 'Windows node inventory: build and release, kubelet and runtime, HostProcess support, reserves, taints, pods by QoS';
  static override description =
    'Lists Windows nodes (every node with --all): the Windows build and its LTSC/SAC release, kubelet and container runtime versions, ' +
    'whether HostProcess pods can run (containerd >= 1.6, kubelet >= 1.23), capacity, allocatable and the system reserve, ' +
    'taints with the tolerations a pod needs, the Ready condition, and how many pods of each QoS class the node runs. ' +
    'Pods are counted across all namespaces: nodes are cluster-scoped, so -n and -A do not apply (as with kubectl get nodes); ' +
    '-l selects nodes by label. With -f, reads Node (and Pod) manifests instead of a cluster.';
  static override examples = [
    {description: 'Every Windows node', command: 'kubectl win nodes'},
    {description: 'Every node, Linux too, with more columns', command: 'kubectl win nodes --all -o wide'},
    {description: 'One node, as YAML', command: 'kubectl win nodes akswin000000 -o yaml'},
    {description: 'The Windows nodes of one pool, by label', command: 'kubectl win nodes -l agentpool=win22'},
    {description: 'Saved node manifests (kubectl get nodes -o yaml > nodes.yaml), offline', command: 'kubectl win nodes -f nodes.yaml -o json'},
  ];
  static override args = {nodes: Args.string({ignoreStdin: true, description: 'Node names (default: all Windows nodes)', required: false})};
  static override strict = false;
  static override nameArgs = 'nodes' as const;
  static override flags = {
    ...hiding(commonFlags, ['field-selector']),
    all: Flags.boolean({description: 'Show Linux (and other) nodes too', default: false}),
    ...watchFlag,
  };

  protected parseInput(): Promise<Parsed<typeof Nodes>> {
    return this.parse(Nodes);
  }

  /** Nothing beyond the shared checks (node names included). */
  protected validate(): void {}

  protected async execute(ctx: RunContext<typeof Nodes>): Promise<CommandResult> {
    const names = ctx.argv;
    if (ctx.opts.fieldSelector)
      throw new InputError('error: kubectl win nodes does not take --field-selector (it selects pods); use -l to select nodes, or name them');
    // Nodes are cluster-scoped and pods are counted on every namespace; -l selects nodes, not pods.
    const opts = {...ctx.opts, allNamespaces: true, selector: undefined};
    const [{openSource}, {nodesAnalysis}, {runAnalysis}, {nodesView}, {noteUntestedServer}] = await Promise.all([
      import('../src/source/open.js'),
      import('../src/analyses/nodes/analysis.js'),
      import('../src/analyses/types.js'),
      import('../src/analyses/nodes/view.js'),
      import('../src/cli/k8s-version.js'),
    ]);
    const options = {all: ctx.flags.all, names, selector: ctx.opts.selector};
    const source = await openSource(opts, ctx.signal);
    const request = nodesAnalysis.request(options);
    const snapshot = await source.snapshot(request);
    const report = await runAnalysis(nodesAnalysis, snapshot, options, source.capabilities());
    noteUntestedServer(report, []);
    if (names.length > 0 && snapshot.objects.nodes) {
      const missing = names.filter((n) => !report.items.some((i) => i.name === n));
      if (missing.length > 0) throw new InputError(`error: nodes ${missing.map((n) => `"${n}"`).join(', ')} not found`);
    }
    return {report, view: (wide) => nodesView(report, wide), watch: {request, source}};
  }
}

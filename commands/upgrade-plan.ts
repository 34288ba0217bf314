// `kubectl win upgrade-plan --to 2025`: what breaks when the Windows node pools move to another Windows Server version.
import {Flags} from '@oclif/core';
import {WinCommand, type CommandResult, type Parsed, type RunContext} from '../src/cli/base-command.js';
import {commonFlags, registryFlags, registryOptions} from '../src/cli/flags.js';
import {InputError} from '../src/errors.js';

export default class UpgradePlan extends WinCommand<typeof UpgradePlan, number> {
  static override summary = 'What breaks when the Windows node pools move to another Windows Server version: per workload and per pool, with the exact changes';
  static override description =
    'Per Windows workload (pods fold into their Deployment, StatefulSet, DaemonSet, ...) and per Windows node pool (AKS, EKS and GKE pool ' +
    'labels, else the windows-build label): whether each container image runs on the target build under the pod’s isolation (process, or ' +
    'Hyper-V by a RuntimeClass handler named *hypervisor), as Microsoft’s Windows container version compatibility table says; the image’s ' +
    'builds are inferred from its tag (ltsc2019, ltsc2022, ltsc2025, 1809, 20H2, 10.0.BUILD) and said to be inferred; floating tags and ' +
    'digests are unknown. Then the pins that break (windows-build nodeSelector, affinity and RuntimeClass scheduling, the target pool’s ' +
    'taints, pods with no kubernetes.io/os selector that can land on the new nodes), the node side (sandbox image, HostProcess volume ' +
    'mounts across containerd 1.7, CNI DaemonSets with no 2025 support) and drain risk (PodDisruptionBudgets, single replicas, bytes each ' +
    'new node pulls). Verdicts: ready, blocked (with the reasons), unknown. Offline (-f), the pools come from --nodes FILE or from Node ' +
    'manifests among the -f files. Exits 1 when anything is blocked (errors, or --fail-on), 4 when a read the plan needs failed.';
  static override examples = [
    {description: 'What breaks when every Windows pool moves to Windows Server 2025', command: 'kubectl win upgrade-plan --to 2025 -A'},
    {description: 'One namespace, to Windows Server 2022, every field and image', command: 'kubectl win upgrade-plan --to 2022 -n web -o wide'},
    {
      description: 'Offline: manifests and saved nodes (kubectl get nodes -o yaml > nodes.yaml)',
      command: 'kubectl win upgrade-plan --to 2025 -f k8s/ -R --nodes nodes.yaml',
    },
    {description: 'A build number, as JSON for a script', command: 'kubectl win upgrade-plan --to 10.0.26100 -A -o json'},
    {
      description: 'Read each image’s platforms (manifest list os.version) from its registry, with the pods’ imagePullSecrets',
      command: 'kubectl win upgrade-plan --to 2025 -A --registry',
    },
  ];
  static override flags = {
    ...commonFlags,
    ...registryFlags,
    // Required, but checked in validate(): oclif's own message for a missing flag is several lines.
    to: Flags.string({description: 'The target Windows Server version (required): 2019, 2022, 23H2, 2025, or a build (26100, 10.0.26100)'}),
    nodes: Flags.string({description: 'Node manifests (YAML/JSON, a List is fine): the node pools, with -f (default: Node manifests among the -f files)'}),
  };

  protected parseInput(): Promise<Parsed<typeof UpgradePlan>> {
    return this.parse(UpgradePlan);
  }

  /** --to names a known Windows Server version or build. */
  protected async validate(ctx: RunContext<typeof UpgradePlan>): Promise<number> {
    const {parseTargetBuild, TARGET_WORDS} = await import('../src/k8s/windows-compat.js');
    if (ctx.flags.to === undefined) throw new InputError(`error: --to is required: the Windows Server version the pools move to (${TARGET_WORDS.join(', ')})`);
    const build = parseTargetBuild(ctx.flags.to);
    if (build === undefined)
      throw new InputError(`error: --to "${ctx.flags.to}": not a Windows Server version this tool knows; use one of ${TARGET_WORDS.join(', ')}`);
    if (ctx.flags.nodes !== undefined && ctx.opts.filenames.length === 0)
      throw new InputError('error: --nodes is for -f (offline); live, the cluster’s nodes are read');
    registryOptions(ctx.flags); // --registry-ca without --registry: exit 2 before any read
    return build;
  }

  protected async execute(ctx: RunContext<typeof UpgradePlan>, target: number): Promise<CommandResult> {
    const [{openSource, readNodeInventory}, {upgradeAnalysis}, {runAnalysis}, {upgradePlanView}, {describeBuild}] = await Promise.all([
      import('../src/source/open.js'),
      import('../src/analyses/upgrade/analysis.js'),
      import('../src/analyses/types.js'),
      import('../src/analyses/upgrade/view.js'),
      import('../src/k8s/windows-image.js'),
    ]);
    const options = {target, nodes: ctx.flags.nodes ? await readNodeInventory(ctx.flags.nodes) : undefined};
    // --registry: the Source reads image platforms from registries (and its --registry-ca now, before any read).
    const source = await openSource({...ctx.opts, registry: registryOptions(ctx.flags)}, ctx.signal);
    const snapshot = await source.snapshot(upgradeAnalysis.request(options));
    const report = await runAnalysis(upgradeAnalysis, snapshot, options, source.capabilities());
    return {report, view: (wide) => upgradePlanView(report, describeBuild(target), wide)};
  }
}

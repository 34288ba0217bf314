// `kubectl win gmsa nltest POD|kind/name`: the documented gMSA domain checks run inside the pod.
import {Args, Flags} from '@oclif/core';
import {WinCommand, type CommandResult, type Parsed, type RunContext} from '../../src/cli/base-command.js';
import {InputError} from '../../src/errors.js';
import {commonFlags, hiding, parseDuration, withoutNameOutput} from '../../src/cli/flags.js';

export default class GmsaNltest extends WinCommand<typeof GmsaNltest, number> {
  static override summary = 'Run the gMSA domain checks inside a pod (nltest /parentdomain, nslookup, nltest /query) and explain them';
  static override description =
    'Runs through exec, in the right container, the troubleshooting flow of the Kubernetes gMSA documentation: ' +
    "`nltest /parentdomain` (did the credential spec reach the pod?), `nslookup <DnsName>` of the credential spec's domain, " +
    '`nltest /query` (the secure channel), and with --reset `nltest /sc_reset:<domain>` followed by `nltest /query` again. ' +
    'Each output is parsed (Status = <code> 0x<hex> <NAME>) and explained, with one verdict and the next step, including the ' +
    'postStart netlogon-restart hook and the EnableCompartmentNamespace registry key for SMB by host name. Detects images ' +
    "without nltest.exe or PowerShell (nanoserver). --reset changes the pod's secure channel: it asks for confirmation on a " +
    'terminal and needs --yes in scripts. Needs a cluster: it cannot run on manifests (-f); -l and -A do not apply ' +
    '(name the pods or the workload). Exits 1 when the domain check fails; with --fail-on warning also ' +
    'when a step times out or the image lacks the tools.';
  static override examples = [
    {description: 'Check the domain trust from inside one pod', command: 'kubectl win gmsa nltest -n web iis-7776966999-n5nzr'},
    {description: 'Every Running pod of a Deployment, as JSON', command: 'kubectl win gmsa nltest -n web deployment/iis --all-replicas -o json'},
    {
      description: 'Also reset the secure channel of container app, without asking (scripts)',
      command: 'kubectl win gmsa nltest -n web iis-0 -c app --reset --yes',
    },
    {description: 'Give each step inside the pod at most 10 seconds', command: 'kubectl win gmsa nltest -n web iis-0 --timeout 10s'},
  ];
  static override args = {target: Args.string({ignoreStdin: true, description: 'A pod (POD) or a workload (kind/name)', required: false})};
  static override strict = false;
  static override flags = {
    // Refused with a reason in execute(): named pods in one namespace, live only.
    ...withoutNameOutput(hiding(commonFlags, ['all-namespaces', 'selector', 'field-selector', 'filename', 'recursive'])),
    container: Flags.string({
      char: 'c',
      description: 'Container name (default: the kubectl default container, else the first that runs with a credential spec)',
    }),
    'all-replicas': Flags.boolean({description: 'For a workload: probe every Running pod, not only the first', default: false}),
    reset: Flags.boolean({description: 'Also run nltest /sc_reset:<domain> (changes the secure channel; asks for confirmation, or --yes)', default: false}),
    yes: Flags.boolean({char: 'y', description: 'Confirm --reset without asking (for scripts)', default: false}),
    timeout: Flags.string({description: 'Time to wait for each step inside the pod, e.g. 30s, 1m', default: '30s'}),
  };

  protected parseInput(): Promise<Parsed<typeof GmsaNltest>> {
    return this.parse(GmsaNltest);
  }

  /** Live, one namespace, named targets only; the --timeout of each step, in milliseconds. */
  protected validate(ctx: RunContext<typeof GmsaNltest>): number {
    if (ctx.opts.filenames.length > 0) {
      throw new InputError(
        'error: gmsa nltest runs commands inside pods through the apiserver (exec); it cannot run on manifests (-f). Use kubectl win gmsa check -f for offline checks',
      );
    }
    // kubectl habits that would silently probe something other than what was meant: refuse them.
    if (ctx.opts.fieldSelector)
      throw new InputError('error: gmsa nltest probes the pods it is given: --field-selector is not supported; name a pod or a workload');
    if (ctx.opts.selector)
      throw new InputError(
        'error: gmsa nltest probes the pods it is given: -l is not supported; name a pod or a workload (kind/name, with --all-replicas for every pod)',
      );
    if (ctx.opts.allNamespaces) throw new InputError('error: gmsa nltest probes pods in one namespace: -A is not supported; use -n NAMESPACE');
    if (ctx.argv.length === 0) throw new InputError('error: name a pod (POD) or a workload (kind/name), e.g. kubectl win gmsa nltest -n web iis-0');
    const timeoutMs = parseDuration(ctx.flags.timeout, '--timeout');
    if (timeoutMs <= 0) throw new InputError(`error: --timeout must be greater than zero`);
    return timeoutMs;
  }

  protected async execute(ctx: RunContext<typeof GmsaNltest>, timeoutMs: number): Promise<CommandResult> {
    const flags = ctx.flags;
    const [
      {openSource, isCluster},
      {readCredentialSpecs, readNamedPods},
      {credentialSpecsToRead, probeTargets},
      {probe},
      {nltestReport},
      {nltestView},
      {confirm},
    ] = await Promise.all([
      import('../../src/source/open.js'),
      import('../../src/source/named-pods.js'),
      import('../../src/analyses/nltest/targets.js'),
      import('../../src/analyses/nltest/probe.js'),
      import('../../src/analyses/nltest/report.js'),
      import('../../src/analyses/nltest/view.js'),
      import('../../src/cli/confirm.js'),
    ]);
    const source = await openSource(ctx.opts, ctx.signal);
    if (!isCluster(source)) throw new InputError('error: gmsa nltest needs a cluster');
    const caps = source.capabilities();
    const namespace = ctx.opts.namespace ?? source.defaultNamespace;
    const reader = source.objectReader();
    const pods = await readNamedPods(reader, ctx.argv, namespace, {allReplicas: flags['all-replicas']});
    const credspecs = await readCredentialSpecs(reader, credentialSpecsToRead(pods, flags.container));
    const targets = probeTargets(pods, credspecs, namespace, flags.container);
    let reset = false;
    if (flags.reset) {
      const what = targets.map((t) => `${t.namespace}/${t.name} (${t.domain ?? 'domain unknown'})`).join(', ');
      reset = await confirm(`Reset the secure channel (nltest /sc_reset) of ${what}?`, {yes: flags.yes});
    }
    const items = [];
    for (const t of targets) items.push(await probe(t, caps.exec!, {reset, timeoutMs}));
    const report = nltestReport((await source.snapshot({})).source, items);
    return {report, view: (wide) => nltestView(report, wide)};
  }
}

// `kubectl win logs NODE...`: Windows node logs through the kubelet's Node Log Query API
// (/api/v1/nodes/NODE/proxy/logs/?query=...), without RDP.
import {Args, Flags} from '@oclif/core';
import {WinCommand, type CommandResult, type Parsed, type RunContext} from '../src/cli/base-command.js';
import {InputError} from '../src/errors.js';
import {commonFlags, hiding, parseDuration} from '../src/cli/flags.js';
import type {PresetName} from '../src/analyses/logs/presets.js';

/** The presets (src/analyses/logs/presets.ts PRESET_NAMES, which a unit test holds equal): named here so --help loads no analysis. */
export const PRESET_OPTIONS = ['gmsa', 'hns', 'hcs', 'containerd', 'kubelet'] as const;

interface Checked {
  flags: import('../src/analyses/logs/query.js').LogsFlags;
  timeoutMs: number;
}

/** --since/--until: an RFC 3339 instant as given, or a duration meaning that long before now. */
async function instantOf(value: string | undefined, flag: string, now: number): Promise<string | undefined> {
  if (value === undefined) return undefined;
  const {parseRfc3339} = await import('../src/k8s/node-log-query.js');
  if (parseRfc3339(value) !== undefined) return value;
  if (/^\d{4}-/.test(value)) throw new InputError(`error: invalid ${flag} "${value}": not an RFC 3339 time (2026-01-02T15:04:05Z)`);
  const ms = parseDuration(value, flag);
  return new Date(Math.floor((now - ms) / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

export default class Logs extends WinCommand<typeof Logs, Checked> {
  static override summary = "Windows node logs without RDP: the kubelet's Node Log Query API, with presets for gMSA, HNS, HCS, containerd and the kubelet";
  static override description =
    "Asks each node's kubelet, through the apiserver (GET /api/v1/nodes/NODE/proxy/logs/?query=...), for the events of a Windows event " +
    "provider in the Application log or for a log file under C:\\var\\log, as the kubelet's Windows code reads them (Get-WinEvent). " +
    "Before the query it checks that it can work: that you may get nodes/proxy (SelfSubjectAccessReview) and that the node's kubelet has " +
    'enableSystemLogHandler and enableSystemLogQuery (its /configz); when not, it says which RBAC or kubelet configuration would allow it. ' +
    'Many nodes (NODE... or -l) are asked in parallel, at most 8 at a time; each line is prefixed with its node. The parameters are checked as ' +
    'the kubelet checks them, before any request. The API does not stream: there is no --follow. Exits 4 when a node did not answer or could ' +
    'not be queried, after the other nodes printed; 2 on a bad flag.';
  static override examples = [
    {
      description: 'gMSA (Container Credential Guard) events of every Windows node in the last hour',
      command: 'kubectl win logs -l kubernetes.io/os=windows --preset gmsa --since 1h',
    },
    {description: "containerd's last 50 events on one node", command: 'kubectl win logs akswin000000 --preset containerd --tail 50'},
    {description: 'Events of one provider that match a pattern', command: "kubectl win logs akswin000000 --query containerd --pattern 'hcs::' --since 2h"},
    {
      description: 'A log file under C:\\var\\log (no options: the kubelet takes none for files)',
      command: 'kubectl win logs akswin000000 --query kubelet/kubelet.log',
    },
    {description: 'As JSON: one item per node with its lines', command: 'kubectl win logs -l kubernetes.io/os=windows --preset containerd -o json'},
  ];
  static override nameArgs = 'nodes' as const;
  static override args = {nodes: Args.string({ignoreStdin: true, description: 'Node names (or select them with -l)', required: false})};
  static override strict = false;
  static override flags = {
    ...hiding(commonFlags, ['all-namespaces', 'namespace', 'field-selector', 'filename', 'recursive']),
    query: Flags.string({
      description: 'A service to read: a Windows event provider (Application log) or a file under C:\\var\\log (repeatable, at most 4)',
      multiple: true,
    }),
    preset: Flags.string({description: `Where a Windows problem is recorded: ${PRESET_OPTIONS.join(', ')}`, options: [...PRESET_OPTIONS]}),
    since: Flags.string({description: 'Entries newer than this: a duration (1h, 30m) or an RFC 3339 time'}),
    until: Flags.string({description: 'Entries older than this: a duration ago or an RFC 3339 time'}),
    tail: Flags.integer({description: 'The last N entries of each node (0-100000)'}),
    pattern: Flags.string({description: 'Only entries whose message matches this regular expression (RE2, as the kubelet checks it)'}),
    boot: Flags.integer({description: 'Entries of this boot (0 current, -1 previous): Linux nodes only, the Windows kubelet refuses it'}),
    timeout: Flags.string({description: 'Time to wait for each node, e.g. 30s', default: '40s'}),
    follow: Flags.boolean({description: 'Not offered: the log query does not stream', hidden: true, default: false}),
  };

  protected parseInput(): Promise<Parsed<typeof Logs>> {
    return this.parse(Logs);
  }

  /** The query as the kubelet will check it, and the per-node deadline; every mistake is exit 2 here. */
  protected async validate(ctx: RunContext<typeof Logs>): Promise<Checked> {
    const {flags, argv, opts} = ctx;
    if (opts.filenames.length > 0) throw new InputError('error: logs reads nodes through the apiserver; it cannot read manifests (-f)');
    if (flags.follow)
      throw new InputError(
        "error: --follow is not possible: the kubelet's log query answers once and ends (kubernetes/kubernetes pkg/kubelet/kubelet_server_journal.go runs Get-WinEvent without a follow mode, within 30 s); ask again with --since",
      );
    if (argv.length === 0 && !opts.selector)
      throw new InputError('error: name a node (NODE...) or select nodes with -l, e.g. kubectl win logs -l kubernetes.io/os=windows --preset kubelet');
    if (argv.length > 0 && opts.selector) throw new InputError('error: give node names or -l, not both');
    const timeoutMs = parseDuration(flags.timeout, '--timeout');
    if (timeoutMs <= 0) throw new InputError('error: --timeout must be greater than zero');
    const now = Date.now();
    const logsFlags = {
      query: flags.query ?? [],
      preset: flags.preset as PresetName | undefined,
      sinceTime: await instantOf(flags.since, '--since', now),
      untilTime: await instantOf(flags.until, '--until', now),
      tail: flags.tail,
      pattern: flags.pattern,
      boot: flags.boot,
    };
    const {logQueryOf} = await import('../src/analyses/logs/query.js');
    logQueryOf(logsFlags);
    return {flags: logsFlags, timeoutMs};
  }

  protected async execute(ctx: RunContext<typeof Logs>, checked: Checked): Promise<CommandResult> {
    const [{openSource, isCluster}, nodeLogs, {logQueryOf}, {nodeLogQueryString}, result, {logsReport}, view, {PRESETS}, {pool}] = await Promise.all([
      import('../src/source/open.js'),
      import('../src/source/node-logs.js'),
      import('../src/analyses/logs/query.js'),
      import('../src/k8s/node-log-query.js'),
      import('../src/analyses/logs/node-result.js'),
      import('../src/analyses/logs/report.js'),
      import('../src/analyses/logs/view.js'),
      import('../src/analyses/logs/presets.js'),
      import('../src/util/pool.js'),
    ]);
    const source = await openSource(ctx.opts, ctx.signal);
    if (!isCluster(source)) throw new InputError('error: logs needs a cluster');
    const reader = source.objectReader();
    const targets = await nodeLogs.readTargetNodes(reader, ctx.argv, ctx.opts.selector);
    // The Windows kubelet refuses --boot: said now, for every node, before any query.
    const query = nodeLogQueryString(
      logQueryOf(
        checked.flags,
        targets.some((t) => t.windows),
      ),
    );
    const denied = await deniedNodes(reader, targets, nodeLogs, pool);
    const user = denied.size > 0 ? await nodeLogs.whoAmI(reader) : undefined;
    const items = await pool(targets, 8, async (t) => {
      if (denied.has(t.name)) return result.judgeNode(t.name, {denied: true});
      const reads = await nodeLogs.readNodeLogs(reader, t.name, query, checked.timeoutMs, result.queryWorthSending);
      return result.judgeNode(t.name, {denied: false, ...reads});
    });
    const report = logsReport((await source.snapshot({})).source, items, {
      kubeletVersions: new Map(targets.map((t) => [t.name, t.kubeletVersion])),
      user,
      preset: checked.flags.preset ? PRESETS[checked.flags.preset] : undefined,
    });
    return {report, view: (wide) => view.logsView(report, wide), plainText: () => view.logsText(report), notes: () => view.logsNotes(report)};
  }
}

/** The nodes this user may not get nodes/proxy on: one review for all, per node only when that one says no (RBAC by resourceNames). */
async function deniedNodes(
  reader: import('../src/source/cluster-source.js').ObjectReader,
  targets: {name: string}[],
  nodeLogs: typeof import('../src/source/node-logs.js'),
  pool: typeof import('../src/util/pool.js').pool,
): Promise<Set<string>> {
  if (targets.length === 0 || (await nodeLogs.mayGetNodesProxy(reader)).allowed) return new Set();
  const answers = await pool(targets, 8, async (t) => ({name: t.name, allowed: (await nodeLogs.mayGetNodesProxy(reader, t.name)).allowed}));
  return new Set(answers.filter((a) => !a.allowed).map((a) => a.name));
}

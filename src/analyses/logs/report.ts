// NodeLogsReport: one item per node (its entries or why there are none), a finding for each node
// whose query could not work, and a read per node: a node that did not print what was asked makes
// the run incomplete (exit 4), after every other node printed.
import {makeReport} from '../../report/build.js';
import {finding} from '../../report/finding.js';
import type {Finding, ReadStatus, Remedy, Report, SourceInfo} from '../../report/types.js';
import type {LogsCheckId} from './checks.js';
import {COMPLETE_STATUSES, kubeletMinor, type NodeLogItem, type NodeLogStatus} from './node-result.js';
import type {Preset} from './presets.js';
import {channelRemedy, kubeletConfigRemedy, rbacRemedy} from './remedies.js';

interface LogsContext {
  /** Kubelet versions by node name (node.status.nodeInfo.kubeletVersion). */
  kubeletVersions: ReadonlyMap<string, string | undefined>;
  /** The user the apiserver authenticated (for the RBAC remedy), when known. */
  user?: string;
  preset?: Preset;
}

const CHECK: Record<Exclude<NodeLogStatus, 'ok' | 'no-entries'>, LogsCheckId> = {
  forbidden: 'logs/forbidden',
  'handler-disabled': 'logs/handler-disabled',
  'query-disabled': 'logs/query-disabled',
  'no-answer': 'logs/no-answer',
  'query-refused': 'logs/query-refused',
  'proxy-failed': 'logs/proxy-failed',
  'channel-unreachable': 'logs/channel-unreachable',
  'file-with-options': 'logs/file-with-options',
  'log-not-found': 'logs/log-not-found',
};

function remedyFor(item: NodeLogItem, ctx: LogsContext): Remedy | undefined {
  switch (item.status) {
    case 'forbidden':
      return rbacRemedy(ctx.user);
    case 'handler-disabled':
    case 'query-disabled':
      return kubeletConfigRemedy(kubeletMinor(ctx.kubeletVersions.get(item.node)));
    case 'channel-unreachable':
      return channelRemedy(ctx.preset);
    case 'no-answer':
      return {
        text: 'Check that the kubelet runs and that the apiserver reaches it (kubectl get --raw /api/v1/nodes/NODE/proxy/healthz), or give it longer with --timeout',
      };
    case 'file-with-options':
      return {text: 'Run again without --since, --until, --tail and --pattern: the file comes whole'};
    default:
      return undefined;
  }
}

/** The report of a logs run over `items` (one per node, in the order they print). */
export function logsReport(source: SourceInfo, items: NodeLogItem[], ctx: LogsContext): Report<NodeLogItem> {
  const findings: Finding[] = [];
  const reads: ReadStatus[] = [];
  for (const item of items) {
    if (COMPLETE_STATUSES.has(item.status)) continue;
    const remedy = remedyFor(item, ctx);
    const id = CHECK[item.status as keyof typeof CHECK];
    findings.push(
      finding(id, {object: {kind: 'Node', name: item.node}, message: `node ${item.node}: ${item.message ?? item.status}`, ...(remedy ? {remedy} : {})}),
    );
    reads.push({resource: 'nodes/proxy', primary: true, complete: false, reason: `node ${item.node}: ${item.message ?? item.status}`, rule: 'get nodes/proxy'});
  }
  const answered = items.filter((i) => COMPLETE_STATUSES.has(i.status)).length;
  if (answered > 0 || items.length === 0) reads.unshift({resource: 'nodes/proxy', primary: true, complete: true, count: answered});
  return {...makeReport('NodeLogsReport', source, items, findings), reads};
}

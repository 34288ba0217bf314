// One node's log query, judged: what its kubelet's /configz says about the log endpoints, and what
// its /logs/ answer means. Pure: the command reads (src/source/node-logs.ts) and hands the answers
// here. Facts: kubernetes/kubernetes pkg/kubelet/server/server.go (405 "logs endpoint is disabled."),
// pkg/kubelet/kubelet.go (without enableSystemLogQuery the handler is a file server: the query is
// ignored and the directory listed), pkg/kubelet/kubelet_server_journal.go (the messages written
// into a 200 answer), pkg/features/kube_features.go (NodeLogQuery: alpha 1.27, beta off by default
// 1.30, GA and locked on in 1.36), PowerShell's Get-WinEvent errors (FullyQualifiedErrorId).
import {logConfigOf, type LogConfig, type NodeAnswer} from '../../k8s/node-log-query.js';

export type NodeLogStatus =
  | 'ok'
  | 'no-entries'
  | 'forbidden'
  | 'handler-disabled'
  | 'query-disabled'
  | 'no-answer'
  | 'query-refused'
  | 'proxy-failed'
  | 'channel-unreachable'
  | 'file-with-options'
  | 'log-not-found';

/** The statuses whose node printed what was asked (or had nothing that matched). */
export const COMPLETE_STATUSES: ReadonlySet<NodeLogStatus> = new Set(['ok', 'no-entries']);

export interface NodeLogItem {
  node: string;
  status: NodeLogStatus;
  /** The log lines, as the node wrote them (line ends removed). */
  lines: string[];
  /** What went wrong, in one line (absent when ok). */
  message?: string;
}

/** The minor of a kubelet version (v1.34.3 -> 34), or undefined. */
export function kubeletMinor(version: string | undefined): number | undefined {
  const m = /^v?1\.(\d+)\./.exec(version ?? '');
  return m ? Number(m[1]) : undefined;
}

/** What the configz says before any query: undefined when the log query can work (or cannot be told). */
export function configProblem(cfg: LogConfig | undefined): {status: 'handler-disabled' | 'query-disabled'; message: string} | undefined {
  if (!cfg) return undefined;
  if (cfg.enableDebuggingHandlers === false)
    return {status: 'handler-disabled', message: 'the kubelet has enableDebuggingHandlers: false, so it serves no /logs/ endpoint'};
  if (cfg.enableSystemLogHandler === false)
    return {status: 'handler-disabled', message: 'the kubelet has enableSystemLogHandler: false: /logs/ answers 405 "logs endpoint is disabled."'};
  if (cfg.enableSystemLogQuery !== true)
    return {
      status: 'query-disabled',
      message: 'the kubelet has enableSystemLogQuery off: /logs/ ignores the query and lists C:\\var\\log instead (the feature is off by default)',
    };
  return undefined;
}

/** The message of an apiserver Status body, or the first line of a text body. */
function messageOf(body: string): string {
  try {
    const s = JSON.parse(body) as {message?: string};
    if (typeof s.message === 'string') return s.message;
  } catch {
    // text
  }
  return body.trim().split('\n')[0] ?? '';
}

const GET_WINEVENT_ERROR = /^Get-WinEvent : /;
const ERROR_ID = /^\s*\+ FullyQualifiedErrorId : ([A-Za-z]+),/;

/** The body's lines without PowerShell's error blocks, and the ids of those errors. */
function splitErrors(body: string): {lines: string[]; errors: string[]} {
  const lines: string[] = [];
  const errors: string[] = [];
  let inError = false;
  for (const line of body.replace(/\r\n/g, '\n').split('\n')) {
    if (GET_WINEVENT_ERROR.test(line)) inError = true;
    const id = ERROR_ID.exec(line);
    if (inError && id) {
      errors.push(id[1]);
      inError = false;
      continue;
    }
    if (!inError) lines.push(line);
  }
  return {lines, errors};
}

/** Leading and trailing blank lines off. */
function trimBlank(lines: string[]): string[] {
  let a = 0;
  let b = lines.length;
  while (a < b && lines[a].trim() === '') a++;
  while (b > a && lines[b - 1].trim() === '') b--;
  return lines.slice(a, b);
}

const OPTIONS_ON_FILES = /^options present and query resolved to log files for \[(.*)\]$/;
const NOT_FOUND = /^log not found for (.+)$/;

/** A 200 answer: entries, or what the kubelet or PowerShell wrote instead of them. */
function judgeText(node: string, body: string): NodeLogItem {
  if (/^<!doctype html>|^<pre>/i.test(body.trimStart()))
    return {node, status: 'query-disabled', lines: [], message: 'the kubelet ignored the query and listed its log directory: enableSystemLogQuery is off'};
  const {lines, errors} = splitErrors(body);
  const kept = lines.filter((l) => !OPTIONS_ON_FILES.test(l) && l !== 'try without specifying options' && !NOT_FOUND.test(l));
  const entries = trimBlank(kept);
  const onFiles = lines.map((l) => OPTIONS_ON_FILES.exec(l)).find(Boolean);
  const notFound = lines.map((l) => NOT_FOUND.exec(l)).find(Boolean);
  if (errors.includes('LogsAndProvidersDontOverlap') && entries.length === 0)
    return {
      node,
      status: 'channel-unreachable',
      lines: [],
      message: 'the provider writes no events to the Application log, the only log the Windows kubelet reads',
    };
  if (onFiles && entries.length === 0)
    return {
      node,
      status: 'file-with-options',
      lines: [],
      message: `${onFiles[1]} logs to a file here, and the kubelet reads files only without --since/--until/--tail/--pattern`,
    };
  if (notFound && entries.length === 0) return {node, status: 'log-not-found', lines: [], message: `no event provider and no log file for ${notFound[1]}`};
  if (entries.length === 0) return {node, status: 'no-entries', lines: []};
  return {node, status: 'ok', lines: entries};
}

/** The /logs/ answer judged. */
export function judgeLogAnswer(node: string, answer: NodeAnswer): NodeLogItem {
  if (answer.kind === 'no-answer') return {node, status: 'no-answer', lines: [], message: `no answer within ${answer.afterMs / 1000}s (--timeout)`};
  if (answer.kind === 'failed') return {node, status: 'proxy-failed', lines: [], message: answer.message};
  const {status, body} = answer;
  if (status === 200) return judgeText(node, body);
  const message = messageOf(body);
  if (status === 405 && message === 'logs endpoint is disabled.') return {node, status: 'handler-disabled', lines: [], message: `405 ${message}`};
  if (status === 400 || status === 406) return {node, status: 'query-refused', lines: [], message};
  if (status === 403) return {node, status: 'forbidden', lines: [], message};
  return {node, status: 'proxy-failed', lines: [], message: `HTTP ${status}: ${message}`};
}

/** What was read for one node: whether the user may, the kubelet's /configz, its /logs/ answer. */
interface NodeReads {
  denied: boolean;
  configz?: NodeAnswer;
  logs?: NodeAnswer;
}

/** Whether the /configz answer leaves the query worth sending: not when it says the query cannot work, or the node is silent. */
export function queryWorthSending(configz: NodeAnswer): boolean {
  if (configz.kind === 'no-answer') return false;
  if (configz.kind !== 'answer') return true;
  if (configz.status === 403) return false;
  return !(configz.status === 200 && configProblem(logConfigOf(configz.body)));
}

/** One node judged from its reads, in the order they were made. */
export function judgeNode(node: string, reads: NodeReads): NodeLogItem {
  if (reads.denied) return {node, status: 'forbidden', lines: [], message: 'you may not get nodes/proxy (SelfSubjectAccessReview)'};
  const c = reads.configz;
  if (c?.kind === 'no-answer') return judgeLogAnswer(node, c);
  if (c?.kind === 'answer' && c.status === 403) return judgeLogAnswer(node, c);
  const problem = c?.kind === 'answer' && c.status === 200 ? configProblem(logConfigOf(c.body)) : undefined;
  if (problem) return {node, status: problem.status, lines: [], message: `${problem.message} (/configz)`};
  return reads.logs ? judgeLogAnswer(node, reads.logs) : {node, status: 'proxy-failed', lines: [], message: 'not queried'};
}

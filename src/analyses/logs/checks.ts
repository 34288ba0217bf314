// The findings `kubectl win logs` can report: why a node's log query cannot work or did not answer,
// each with what would make it work. Ids are stable; docs/checks.md is generated from this list.
import {defineChecks} from '../../report/catalogue.js';

const SERVER = 'kubernetes/kubernetes pkg/kubelet/server/server.go';
const KUBELET = 'kubernetes/kubernetes pkg/kubelet/kubelet.go';
const JOURNAL = 'kubernetes/kubernetes pkg/kubelet/kubelet_server_journal.go';

export const LOGS_CHECKS = defineChecks([
  {
    id: 'logs/forbidden',
    severity: 'error',
    title: 'You may not get nodes/proxy: the apiserver refuses every node log query (and /configz)',
    source: 'kubernetes/kubernetes plugin/pkg/auth/authorizer/rbac/bootstrappolicy/policy.go (system:kubelet-api-admin)',
  },
  {
    id: 'logs/handler-disabled',
    severity: 'error',
    title: 'The kubelet serves no /logs/ (enableSystemLogHandler or enableDebuggingHandlers is false): every query gets 405',
    source: SERVER,
  },
  {
    id: 'logs/query-disabled',
    severity: 'error',
    title: 'The kubelet has the log handler but not the query (enableSystemLogQuery is false): a query is silently ignored and C:\\var\\log is listed',
    source: KUBELET,
  },
  {
    id: 'logs/no-answer',
    severity: 'error',
    title: 'The node did not answer within --timeout (through the apiserver)',
    source: 'kubernetes/kubernetes pkg/registry/core/node/rest/proxy.go',
  },
  {
    id: 'logs/query-refused',
    severity: 'error',
    title: 'The kubelet refused the query (400 or 406, its validation message)',
    source: JOURNAL,
  },
  {
    id: 'logs/proxy-failed',
    severity: 'error',
    title: 'The apiserver could not reach the kubelet, or the kubelet failed (any other error status)',
    source: 'kubernetes/kubernetes pkg/registry/core/node/strategy.go',
  },
  {
    id: 'logs/channel-unreachable',
    severity: 'warning',
    title: 'The provider writes to its own channel, not the Application log the Windows kubelet reads: read the channel on the node',
    source: 'kubernetes/kubernetes pkg/kubelet/kubelet_server_journal_windows.go',
  },
  {
    id: 'logs/file-with-options',
    severity: 'warning',
    title: 'The service logs to a file on this node: the kubelet takes no --since/--until/--tail/--pattern for files',
    source: JOURNAL,
  },
  {id: 'logs/log-not-found', severity: 'warning', title: 'The node has neither an event provider nor a log file for the service', source: JOURNAL},
]);

export type LogsCheckId = (typeof LOGS_CHECKS)[number]['id'];

// What would make a node's log query work, for each way it fails: the exact kubelet configuration,
// the RBAC, the command that reads a channel the query cannot reach.
import type {Remedy} from '../../report/types.js';
import {onNodeCommand, type Preset} from './presets.js';

/** The KubeletConfiguration lines that turn the log query on, for a kubelet of this minor. */
export function kubeletConfigRemedy(minor: number | undefined): Remedy {
  if (minor !== undefined && minor < 27)
    return {text: `this kubelet (v1.${minor}) has no node log query: it came in v1.27 (NodeLogQuery, alpha); upgrade the node to v1.30 or later`};
  const gate = minor === undefined || minor < 36 ? ['featureGates:', '  NodeLogQuery: true   # from v1.36 GA and always on; drop this line there'] : [];
  return {
    text: [
      "In the kubelet's configuration file (the file its --config names; kubeadm: C:\\var\\lib\\kubelet\\config.yaml), then restart the kubelet service:",
      'apiVersion: kubelet.config.k8s.io/v1beta1',
      'kind: KubeletConfiguration',
      'enableDebuggingHandlers: true',
      'enableSystemLogHandler: true',
      'enableSystemLogQuery: true',
      ...gate,
    ].join('\n'),
  };
}

/** A ClusterRole with the two rules the command needs and its binding to `user`. */
export function rbacRemedy(user: string | undefined): Remedy {
  const subject = user ?? 'YOUR-USER';
  const manifest = [
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRole',
    'metadata:',
    '  name: kubectl-win-node-logs',
    'rules:',
    "- apiGroups: ['']",
    '  resources: [nodes]',
    '  verbs: [get, list]',
    "- apiGroups: ['']",
    '  resources: [nodes/proxy]',
    '  verbs: [get]',
    '---',
    'apiVersion: rbac.authorization.k8s.io/v1',
    'kind: ClusterRoleBinding',
    'metadata:',
    '  name: kubectl-win-node-logs',
    'roleRef:',
    '  apiGroup: rbac.authorization.k8s.io',
    '  kind: ClusterRole',
    '  name: kubectl-win-node-logs',
    'subjects:',
    '- apiGroup: rbac.authorization.k8s.io',
    '  kind: User',
    `  name: ${JSON.stringify(subject)}`,
    '',
  ].join('\n');
  return {
    text:
      'Grant get on nodes/proxy (a cluster administrator applies this; nodes/proxy reaches every kubelet API, so bind it to the people who debug nodes)' +
      (user ? '' : ': replace YOUR-USER with your user name'),
    target: {kind: 'ClusterRole', apiVersion: 'rbac.authorization.k8s.io/v1', name: 'kubectl-win-node-logs'},
    manifest,
  };
}

/** For a channel the query cannot read: the command that reads it on the node. */
export function channelRemedy(preset: Preset | undefined): Remedy {
  if (!preset)
    return {
      text: 'The Windows kubelet reads only the Application log: query a provider that writes there, or read its channel on the node with Get-WinEvent -LogName',
    };
  return {text: `Read ${preset.channel} on the node itself (RDP, or a HostProcess pod): ${onNodeCommand(preset)}`, command: onNodeCommand(preset)};
}

// The kinds kubectl-win reads, and where the API serves them. One paginated list per kind.
export interface ResourceType {
  group: string;
  version: string;
  plural: string;
  kind: string;
  namespaced: boolean;
}

export const RESOURCES = {
  pods: {group: '', version: 'v1', plural: 'pods', kind: 'Pod', namespaced: true},
  deployments: {group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment', namespaced: true},
  replicasets: {group: 'apps', version: 'v1', plural: 'replicasets', kind: 'ReplicaSet', namespaced: true},
  statefulsets: {group: 'apps', version: 'v1', plural: 'statefulsets', kind: 'StatefulSet', namespaced: true},
  daemonsets: {group: 'apps', version: 'v1', plural: 'daemonsets', kind: 'DaemonSet', namespaced: true},
  jobs: {group: 'batch', version: 'v1', plural: 'jobs', kind: 'Job', namespaced: true},
  cronjobs: {group: 'batch', version: 'v1', plural: 'cronjobs', kind: 'CronJob', namespaced: true},
  replicationcontrollers: {group: '', version: 'v1', plural: 'replicationcontrollers', kind: 'ReplicationController', namespaced: true},
  podtemplates: {group: '', version: 'v1', plural: 'podtemplates', kind: 'PodTemplate', namespaced: true},
  nodes: {group: '', version: 'v1', plural: 'nodes', kind: 'Node', namespaced: false},
  namespaces: {group: '', version: 'v1', plural: 'namespaces', kind: 'Namespace', namespaced: false},
  limitranges: {group: '', version: 'v1', plural: 'limitranges', kind: 'LimitRange', namespaced: true},
  serviceaccounts: {group: '', version: 'v1', plural: 'serviceaccounts', kind: 'ServiceAccount', namespaced: true},
  services: {group: '', version: 'v1', plural: 'services', kind: 'Service', namespaced: true},
  secrets: {group: '', version: 'v1', plural: 'secrets', kind: 'Secret', namespaced: true},
  endpointslices: {group: 'discovery.k8s.io', version: 'v1', plural: 'endpointslices', kind: 'EndpointSlice', namespaced: true},
  roles: {group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'roles', kind: 'Role', namespaced: true},
  rolebindings: {group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'rolebindings', kind: 'RoleBinding', namespaced: true},
  clusterroles: {group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterroles', kind: 'ClusterRole', namespaced: false},
  clusterrolebindings: {group: 'rbac.authorization.k8s.io', version: 'v1', plural: 'clusterrolebindings', kind: 'ClusterRoleBinding', namespaced: false},
  customresourcedefinitions: {
    group: 'apiextensions.k8s.io',
    version: 'v1',
    plural: 'customresourcedefinitions',
    kind: 'CustomResourceDefinition',
    namespaced: false,
  },
  gmsacredentialspecs: {group: 'windows.k8s.io', version: 'v1', plural: 'gmsacredentialspecs', kind: 'GMSACredentialSpec', namespaced: false},
  validatingwebhookconfigurations: {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    plural: 'validatingwebhookconfigurations',
    kind: 'ValidatingWebhookConfiguration',
    namespaced: false,
  },
  mutatingwebhookconfigurations: {
    group: 'admissionregistration.k8s.io',
    version: 'v1',
    plural: 'mutatingwebhookconfigurations',
    kind: 'MutatingWebhookConfiguration',
    namespaced: false,
  },
  runtimeclasses: {group: 'node.k8s.io', version: 'v1', plural: 'runtimeclasses', kind: 'RuntimeClass', namespaced: false},
  poddisruptionbudgets: {group: 'policy', version: 'v1', plural: 'poddisruptionbudgets', kind: 'PodDisruptionBudget', namespaced: true},
  podsecuritypolicies: {group: 'policy', version: 'v1beta1', plural: 'podsecuritypolicies', kind: 'PodSecurityPolicy', namespaced: false},
  // Only the Warning events are listed (SnapshotRequest.events), never every event.
  events: {group: '', version: 'v1', plural: 'events', kind: 'Event', namespaced: true},
} as const satisfies Record<string, ResourceType>;

export type ResourceName = keyof typeof RESOURCES;

/** Kinds whose pod template kubectl-win evaluates, and where the template sits in each. */
export const WORKLOAD_KINDS: ResourceName[] = [
  'deployments',
  'replicasets',
  'statefulsets',
  'daemonsets',
  'jobs',
  'cronjobs',
  'replicationcontrollers',
  'podtemplates',
];

export function resourceByKind(kind: string): ResourceName | undefined {
  for (const [name, r] of Object.entries(RESOURCES)) if (r.kind === kind) return name as ResourceName;
  return undefined;
}

/** The REST path of a list: /api/v1/pods, /apis/apps/v1/namespaces/web/deployments, ... */
export function listPath(r: ResourceType, namespace?: string): string {
  const base = r.group === '' ? `/api/${r.version}` : `/apis/${r.group}/${r.version}`;
  return r.namespaced && namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${r.plural}` : `${base}/${r.plural}`;
}

export function objectPath(r: ResourceType, name: string, namespace?: string): string {
  return `${listPath(r, namespace)}/${encodeURIComponent(name)}`;
}

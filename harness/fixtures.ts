// What every control plane starts with: kwok nodes (three Windows kinds and one Linux) and test
// users with limited rights. Tests create their own namespaces and workloads on top.
import type {KubeObject} from '../src/k8s/object.js';

/** Fixture node names (cp.nodes). */
export const NODES = {
  /** Windows Server 2019 (10.0.17763), containerd 1.6, kubelet v1.34.3. */
  win2019: 'win2019-0',
  /** Windows Server 2022 (10.0.20348), containerd 1.7, kubelet v1.34.3. */
  win2022: 'win2022-0',
  /** Windows Server 2019 with an old runtime: Docker 20.10 (dockershim), kubelet v1.22. */
  winOldRuntime: 'win2019-docker-0',
  /** Ubuntu, containerd 1.7, kubelet v1.34.3. */
  linux: 'linux-0',
} as const;

export type FixtureNodes = {readonly [K in keyof typeof NODES]: string};

interface NodeSpec {
  name: string;
  os: 'windows' | 'linux';
  build?: string;
  osImage: string;
  kernelVersion: string;
  containerRuntimeVersion: string;
  kubeletVersion: string;
  cpu: string;
  memoryKi: number;
}

const SPECS: NodeSpec[] = [
  {
    name: NODES.win2019,
    os: 'windows',
    build: '10.0.17763',
    osImage: 'Windows Server 2019 Datacenter',
    kernelVersion: '10.0.17763.6893',
    containerRuntimeVersion: 'containerd://1.6.35',
    kubeletVersion: 'v1.34.3',
    cpu: '4',
    memoryKi: 16776692,
  },
  {
    name: NODES.win2022,
    os: 'windows',
    build: '10.0.20348',
    osImage: 'Windows Server 2022 Datacenter',
    kernelVersion: '10.0.20348.3207',
    containerRuntimeVersion: 'containerd://1.7.25',
    kubeletVersion: 'v1.34.3',
    cpu: '8',
    memoryKi: 33553384,
  },
  {
    name: NODES.winOldRuntime,
    os: 'windows',
    build: '10.0.17763',
    osImage: 'Windows Server 2019 Datacenter',
    kernelVersion: '10.0.17763.2300',
    containerRuntimeVersion: 'docker://20.10.9',
    kubeletVersion: 'v1.22.17',
    cpu: '4',
    memoryKi: 16776692,
  },
  {
    name: NODES.linux,
    os: 'linux',
    osImage: 'Ubuntu 22.04.5 LTS',
    kernelVersion: '5.15.0-1079-azure',
    containerRuntimeVersion: 'containerd://1.7.27',
    kubeletVersion: 'v1.34.3',
    cpu: '4',
    memoryKi: 16373700,
  },
];

/** The Node objects, with status: kwok keeps the given nodeInfo and fills addresses and conditions. */
export function nodeObjects(): KubeObject[] {
  return SPECS.map((s) => {
    const windows = s.os === 'windows';
    // Windows kubelets reserve more for the system (2 GiB here) and default to 110 pods like Linux.
    const reservedKi = windows ? 2 * 1024 * 1024 : 1024 * 1024;
    return {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: {
        name: s.name,
        annotations: {'kwok.x-k8s.io/node': 'fake', 'node.alpha.kubernetes.io/ttl': '0'},
        labels: {
          'kubernetes.io/os': s.os,
          'beta.kubernetes.io/os': s.os,
          'kubernetes.io/arch': 'amd64',
          'beta.kubernetes.io/arch': 'amd64',
          'kubernetes.io/hostname': s.name,
          'node.kubernetes.io/instance-type': windows ? 'Standard_D4s_v3' : 'Standard_D4s_v3',
          type: 'kwok',
          ...(s.build ? {'node.kubernetes.io/windows-build': s.build} : {}),
        },
      },
      spec: windows ? {taints: [{key: 'os', value: 'windows', effect: 'NoSchedule'}]} : {},
      status: {
        capacity: {cpu: s.cpu, memory: `${s.memoryKi}Ki`, pods: '110', 'ephemeral-storage': '133156868Ki'},
        allocatable: {cpu: s.cpu, memory: `${s.memoryKi - reservedKi}Ki`, pods: '110', 'ephemeral-storage': '122717025372'},
        nodeInfo: {
          architecture: 'amd64',
          operatingSystem: s.os,
          osImage: s.osImage,
          kernelVersion: s.kernelVersion,
          containerRuntimeVersion: s.containerRuntimeVersion,
          kubeletVersion: s.kubeletVersion,
          kubeProxyVersion: s.kubeletVersion,
          machineID: '',
          systemUUID: '',
          bootID: '',
        },
      },
    };
  });
}

/** Test users (client certificates, no groups beyond system:authenticated). */
export const USERS = {
  /** Can get/list/watch pods and other namespaced kinds in every namespace; no cluster-scoped kinds (nodes, namespaces, CRDs, ClusterRoles, webhooks). */
  limited: 'e2e-limited',
  /** Can read everything, but cannot create SubjectAccessReviews or LocalSubjectAccessReviews. */
  noReview: 'e2e-no-review',
} as const;

export type FixtureUsers = {readonly [K in keyof typeof USERS]: {name: string; kubeconfig: string}};

const READ = ['get', 'list', 'watch'];

export function rbacObjects(): KubeObject[] {
  const role = (name: string, rules: unknown[]): KubeObject => ({apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'ClusterRole', metadata: {name}, rules});
  const binding = (name: string, user: string): KubeObject => ({
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: {name},
    roleRef: {apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name},
    subjects: [{apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user}],
  });
  return [
    role('e2e-namespaced-reader', [
      {
        apiGroups: [''],
        resources: [
          'pods',
          'podtemplates',
          'services',
          'endpoints',
          'configmaps',
          'serviceaccounts',
          'limitranges',
          'resourcequotas',
          'events',
          'replicationcontrollers',
          'persistentvolumeclaims',
        ],
        verbs: READ,
      },
      {apiGroups: ['apps'], resources: ['deployments', 'replicasets', 'statefulsets', 'daemonsets'], verbs: READ},
      {apiGroups: ['batch'], resources: ['jobs', 'cronjobs'], verbs: READ},
      {apiGroups: ['rbac.authorization.k8s.io'], resources: ['roles', 'rolebindings'], verbs: READ},
    ]),
    binding('e2e-namespaced-reader', USERS.limited),
    role('e2e-reader-no-review', [
      {apiGroups: ['*'], resources: ['*'], verbs: READ},
      {nonResourceURLs: ['*'], verbs: ['get']},
    ]),
    binding('e2e-reader-no-review', USERS.noReview),
  ];
}

// What each command needs from the apiserver, derived from what its analyses request (request() ->
// SnapshotRequest kinds, pods, workloads), the reads a command makes around them (the gMSA webhook's
// serving pods and Secrets, nltest's targets) and the capabilities they use (access reviews,
// exec, a server-side dry run). `kubectl win rbac` turns these into a ClusterRole, so the role and the
// code cannot drift apart: a unit test fails when an analysis requests a kind no rule here grants.
import {DOCTOR_ANALYSES} from '../doctor/registry.js';
import {gmsaAnalysis} from '../gmsa/analysis.js';
import {lintAnalysis} from '../lint/analysis.js';
import {nodesAnalysis} from '../nodes/analysis.js';
import {pspReadinessAnalysis} from '../psp/analysis.js';
import {qosAnalysis} from '../qos/analysis.js';
import {whyAnalysis} from '../why/analysis.js';
import {upgradeAnalysis} from '../upgrade/analysis.js';
import {RESOURCES, WORKLOAD_KINDS, type ResourceName} from '../../k8s/resources.js';
import type {Capabilities, SnapshotRequest} from '../../k8s/snapshot.js';

export const READ_ONLY_COMMANDS = ['qos', 'lint', 'gmsa check', 'psp readiness', 'nodes', 'doctor', 'why', 'upgrade-plan'] as const;
export const RBAC_COMMANDS = [...READ_ONLY_COMMANDS, 'gmsa nltest', 'logs'] as const;
export type RbacCommand = (typeof RBAC_COMMANDS)[number];

/** One permission: verbs on resources of one API group, why, and (optional ones) what it adds. */
export interface Need {
  /** Groups needs into one rule with one comment. */
  topic: string;
  group: string;
  resources: string[];
  verbs: string[];
  why: string;
  /** Set for an optional permission: what granting it adds, and what happens without it. */
  optional?: string;
}

// locate reads the manifests given with -f again, never the cluster: it needs no permission.
type Capability = Exclude<keyof Capabilities, 'mode' | 'locate'>;

// get and list on every kind read: lists are paginated (and across namespaces with -A), and named
// objects (POD or kind/name arguments) are read with a GET. Nothing is watched.
const READ_VERBS = ['get', 'list'];

type Topic = {topic: string; why: string};
const WORKLOADS: Topic = {
  topic: 'workloads',
  why: 'workload pod templates (Deployments, ReplicaSets, StatefulSets, DaemonSets, Jobs, CronJobs, ReplicationControllers, PodTemplates), checked before their pods exist and named as kind/name',
};
const RBAC: Topic = {
  topic: 'rbac',
  why: 'Roles, ClusterRoles and their bindings: who may use a gMSA credential spec or a PodSecurityPolicy, and the RBAC evaluator that answers when access reviews cannot be created',
};
const GMSA_WEBHOOKS: Topic = {
  topic: 'webhooks',
  why: 'the windows-gmsa mutating and validating webhooks: caBundle, failurePolicy, which namespaces and objects they intercept',
};
const WEBHOOK_BACKENDS: Topic = {topic: 'webhook-backends', why: 'the gMSA webhook Service and its EndpointSlices: is a ready pod serving the webhook'};

/** Why each kind is read. Every ResourceName has one, so a new kind cannot be read without a reason. */
const READ_REASONS: Record<ResourceName, Topic> = {
  pods: {topic: 'pods', why: 'the pods every check looks at: listed page by page, read by name (POD arguments, the pods serving the gMSA webhook)'},
  deployments: WORKLOADS,
  replicasets: WORKLOADS,
  statefulsets: WORKLOADS,
  daemonsets: WORKLOADS,
  jobs: WORKLOADS,
  cronjobs: WORKLOADS,
  replicationcontrollers: WORKLOADS,
  podtemplates: WORKLOADS,
  nodes: {topic: 'nodes', why: 'the nodes: Windows builds, kubelet and runtime versions, taints, capacity and reserve, the node each pod runs on'},
  namespaces: {topic: 'namespaces', why: "namespace labels: the Pod Security levels enforced now, and the gMSA webhooks' namespaceSelectors"},
  limitranges: {topic: 'limitranges', why: "LimitRanges: the requests and limits they default, which decide a pod's QoS class"},
  serviceaccounts: {topic: 'serviceaccounts', why: 'ServiceAccounts: whose `use` of a gMSA credential spec is checked'},
  services: WEBHOOK_BACKENDS,
  endpointslices: WEBHOOK_BACKENDS,
  secrets: {topic: 'secrets', why: 'the Secrets the gMSA webhook pods mount: the certificate they serve'},
  roles: RBAC,
  rolebindings: RBAC,
  clusterroles: RBAC,
  clusterrolebindings: RBAC,
  customresourcedefinitions: {topic: 'crds', why: 'the GMSACredentialSpec CustomResourceDefinition: installed, and which versions are served'},
  gmsacredentialspecs: {topic: 'credspecs', why: 'GMSACredentialSpecs: every reference resolves, and their content is complete'},
  validatingwebhookconfigurations: GMSA_WEBHOOKS,
  mutatingwebhookconfigurations: GMSA_WEBHOOKS,
  poddisruptionbudgets: {
    topic: 'pdbs',
    why: 'PodDisruptionBudgets: whether draining a node pool for a Windows Server upgrade can evict the workloads they cover',
  },
  runtimeclasses: {topic: 'runtimeclasses', why: 'RuntimeClasses: one whose scheduling.nodeSelector requires Windows nodes makes its pods Windows pods'},
  events: {
    topic: 'events',
    why: 'Warning events (one list per scope, field selector type=Warning): why a pod does not start, as the scheduler, kubelet and controllers reported it',
  },
  podsecuritypolicies: {topic: 'psps', why: 'PodSecurityPolicies (served up to v1.24): mapped to Pod Security levels, with who may use each'},
};

/** The kinds a snapshot request reads. */
export function requestedKinds(req: SnapshotRequest): ResourceName[] {
  return [
    ...(req.kinds ?? []),
    ...(req.events ? (['events'] as const) : []),
    ...(req.pods ? (['pods'] as const) : []),
    ...(req.workloads ? WORKLOAD_KINDS : []),
  ];
}

function readsOf(kinds: readonly ResourceName[]): Need[] {
  return kinds.map((k) => ({...READ_REASONS[k], group: RESOURCES[k].group, resources: [RESOURCES[k].plural], verbs: READ_VERBS}));
}

const WEBHOOK_CERT_OPTIONAL =
  'gmsa check (and doctor) read the certificate the webhook pods actually serve: expiry, signed by the caBundle, naming <service>.<namespace>.svc. ' +
  'Without it the caBundle is still checked and the serving-certificate check is listed as skipped. This rule lets the holder read every Secret: ' +
  "prefer a Role with this rule bound in the webhook's namespace only";

/**
 * Reads a request's gmsaWebhookDetails makes (src/source/gmsa-webhook-details.ts): the webhook's
 * Service and EndpointSlices (and Roles, RoleBindings) in its own namespace, GET of the pods behind
 * it, GET of the Secrets they mount.
 */
export const GMSA_WEBHOOK_DETAIL_READS: Need[] = [
  ...readsOf(['services', 'endpointslices', 'roles', 'rolebindings', 'pods']),
  {...READ_REASONS.secrets, group: '', resources: ['secrets'], verbs: ['get'], optional: WEBHOOK_CERT_OPTIONAL},
];

/** The permission each capability needs (src/source/*: access-review.ts, dry-run-label.ts, exec.ts). */
export const CAPABILITY_NEEDS: Record<Capability, Need> = {
  accessReview: {
    topic: 'access-reviews',
    group: 'authorization.k8s.io',
    resources: ['localsubjectaccessreviews'],
    verbs: ['create'],
    why: "asks the apiserver whether each pod's ServiceAccount may `use` its gMSA credential spec, with a LocalSubjectAccessReview exactly as the windows-gmsa webhook does",
    optional:
      "the answer is the apiserver's own (via: apiserver), every authorizer included. Without it gmsa check falls back to its RBAC evaluator over the " +
      'Roles and bindings it reads anyway (via: evaluator), which knows RBAC only. SubjectAccessReviews are never created',
  },
  dryRunLabelNamespace: {
    topic: 'namespace-dry-run',
    group: '',
    resources: ['namespaces'],
    verbs: ['patch'],
    why: 'psp readiness --server-dry-run labels each namespace with dryRun=All, so Pod Security Admission itself says which pods would be rejected',
    optional:
      "PSA's own warnings beside ours. RBAC has no dry-run verb: this rule also lets the holder change namespace labels for real. Without it, do not pass --server-dry-run",
  },
  exec: {
    topic: 'exec',
    group: '',
    resources: ['pods/exec'],
    // A WebSocket exec is a GET, authorized as get; from v1.35 also as create
    // (kubernetes/kubernetes PR #134577, gate AuthorizePodWebsocketUpgradeCreatePermission).
    verbs: ['get', 'create'],
    why: 'gmsa nltest runs nltest and nslookup inside the pod through exec',
    optional: 'gmsa nltest: the domain checks inside a pod. This runs commands in any pod the role reaches',
  },
  imagePlatforms: {
    topic: 'image-pull-secrets',
    group: '',
    resources: ['secrets'],
    verbs: ['get'],
    why: "upgrade-plan --registry reads the pods' imagePullSecrets to read private images' manifest lists from their registries",
    optional: 'private images: without it they are read anonymously (or inferred from their tags). This rule lets the holder read every Secret',
  },
};

/** The capabilities each analysis uses (a unit test reads the analyses' sources to hold this true). */
export const ANALYSIS_CAPABILITIES: Record<string, Capability[]> = {
  qos: [],
  lint: [],
  gmsa: ['accessReview'],
  psp: ['dryRunLabelNamespace'],
  nodes: [],
  // why calls none itself; the gmsa analysis it joins does (see analysesOf).
  why: [],
  // Only with --registry (the Source offers it then): the pull secrets of private images.
  upgrade: ['imagePlatforms'],
};

/** gmsa nltest: GET of the named pod or workload, its Running pods, the credential spec's domain, exec. */
const NLTEST_TARGET = "the pod or workload (kind/name) named on the command line, and a workload's Running pods";
const NLTEST_NEEDS: Need[] = [
  ...readsOf(['pods']).map((n) => ({...n, why: NLTEST_TARGET})),
  ...readsOf(WORKLOAD_KINDS.filter((k) => k !== 'podtemplates')).map((n) => ({...n, why: NLTEST_TARGET, verbs: ['get']})),
  ...readsOf(['gmsacredentialspecs']).map((n) => ({...n, why: 'the credential spec of the pod: the domain to check', verbs: ['get']})),
  {...CAPABILITY_NEEDS.exec, optional: undefined},
];

/**
 * logs: the nodes named or selected, and the kubelet's /configz and /logs/ through the node proxy
 * (src/source/node-logs.ts). Its SelfSubjectAccessReview and SelfSubjectReview need no rule: every
 * authenticated user may create them (system:basic-user).
 */
const LOGS_NEEDS: Need[] = [
  {...readsOf(['nodes'])[0], why: 'the nodes named on the command line or selected with -l: which run Windows, and their kubelet versions'},
  {
    topic: 'node-proxy',
    group: '',
    resources: ['nodes/proxy'],
    verbs: ['get'],
    why: "logs reads each kubelet's /configz (is the log query on?) and its /logs/ query through the apiserver's node proxy. This reaches every kubelet API, exec included",
  },
];

interface AnalysisUse {
  name: string;
  request: SnapshotRequest;
  /** Capabilities the command can use; psp's dry run only with --server-dry-run. */
  capabilities: Capability[];
}

function analysisNeeds(use: AnalysisUse): Need[] {
  const widened = use.request.gmsaWebhookDetails ? GMSA_WEBHOOK_DETAIL_READS : [];
  const caps = use.capabilities.map((c) => CAPABILITY_NEEDS[c]);
  return [...readsOf(requestedKinds(use.request)), ...widened, ...caps];
}

/** The analyses a command runs, with the widest request its flags can make. */
export function analysesOf(command: RbacCommand): AnalysisUse[] {
  switch (command) {
    case 'qos':
      return [{name: 'qos', request: qosAnalysis.request({templates: true}), capabilities: []}];
    case 'lint':
      return [{name: 'lint', request: lintAnalysis.request({}), capabilities: []}];
    case 'gmsa check':
      return [{name: 'gmsa', request: gmsaAnalysis.request({names: []}), capabilities: ANALYSIS_CAPABILITIES.gmsa}];
    case 'psp readiness':
      return [{name: 'psp', request: pspReadinessAnalysis.request({serverDryRun: true}), capabilities: ANALYSIS_CAPABILITIES.psp}];
    case 'nodes':
      return [{name: 'nodes', request: nodesAnalysis.request({}), capabilities: []}];
    case 'doctor': {
      const ctx = {offline: false};
      // doctor never runs psp's server-side dry run (its options say serverDryRun: false).
      return DOCTOR_ANALYSES.map((e) => ({
        name: e.analysis.name,
        request: e.analysis.request(e.options(ctx)),
        capabilities: ANALYSIS_CAPABILITIES[e.analysis.name].filter((c) => c !== 'dryRunLabelNamespace'),
      }));
    }
    case 'why':
      return [
        {
          name: 'why',
          request: whyAnalysis.request({now: 0, targets: [{kind: 'Deployment', name: 'x'}], names: ['deployment/x'], join: {}}),
          capabilities: [...ANALYSIS_CAPABILITIES.why, ...ANALYSIS_CAPABILITIES.gmsa],
        },
      ];
    case 'upgrade-plan':
      return [{name: 'upgrade', request: upgradeAnalysis.request({target: 26100}), capabilities: ANALYSIS_CAPABILITIES.upgrade}];
    case 'gmsa nltest':
    case 'logs':
      return [];
  }
}

/** Every permission one command can use: required ones, and optional ones marked as such. */
export function needsOf(command: RbacCommand): Need[] {
  if (command === 'gmsa nltest') return NLTEST_NEEDS;
  if (command === 'logs') return LOGS_NEEDS;
  return analysesOf(command).flatMap(analysisNeeds);
}

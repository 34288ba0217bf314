// The names completion offers from the world: the kubeconfig's, and the cluster's with one list
// request each. Fast and quiet, as a shell waits on it at every TAB: metadata only, one page, a
// short deadline, no retries; any failure is no names (never an error on stdout or stderr, since
// kubectl's plugin completion passes our stderr to the user's terminal).
import type {KubeconfigList, ClusterList, Lists, LiveScope} from './engine.js';

/** A shell waits for this at most; then it offers nothing. */
export const LIVE_TIMEOUT_MS = 3_000;
/**
 * One page: a shell lists a few hundred names usefully. A namespace with more pods gets the first
 * ones in the apiserver's (name) order; typing more of the name narrows nothing server-side, since
 * the API has no prefix match.
 */
export const LIVE_LIMIT = 1000;
/** Names only: the apiserver's PartialObjectMetadataList is a fraction of the full objects. */
const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

export const liveLists: Lists = {
  async kubeconfig(what: KubeconfigList, scope: LiveScope): Promise<string[]> {
    try {
      const {kubeconfigFiles, loadMergedKubeconfig} = await import('../../source/kubeconfig.js');
      const raw = loadMergedKubeconfig(kubeconfigFiles(scope.kubeconfig));
      return raw[what].map((e) => e.name);
    } catch {
      return [];
    }
  },

  async cluster(what: ClusterList, scope: LiveScope): Promise<string[]> {
    try {
      const [{KubeClient}, {RESOURCES, listPath}] = await Promise.all([import('../../source/kube-client.js'), import('../../k8s/resources.js')]);
      const signal = AbortSignal.timeout(LIVE_TIMEOUT_MS);
      const client = await KubeClient.create({...scope, requestTimeoutMs: LIVE_TIMEOUT_MS, maxRetries: 0, signal});
      const namespace = scope.allNamespaces ? undefined : (scope.namespace ?? client.defaultNamespace);
      // `nodes` completes the nodes the command reads by default: the Windows ones.
      const query = {limit: String(LIVE_LIMIT), labelSelector: what === 'nodes' ? 'kubernetes.io/os=windows' : undefined};
      const {body} = await client.request<{items?: Array<{metadata?: {name?: string}}>}>(listPath(RESOURCES[what], namespace), {query, accept: METADATA_ONLY});
      return (body.items ?? []).flatMap((o) => (typeof o.metadata?.name === 'string' ? [o.metadata.name] : []));
    } catch {
      return [];
    }
  },

  async analyses(): Promise<string[]> {
    const {DOCTOR_ANALYSES} = await import('../../analyses/doctor/registry.js');
    return DOCTOR_ANALYSES.map((e) => e.analysis.name);
  },

  async rbacCommands(): Promise<readonly string[]> {
    const {RBAC_COMMANDS} = await import('../../analyses/rbac/needs.js');
    return RBAC_COMMANDS;
  },
};

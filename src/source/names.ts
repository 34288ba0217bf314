// Names only, for shell completion: the kubeconfig's contexts, clusters and users, and the names of
// one kind in the cluster with one list request. Fast and quiet, as a shell waits on it at every TAB:
// metadata only, one page, a short deadline, no retries; any failure is no names, never an error.
import type {KubeconfigSelection} from './kubeconfig.js';
import type {ResourceName} from '../k8s/resources.js';

/** A shell waits for this at most; then it offers nothing. */
export const NAMES_TIMEOUT_MS = 3_000;
/**
 * One page: a shell lists a few hundred names usefully. A namespace with more pods gets the first
 * ones in the apiserver's (name) order; the API has no prefix match to narrow by what is typed.
 */
const NAMES_LIMIT = 1000;
/** Names only: the apiserver's PartialObjectMetadataList is a fraction of the full objects. */
const METADATA_ONLY = 'application/json;as=PartialObjectMetadataList;g=meta.k8s.io;v=v1,application/json';

interface NameScope extends KubeconfigSelection {
  namespace?: string;
  allNamespaces: boolean;
}

export async function kubeconfigNames(what: 'contexts' | 'clusters' | 'users', scope: NameScope): Promise<string[]> {
  try {
    const {kubeconfigFiles, loadMergedKubeconfig} = await import('./kubeconfig.js');
    return loadMergedKubeconfig(kubeconfigFiles(scope.kubeconfig))[what].map((e) => e.name);
  } catch {
    return [];
  }
}

/** `nodes` are the Windows ones: what `kubectl win nodes` reads by default. */
export async function clusterNames(what: 'namespaces' | 'nodes' | ResourceName, scope: NameScope): Promise<string[]> {
  try {
    const [{KubeClient}, {RESOURCES, listPath}] = await Promise.all([import('./kube-client.js'), import('../k8s/resources.js')]);
    const signal = AbortSignal.timeout(NAMES_TIMEOUT_MS);
    const client = await KubeClient.create({...scope, requestTimeoutMs: NAMES_TIMEOUT_MS, maxRetries: 0, signal});
    const namespace = scope.allNamespaces ? undefined : (scope.namespace ?? client.defaultNamespace);
    const query = {limit: String(NAMES_LIMIT), labelSelector: what === 'nodes' ? 'kubernetes.io/os=windows' : undefined};
    const {body} = await client.request<{items?: Array<{metadata?: {name?: unknown}}>}>(listPath(RESOURCES[what], namespace), {query, accept: METADATA_ONLY});
    return (body.items ?? []).flatMap((o) => (typeof o.metadata?.name === 'string' ? [o.metadata.name] : []));
  } catch {
    return [];
  }
}

// Picks the source from the flags: -f reads manifests and never touches a cluster.
import type {CommonOptions} from '../options.js';
import type {ClusterSource} from './cluster-source.js';
import type {ManifestSource} from './manifest-source.js';
import type {KubeObject} from '../k8s/object.js';

type AnySource = ClusterSource | ManifestSource;

/** `minor`: the Kubernetes minor the command follows (--k8s-version); offline it decides which kinds are served. */
export async function openSource(opts: CommonOptions, signal?: AbortSignal, minor?: number): Promise<AnySource> {
  if (opts.filenames.length > 0) {
    const {ManifestSource} = await import('./manifest-source.js');
    return new ManifestSource({
      filenames: opts.filenames,
      recursive: opts.recursive,
      namespace: opts.namespace,
      allNamespaces: opts.allNamespaces,
      selector: opts.selector,
      fieldSelector: opts.fieldSelector,
      minor,
      registry: opts.registry,
      requestTimeoutMs: opts.requestTimeoutMs,
    });
  }
  const {ClusterSource} = await import('./cluster-source.js');
  return ClusterSource.connect(opts, signal);
}

/** lint --nodes FILE: the Node objects in it; none, or an unreadable file, is an input error. */
export async function readNodeInventory(path: string): Promise<KubeObject[]> {
  const {readNodeInventory: read} = await import('./node-inventory.js');
  return read(path);
}

export function isCluster(source: AnySource): source is ClusterSource {
  return source.mode === 'cluster';
}

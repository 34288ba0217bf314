// ClusterSource: each kind listed once (paginated), all in parallel; pods and templates streamed
// page by page so memory stays flat; a kind the user may not read becomes `skipped`, not a failure.
import {InputError} from '../errors.js';
import type {CommonOptions} from '../options.js';
import type {Capabilities, ServerVersion, Skipped, Snapshot, SnapshotRequest, Workload} from '../k8s/snapshot.js';
import {clusterAccessReview} from './access-review.js';
import {dryRunLabelNamespace} from './dry-run-label.js';
import {makeExec} from './exec.js';
import {hasProtobufSchema} from './protobuf/decode.js';
import {ApiError, KubeClient, PartialListError, type ClientOptions, type RequestInit} from './kube-client.js';
import {listPath, objectPath, RESOURCES, WORKLOAD_KINDS, type ResourceName} from '../k8s/resources.js';
import {parseNameArg} from './name-args.js';
import {clusterGmsaWebhookDetails} from './gmsa-webhook-details.js';
import type {KubeObject} from '../k8s/object.js';
import {toWorkload} from './workloads.js';
import {readOwnerIndex} from './owner-index.js';
import {OwnerAnnotationReader} from './owner-metadata.js';
import type {WatchSignal} from './watch.js';
import {topOwnerOf} from '../k8s/owners.js';
import {onlyMetadataFields, parseFieldSelector} from '../k8s/field-selector.js';
import {collectGarbageNow, collectGarbageSoon} from '../util/gc-hint.js';
import {eventLoopTurn} from '../util/pool.js';
import {pushAll} from '../util/arrays.js';

import {WARNING_EVENTS} from './warning-events.js';
import {registryImagePlatforms, type RegistryOptions} from './registry/capability.js';
import {clusterSecretReader, openRegistryOptions} from './registry/secrets.js';

/** Pages between two garbage-collection hints (release executable: doctor on 10,000 pods 218 -> 201 MB). */
const GC_EVERY_PAGES = 4;
/**
 * Pages (of 250 objects) between two full collections of a long stream (release executable):
 * JavaScriptCore's heap otherwise grows with the stream (doctor on 100,000 pods 279-318 -> 239-246 MB).
 */
const GC_FULL_EVERY_PAGES = 40;

export {parseNameArg};

/** The reads ClusterSource.objectReader() allows. */
export interface ObjectReader {
  request<T = unknown>(path: string, init?: RequestInit): Promise<{status: number; body: T}>;
  listAll(path: string, query?: Record<string, string | undefined>): Promise<KubeObject[]>;
}

export function forbiddenReason(err: ApiError, plural: string): string {
  return err.status === 403
    ? `forbidden: cannot list ${plural}: ${err.message}`
    : err.status === 404
      ? `API not served: ${plural}`
      : `${plural}: ${err.message}`;
}

/**
 * The `read/<plural>` reason for a list that failed (refused, garbled, or cut short after some pages
 * were analysed), or undefined for what is not a failed read (unreachable, interrupted): that is thrown on.
 */
function failedReadReason(err: unknown, plural: string): string | undefined {
  if (err instanceof PartialListError) {
    const refused = err.cause instanceof ApiError && (err.cause.status === 403 || err.cause.status === 404);
    const why = refused ? forbiddenReason(err.cause as ApiError, plural) : err.cause.message.replace(/^error: /, '');
    return `partial: ${err.read} of unknown ${plural} read, then the list failed: ${why}`;
  }
  return err instanceof ApiError ? forbiddenReason(err, plural) : undefined;
}

/**
 * --field-selector selects pods, and is sent with the pod list. A workload kind's list accepts only
 * metadata.name and metadata.namespace (any other label is the apiserver's 400): templates are
 * read with a selector of those only, and left out when it names a pod field (no template has a node or a phase).
 */
function fieldSelectorPlan(selector: string | undefined): {templates: boolean} {
  return {templates: selector === undefined || onlyMetadataFields(parseFieldSelector(selector))};
}

/** The kubectl flags that choose the server and the credentials, for a KubeClient. */
export function clientOptionsOf(opts: CommonOptions, signal?: AbortSignal): ClientOptions {
  return {
    kubeconfig: opts.kubeconfig,
    context: opts.context,
    cluster: opts.cluster,
    user: opts.user,
    as: opts.as,
    asGroups: opts.asGroups,
    requestTimeoutMs: opts.requestTimeoutMs,
    overrides: opts.connection,
    verbosity: opts.verbosity,
    signal,
  };
}

export class ClusterSource {
  /** Tells the sources apart without looking at their insides (open.ts isCluster). */
  readonly mode = 'cluster' as const;
  readonly namespace?: string;
  private versionPromise?: Promise<ServerVersion>;

  private constructor(
    private readonly client: KubeClient,
    private readonly opts: CommonOptions,
    /** --registry, opened (its CA bundle read) before anything is read. */
    private readonly registry?: RegistryOptions,
    private readonly signal?: AbortSignal,
  ) {
    this.namespace = opts.allNamespaces ? undefined : (opts.namespace ?? client.defaultNamespace);
  }

  static async connect(opts: CommonOptions, signal?: AbortSignal): Promise<ClusterSource> {
    const registry = opts.registry ? openRegistryOptions(opts.registry, opts.requestTimeoutMs) : undefined;
    const client = await KubeClient.create(clientOptionsOf(opts, signal));
    return new ClusterSource(client, opts, registry, signal);
  }

  /** What this source can answer beyond lists; each capability lives in its own module. */
  capabilities(): Capabilities {
    return {
      mode: 'cluster',
      accessReview: clusterAccessReview(this.client),
      exec: makeExec(() => this.client.kubeConfig(), this.opts.as, this.opts.asGroups),
      dryRunLabelNamespace: dryRunLabelNamespace(this.client),
      // Registries are contacted only when asked (--registry); the pods' pull secrets are read by name.
      ...(this.registry
        ? {
            imagePlatforms: registryImagePlatforms(
              clusterSecretReader((path) => this.client.request(path)),
              this.registry,
              this.signal,
            ),
          }
        : {}),
    };
  }

  /** The kubeconfig context's namespace (the namespace when -n is not given). */
  get defaultNamespace(): string {
    return this.client.defaultNamespace;
  }

  /**
   * GET of one object and whole lists, and nothing else: for reads a command resolves on its own
   * (gmsa nltest's targets), without handing out the client.
   */
  objectReader(): ObjectReader {
    const client = this.client;
    return {
      request: (path, init) => client.request(path, init),
      listAll: (path, query) => client.listAll(path, query),
    };
  }

  /** -w: 'changed' whenever what `req` reads changes in this source's scope; 'closed' when the server ends the watch. */
  async *changes(req: SnapshotRequest, signal: AbortSignal): AsyncGenerator<WatchSignal> {
    const {watchChanges} = await import('./watch.js');
    yield* watchChanges(this.client, req, {namespace: this.namespace, labelSelector: this.opts.selector, fieldSelector: this.opts.fieldSelector}, signal);
  }

  serverVersion(): Promise<ServerVersion> {
    this.versionPromise ??= this.client.version();
    return this.versionPromise;
  }

  async snapshot(req: SnapshotRequest): Promise<Snapshot> {
    const skipped: Skipped[] = [];
    const objects: Partial<Record<ResourceName, KubeObject[]>> = {};
    const streamQuery = {labelSelector: this.opts.selector, fieldSelector: this.opts.fieldSelector};
    const namespace = this.namespace;
    const client = this.client;
    const fields = fieldSelectorPlan(this.opts.fieldSelector);
    const podKinds: ResourceName[] = req.pods ? ['pods'] : [];
    const templateKinds: ResourceName[] = req.workloads && fields.templates ? WORKLOAD_KINDS : [];
    const openStreams = (kinds: ResourceName[]) => openPageStreams(client, kinds, namespace, streamQuery, req.podStatusUnread !== true);
    // The pods' first page goes out first, the templates' after the reads every analysis waits for (below).
    let prefetched = req.names && req.names.length > 0 ? undefined : openStreams(podKinds);
    // The pods' owners' ignore annotations, when their templates are not streamed (live qos, its
    // named pods, a pod field selector): their metadata, read beside the pods.
    const templatesStreamed = req.workloads && fields.templates && !(req.names && req.names.length > 0);
    const ownerReader =
      req.pods && !templatesStreamed && (req.ownerAnnotations || (req.workloads && !fields.templates))
        ? new OwnerAnnotationReader(client, namespace, failedReadReason)
        : undefined;
    // Pod remedies target the pod's top owner: the chain is read here, once, not per pod.
    const ownerIndex = req.pods ? readOwnerIndex(client, namespace, ownerReader) : Promise.resolve(undefined);
    const beforeAnalyses = Promise.all([this.serverVersion(), ownerIndex, this.readSmallKinds(req, objects, skipped)]);
    // The templates are streamed only after the last pod: their first pages need not take the pool's first wave.
    if (prefetched) pushAll(prefetched, openStreams(templateKinds));
    const [version, owners] = await beforeAnalyses;
    const withTopOwner = (w: Workload): Workload => {
      if (w.kind === 'Pod' && owners) w.topOwner = topOwnerOf(w.namespace, w.metadata, w.podMetadata.labels, owners) ?? null;
      if (w.kind === 'Pod' && ownerReader) ownerReader.want((w.topOwner ?? topOwnerOf(w.namespace, w.metadata, w.podMetadata.labels))?.kind ?? '');
      return w;
    };
    const named = req.names && req.names.length > 0 ? await this.getNamed(req.names) : undefined;
    const gmsaWebhookDetails = req.gmsaWebhookDetails ? await clusterGmsaWebhookDetails(client, objects, namespace) : undefined;
    return {
      source: {type: 'cluster', context: client.context, server: client.server, serverVersion: version.gitVersion},
      serverVersion: version,
      namespace,
      objects,
      skipped,
      ...(gmsaWebhookDetails ? {gmsaWebhookDetails} : {}),
      ...(ownerReader ? {ownerAnnotations: () => ownerReader.result()} : {}),
      async *workloads(): AsyncGenerator<Workload> {
        if (named) {
          for (const w of named) withTopOwner(w);
          yield* named;
          if (!req.podsOfNames) return;
        }
        // Each kind is read page by page in turn (one list per kind, memory flat); the templates'
        // first pages arrive while the pods stream. A second pass reads everything again.
        const streams = prefetched ?? openStreams([...podKinds, ...templateKinds]);
        prefetched = undefined;
        for (const {r, pages, first} of streams) {
          try {
            let seenPages = 0;
            for (let page = await first; !page.done; page = await pages.next()) {
              // Release executable: collect the pages already analysed (see src/util/gc-hint.ts).
              if (++seenPages % GC_FULL_EVERY_PAGES === 0) collectGarbageNow();
              else if (seenPages % GC_EVERY_PAGES === 0) collectGarbageSoon();
              const items = page.value as Array<KubeObject | undefined>;
              for (let i = 0; i < items.length; i++) {
                // The next page's bytes are read as they arrive, not after this page is done.
                if (i > 0 && i % 50 === 0) await eventLoopTurn();
                // Each object is let go once handed on, so the young-generation collections that
                // run during a page copy only the objects still ahead, not the whole page.
                const obj = items[i]!;
                items[i] = undefined;
                obj.kind ??= r.kind;
                obj.apiVersion ??= r.group ? `${r.group}/${r.version}` : r.version;
                const w = toWorkload(obj, namespace ?? 'default');
                if (w) yield withTopOwner(w);
              }
            }
          } catch (err) {
            const reason = failedReadReason(err, r.plural);
            if (reason === undefined) throw err;
            skipped.push({check: `read/${r.plural}`, reason});
          }
        }
      },
    };
  }

  /** The Warning events (when asked) and every small kind, all at once. */
  private async readSmallKinds(req: SnapshotRequest, objects: Partial<Record<ResourceName, KubeObject[]>>, skipped: Skipped[]): Promise<void> {
    await Promise.all([
      ...(req.events ? [this.readWarningEvents(objects, skipped)] : []),
      ...(req.kinds ?? []).map((kind) => this.readKind(kind, objects, skipped)),
    ]);
  }

  /** One small kind, whole: into `objects`, or a skipped read when the apiserver refuses it. */
  private async readKind(kind: ResourceName, objects: Partial<Record<ResourceName, KubeObject[]>>, skipped: Skipped[]): Promise<void> {
    const r = RESOURCES[kind];
    await readOrSkip(r.plural, skipped, async () => {
      objects[kind] = await this.client.listAll(listPath(r, r.namespaced ? this.namespace : undefined), {}, {protobuf: hasProtobufSchema(r)});
    });
  }

  /** SnapshotRequest.events: the Warning events of the scope, one paginated list filtered by the apiserver. */
  private async readWarningEvents(objects: Partial<Record<ResourceName, KubeObject[]>>, skipped: Skipped[]): Promise<void> {
    const r = RESOURCES.events;
    await readOrSkip(r.plural, skipped, async () => {
      objects.events = await this.client.listAll(listPath(r, this.namespace), {fieldSelector: WARNING_EVENTS});
    });
  }

  /** Named pods or workloads, fetched in parallel; an unknown name is an input error (exit 2). */
  private async getNamed(names: string[]): Promise<Workload[]> {
    const ns = this.namespace ?? this.client.defaultNamespace;
    return Promise.all(
      names.map(async (arg) => {
        const {resource, name} = parseNameArg(arg);
        const r = RESOURCES[resource];
        try {
          const {body} = await this.client.request<KubeObject>(objectPath(r, name, ns));
          body.kind ??= r.kind;
          return toWorkload(body, ns)!;
        } catch (err) {
          if (err instanceof ApiError && err.status === 404) {
            throw new InputError(`error: ${r.plural} "${name}" not found in namespace "${ns}"`);
          }
          if (err instanceof ApiError && err.status === 403) {
            throw new InputError(`error: forbidden: cannot get ${r.plural} "${name}" in namespace "${ns}": ${err.message}`);
          }
          throw err;
        }
      }),
    );
  }
}

/** A read whose refusal (forbidden, not served, ...) is a skipped check, not a failed run. */
async function readOrSkip(plural: string, skipped: Skipped[], read: () => Promise<void>): Promise<void> {
  try {
    await read();
  } catch (err) {
    const reason = failedReadReason(err, plural);
    if (reason === undefined) throw err;
    skipped.push({check: `read/${plural}`, reason});
  }
}

/**
 * Every streamed kind's first page, requested at once with the small kinds: the apiserver serves
 * the pods while the small lists arrive and the analyses get ready, instead of after.
 */
function openPageStreams(
  client: KubeClient,
  kinds: ResourceName[],
  namespace: string | undefined,
  query: {labelSelector?: string; fieldSelector?: string},
  podStatus: boolean,
) {
  return kinds.map((kind) => {
    const r = RESOURCES[kind];
    const pages = client.listPages(listPath(r, namespace), query, {protobuf: hasProtobufSchema(r), podStatus})[Symbol.asyncIterator]();
    const first = pages.next();
    first.catch(() => {}); // awaited in workloads(); a stream never reached must not reject unhandled
    return {r, pages, first};
  });
}

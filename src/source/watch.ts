// `-w/--watch`: a watch on what a command reads (the kinds of its SnapshotRequest, its pods,
// workload templates and Warning events, in its scope), reduced to "something changed" for the
// command to read and answer again. Each kind's watch starts at the resourceVersion of a one-object list, so the
// objects already shown are not announced again; bookmarks are not changes. When the server ends a
// watch (its request timeout, or 410 Gone: the resourceVersion is too old), the feed ends with
// 'closed': kubectl get -w ends there too.
import {ApiError, type KubeClient} from './kube-client.js';
import {listPath, RESOURCES, WORKLOAD_KINDS, type ResourceName} from '../k8s/resources.js';
import type {SnapshotRequest} from '../k8s/snapshot.js';
import {WARNING_EVENTS} from './warning-events.js';

export type WatchSignal = 'changed' | 'closed';

interface WatchScope {
  namespace?: string;
  labelSelector?: string;
  fieldSelector?: string;
}

export function watchedKinds(req: SnapshotRequest): ResourceName[] {
  return [
    ...new Set<ResourceName>([
      ...(req.pods ? (['pods'] as const) : []),
      ...(req.workloads ? WORKLOAD_KINDS : []),
      ...(req.events ? (['events'] as const) : []),
      ...(req.kinds ?? []),
    ]),
  ];
}

export async function* watchChanges(client: KubeClient, req: SnapshotRequest, scope: WatchScope, signal: AbortSignal): AsyncGenerator<WatchSignal> {
  const queue: WatchSignal[] = [];
  let wake: (() => void) | undefined;
  const push = (s: WatchSignal) => {
    queue.push(s);
    wake?.();
  };
  const stop = new AbortController();
  // A watch that could not start or broke (not the server ending it): the command's error, exit 3.
  let failure: unknown;
  const onAbort = () => stop.abort();
  signal.addEventListener('abort', onAbort, {once: true});
  const watchOne = async (kind: ResourceName) => {
    const r = RESOURCES[kind];
    const path = listPath(r, r.namespaced ? scope.namespace : undefined);
    // Only the streamed kinds take the command's selectors, as the snapshot reads them.
    const streamed = kind === 'pods' || WORKLOAD_KINDS.includes(kind);
    // The events as the snapshot reads them: the Warning ones only.
    const query = streamed
      ? {labelSelector: scope.labelSelector, fieldSelector: kind === 'pods' ? scope.fieldSelector : undefined}
      : kind === 'events'
        ? {fieldSelector: WARNING_EVENTS}
        : {};
    const head = await client.request<{metadata?: {resourceVersion?: string}}>(path, {query: {...query, limit: '1'}, expect: 'list'});
    for await (const event of client.watch(path, {...query, resourceVersion: head.body.metadata?.resourceVersion}, stop.signal)) {
      if (event.type === 'ERROR') break; // 410 Gone and friends arrive as an ERROR event: the watch is over
      if (event.type !== 'BOOKMARK') push('changed');
    }
  };
  const watches = watchedKinds(req).map((kind) =>
    watchOne(kind).then(
      () => push('closed'),
      (err: unknown) => {
        // A kind we may not watch (403) or that is not served (404) is simply not watched.
        if (err instanceof ApiError && (err.status === 403 || err.status === 404)) return;
        if (stop.signal.aborted) return;
        failure ??= err;
        wake?.();
      },
    ),
  );
  try {
    for (;;) {
      if (stop.signal.aborted) return;
      if (failure !== undefined) throw failure;
      const next = queue.shift();
      if (next === 'closed') {
        yield 'closed';
        return;
      }
      if (next) {
        yield next;
        continue;
      }
      await new Promise<void>((res) => {
        wake = res;
        stop.signal.addEventListener('abort', () => res(), {once: true});
      });
      wake = undefined;
    }
  } finally {
    stop.abort();
    signal.removeEventListener('abort', onAbort);
    await Promise.allSettled(watches);
  }
}

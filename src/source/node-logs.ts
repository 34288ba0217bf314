// The reads `kubectl win logs` makes: the nodes named or selected, whether this user may get
// nodes/proxy (a SelfSubjectAccessReview, and who the user is for the RBAC that would allow it),
// and, through the apiserver's node proxy, each kubelet's /configz and its /logs/ query. Each node
// read is bounded by its own deadline and comes back as an answer, never thrown: a node that does
// not answer is one node's result, and the others still print.
import {InputError} from '../errors.js';
import type {KubeObject} from '../k8s/object.js';
import type {NodeAnswer} from '../k8s/node-log-query.js';
import {ApiError} from './kube-client.js';
import type {ObjectReader} from './cluster-source.js';

interface NodeTarget {
  name: string;
  windows: boolean;
  kubeletVersion?: string;
}

function targetOf(node: KubeObject): NodeTarget {
  const status = node.status as {nodeInfo?: {operatingSystem?: string; kubeletVersion?: string}} | undefined;
  const labels = node.metadata?.labels ?? {};
  const os = status?.nodeInfo?.operatingSystem ?? labels['kubernetes.io/os'];
  return {name: node.metadata?.name ?? '', windows: os === 'windows', kubeletVersion: status?.nodeInfo?.kubeletVersion};
}

/** The named nodes (each must exist, as kubectl says when one does not), or those -l selects, sorted by name. */
export async function readTargetNodes(reader: ObjectReader, names: string[], selector: string | undefined): Promise<NodeTarget[]> {
  if (names.length === 0) {
    const nodes = await reader.listAll('/api/v1/nodes', {labelSelector: selector});
    return nodes.map(targetOf).sort((a, b) => a.name.localeCompare(b.name));
  }
  const out: NodeTarget[] = [];
  for (const name of [...new Set(names)]) {
    try {
      out.push(targetOf((await reader.request<KubeObject>(`/api/v1/nodes/${encodeURIComponent(name)}`)).body));
    } catch (err) {
      if (err instanceof ApiError && err.status === 404) throw new InputError(`error: nodes "${name}" not found`);
      throw err;
    }
  }
  return out;
}

/** SelfSubjectAccessReview: may this user `get nodes/proxy` (on `name`, or any node when absent)? */
export async function mayGetNodesProxy(reader: ObjectReader, name?: string): Promise<{allowed: boolean; reason?: string}> {
  const body = {
    apiVersion: 'authorization.k8s.io/v1',
    kind: 'SelfSubjectAccessReview',
    spec: {resourceAttributes: {verb: 'get', group: '', resource: 'nodes', subresource: 'proxy', ...(name ? {name} : {})}},
  };
  const r = await reader.request<{status?: {allowed?: boolean; reason?: string}}>('/apis/authorization.k8s.io/v1/selfsubjectaccessreviews', {
    method: 'POST',
    body,
    expect: 'review',
    idempotent: true,
  });
  return {allowed: r.body.status?.allowed === true, ...(r.body.status?.reason ? {reason: r.body.status.reason} : {})};
}

/** The user's name as the apiserver authenticated it (SelfSubjectReview, v1.28+), for the RBAC remedy; undefined when unknown. */
export async function whoAmI(reader: ObjectReader): Promise<string | undefined> {
  try {
    const r = await reader.request<{status?: {userInfo?: {username?: string}}}>('/apis/authentication.k8s.io/v1/selfsubjectreviews', {
      method: 'POST',
      body: {apiVersion: 'authentication.k8s.io/v1', kind: 'SelfSubjectReview'},
      expect: 'json',
      maxRetries: 1,
    });
    return r.body.status?.userInfo?.username;
  } catch {
    return undefined;
  }
}

/** GET through the node proxy, as text, within `timeoutMs`; any outcome is an answer. */
async function proxyGet(reader: ObjectReader, node: string, path: string, timeoutMs: number): Promise<NodeAnswer> {
  const started = Date.now();
  try {
    const r = await reader.request<unknown>(`/api/v1/nodes/${encodeURIComponent(node)}/proxy${path}`, {
      accept: 'text/plain, application/json, */*',
      expect: 'none',
      timeoutMs,
      maxRetries: 0,
    });
    return {kind: 'answer', status: r.status, body: typeof r.body === 'string' ? r.body : JSON.stringify(r.body)};
  } catch (err) {
    if (err instanceof ApiError) {
      const body = err.body;
      return {kind: 'answer', status: err.status, body: typeof body === 'string' ? body : JSON.stringify(body ?? {message: err.message})};
    }
    if ((err as Error).name === 'AbortError') throw err;
    if (Date.now() - started >= timeoutMs) return {kind: 'no-answer', afterMs: timeoutMs};
    return {kind: 'failed', message: (err as Error).message.replace(/^error: /, '')};
  }
}

/**
 * One node: its /configz, then, when `worthQuerying(configz)`, its /logs/ query (`query`: the
 * query string). Each read has `timeoutMs` of its own.
 */
export async function readNodeLogs(
  reader: ObjectReader,
  node: string,
  query: string,
  timeoutMs: number,
  worthQuerying: (configz: NodeAnswer) => boolean,
): Promise<{configz: NodeAnswer; logs?: NodeAnswer}> {
  const configz = await proxyGet(reader, node, '/configz', timeoutMs);
  if (!worthQuerying(configz)) return {configz};
  return {configz, logs: await proxyGet(reader, node, `/logs/?${query}`, timeoutMs)};
}

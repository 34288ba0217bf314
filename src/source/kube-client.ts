// A small REST client over the user's kubeconfig: one code path for every kind (lists are plain
// JSON-shaped objects, so PodSecurityPolicies and custom resources need no client model), with
// kubectl's resilience: 429/5xx and bodies that are not what was asked retried with backoff, 410
// Gone on a continue token restarts the list, --request-timeout a deadline for each whole request,
// and a list that fails after pages were handed on is a PartialListError, never a short list. Pod lists are read as protobuf where our schema knows the
// kind (src/source/protobuf/): the apiserver writes them several times faster than JSON, and they
// decode to the same objects. Credentials are our own (auth.ts); client-node only where needed.
import {request as httpRequest, type IncomingHttpHeaders, type RequestOptions} from 'node:http';
import {Agent as HttpsAgent, request as httpsRequest} from 'node:https';
import {setMaxListeners} from 'node:events';
import {createSecureContext, type SecureContextOptions} from 'node:tls';
import type {KubeConfig} from '@kubernetes/client-node';
import {ClusterError} from '../errors.js';
import {eventLoopTurn} from '../util/pool.js';
import {holdYoungGeneration} from '../util/gc-hint.js';
import {decodeResponse, ProtobufDecodeError, UndecodedItems} from './protobuf/decode.js';
import {continueInPrefix} from './protobuf/list-prefix.js';
import {ResponseBytes} from './response-bytes.js';
import {PageChain, type ListPage as PageOf} from './page-chain.js';
import {SeenUids} from './seen-uids.js';
import {requestOptionsFor} from './auth.js';
import {parseServerVersion, responseProblem, type Expect} from './response-shape.js';
import {kubeconfigFiles, loadMergedKubeconfig, selectContext, type KubeconfigSelection} from './kubeconfig.js';
import type {ConnectionOverrides} from '../options.js';
import type {KubeObject} from '../k8s/object.js';
import type {ServerVersion} from '../k8s/snapshot.js';
import {requestTrace, type RequestTrace} from './request-trace.js';
import {loadClientNode} from './client-node.js';
import {minOf, pushAll} from '../util/arrays.js';
import {bunFetch, fetchHeaders, fetchTlsOf, nodeHeaders, nodeLikeError, type FetchTls} from './bun-fetch.js';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly reason?: string,
    readonly body?: unknown,
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

/**
 * A 2xx whose body is not what was asked (src/source/response-shape.ts), after the retries. An
 * ApiError, so every caller that records a failed read records this one too.
 */
export class InvalidResponseError extends ApiError {
  constructor(status: number, message: string) {
    super(status, message, 'InvalidResponse');
  }
}

/**
 * A list that failed after some of its pages were handed on: what was read is not the whole list.
 * `cause` is why it stopped (an ApiError, an InvalidResponseError, a timeout, a dropped connection).
 */
export class PartialListError extends Error {
  constructor(
    readonly read: number,
    override readonly cause: Error,
  ) {
    super(`partial: ${read} of unknown objects read, then the list failed: ${cause.message.replace(/^error: /, '')}`);
    this.name = 'PartialListError';
  }
}

export interface ClientOptions extends KubeconfigSelection {
  requestTimeoutMs?: number;
  as?: string;
  asGroups?: string[];
  /** Retries of 429/5xx and dropped connections on reads. */
  maxRetries?: number;
  signal?: AbortSignal;
  /** -v: 6 and up trace each request on stderr (request-trace.ts). */
  verbosity?: number;
}

export interface RequestInit {
  method?: string;
  query?: Record<string, string | undefined>;
  body?: unknown;
  accept?: string;
  /** Retry 429/5xx even for a write (safe for reviews and dry runs). */
  idempotent?: boolean;
  /** Ask for protobuf (JSON if the server has none); a protobuf body is decoded to the JSON-shaped object. */
  protobuf?: boolean;
  /** A protobuf list's items are left as UndecodedItems (listPages decodes them a slice at a time). */
  undecodedItems?: boolean;
  /** false: a protobuf Pod's status is left out (SnapshotRequest.podStatusUnread). */
  podStatus?: boolean;
  /** Where the response's bytes go (a list reuses a few for its pages: page-chain.ts); a new ResponseBytes by default. */
  into?: ResponseBytes;
  headers?: Record<string, string>;
  /** What the 2xx body must be (default: an object for GET, any JSON object otherwise). */
  expect?: Expect;
  /** A deadline for this request alone, within --request-timeout (a node that never answers). */
  timeoutMs?: number;
  /** Retries of a 429/5xx or a dropped connection (default 5): 0 for a request whose failure is the answer. */
  maxRetries?: number;
  /**
   * A 2xx protobuf list's continue token, told as soon as the first bytes of the response hold its
   * metadata (list-prefix.ts), long before the items are in. The response may still fail, or be
   * retried: the token is a guess until the page is whole.
   */
  onContinue?: (token: string) => void;
}

export interface Response<T> {
  status: number;
  body: T;
  headers: IncomingHttpHeaders;
}

/**
 * Objects per list page. Smaller than kubectl's 500 on purpose: a page of 500 live pods is ~4 MB of
 * JSON and ~20 MB of parsed objects, which outlive V8's young generation while the analyses visit
 * them and get promoted. Pages of 250 mostly die young: measured on 10,000 pods, peak RSS of
 * `qos -A -o json` 200 -> 156 MB, doctor 250 -> 160 MB, same wall and CPU time (the next page is
 * requested before the current one is handed over, so the extra round trips overlap the work).
 */
export const PAGE_SIZE = 250;

/**
 * The page size for the rest of a list the server says holds `total` objects. A page costs
 * kube-apiserver time that grows with the whole collection, not the page (measured with curl on
 * 100,000 pods: `limit=1` took 22-29 ms, on 10,000 under 5 ms), so 400 pages of 250 spent seconds
 * the unpaginated list does not (100,000 protobuf pods read and decoded: 11.5-15.4 s in pages of
 * 250, 5.9-6.5 s in pages of 1,000). Up to 25,000 objects the pages stay at PAGE_SIZE; past that a
 * list takes about 100 pages, and never pages of more than 1,000 (memory held per page).
 */
export function pageSizeFor(total: number): number {
  return Math.min(MAX_PAGE_SIZE, Math.max(PAGE_SIZE, Math.ceil(total / TARGET_PAGES)));
}

const TARGET_PAGES = 100;
const MAX_PAGE_SIZE = 1000;

interface ListOptions {
  limit?: number;
  /** Read as protobuf (the kind must be in src/source/protobuf's schema); falls back to JSON on a field the schema lacks. */
  protobuf?: boolean;
  /** An Accept header of its own (a metadata-only list: src/source/owner-metadata.ts); protobuf is then not asked for. */
  accept?: string;
  /** false: protobuf Pods come without their status (a JSON page keeps it). */
  podStatus?: boolean;
}

const PROTOBUF = 'application/vnd.kubernetes.protobuf';

/** A list response as listPages reads it: a protobuf page's items stay bytes until handed on. */
type ListPage = PageOf<KubeObject[] | UndecodedItems>;

/** PAGE_SIZE items of a page from `from` on, decoded now if still bytes (a ProtobufDecodeError if they cannot be). */
function sliceOf(page: KubeObject[] | UndecodedItems, from: number): KubeObject[] {
  return page instanceof UndecodedItems ? (page.decode(from, from + PAGE_SIZE) as unknown as KubeObject[]) : page;
}

/** The objects not handed on before (a list restarted after a 410 or read again as JSON comes round again). */
function unseen(items: KubeObject[], seen: SeenUids): KubeObject[] {
  return items.filter((o) => {
    const uid = o.metadata?.uid;
    return !uid || seen.add(uid);
  });
}

/** KUBECTL_WIN_PROTOBUF=0 reads everything as JSON (a way around a decoding problem, and for comparisons). */
const protobufAllowed = () => process.env.KUBECTL_WIN_PROTOBUF !== '0';

const MAX_SOCKETS = 8;

const RETRY_STATUS = new Set([429, 500, 502, 503, 504]);
// A refused connection is not retried: kubectl fails at once when nothing listens.
const RETRY_CODES = new Set(['ECONNRESET', 'EPIPE', 'ETIMEDOUT']);

export class KubeClient {
  private kubeConfigPromise?: Promise<KubeConfig>;
  private readonly trace?: RequestTrace;
  /** Bun's fetch and its TLS options, when the release executable can send this client's requests with it (bun-fetch.ts). */
  private fetcher?: {fetch: NonNullable<ReturnType<typeof bunFetch>>; tls: FetchTls};

  private constructor(
    /** The kubeconfig narrowed to the chosen context, written as YAML for client-node when it is needed. */
    private readonly kubeconfigYaml: () => string,
    readonly context: string,
    readonly server: string,
    readonly defaultNamespace: string,
    private readonly opts: ClientOptions,
    private readonly base: RequestOptions,
  ) {
    this.trace = requestTrace(opts.verbosity);
  }

  /** Sends this client's requests with Bun's fetch (release executable) when it can express its options; whether it does. */
  private useBunFetch(): boolean {
    const fetch = bunFetch();
    const tls = fetch && fetchTlsOf(this.base as RequestOptions & Record<string, unknown>);
    if (fetch && tls) this.fetcher = {fetch, tls};
    return this.fetcher !== undefined;
  }

  static async create(opts: ClientOptions): Promise<KubeClient> {
    // Every request in flight (one per kind, in parallel) listens on the one abort signal.
    if (opts.signal) setMaxListeners(0, opts.signal);
    refuseBasicAuthFlags(opts);
    const raw = loadMergedKubeconfig(kubeconfigFiles(opts.kubeconfig, process.env, Boolean(opts.overrides?.server)));
    const selected = selectContext(raw, opts);
    const {context, namespace} = selected;
    const server = typeof selected.cluster.server === 'string' ? selected.cluster.server : '';
    if (!server) throw new ClusterError(`error: the kubeconfig context "${context}" has no server`);
    // Our own credentials code first; client-node (slow to import) only for what it alone handles.
    let base = await requestOptionsFor(selected.cluster, selected.user, {
      context,
      userName: selected.userName,
      credentialFlags: credentialFlagsOf(opts.overrides),
      execTimeoutMs: opts.requestTimeoutMs || undefined,
    });
    let client: KubeClient | undefined;
    if (!base) {
      base = {};
      client = new KubeClient(selected.yaml, context, server.replace(/\/+$/, ''), namespace ?? 'default', opts, base);
      const kc = await client.kubeConfig();
      try {
        await kc.applyToHTTPSOptions(base as never);
      } catch (err) {
        throw new ClusterError(`error: cannot authenticate with context "${context}": ${(err as Error).message.split('\n')[0]}`);
      }
    }
    // At most 8 connections, kept alive (kubectl multiplexes one HTTP/2 connection): a snapshot asks
    // for two dozen kinds at once, and each new connection costs a TLS handshake on both sides.
    if (!client && /^https:/i.test(server)) (base as RequestOptions).agent = new HttpsAgent({keepAlive: true, maxSockets: MAX_SOCKETS});
    const headers: Record<string, string | string[]> = {...((base.headers as Record<string, string>) ?? {})};
    if (opts.as) headers['Impersonate-User'] = opts.as;
    if (opts.asGroups?.length) headers['Impersonate-Group'] = opts.asGroups;
    base.headers = headers;
    if (client) return client;
    // Credentials client-node applied may hold what fetch cannot express: only our own go through it.
    const own = new KubeClient(selected.yaml, context, server.replace(/\/+$/, ''), namespace ?? 'default', opts, base);
    // Through Bun's fetch, node:http carries only watches and exec: no context shared between connections.
    if (!own.useBunFetch()) withSharedTlsContext(base as RequestOptions & SecureContextOptions);
    return own;
  }

  /** client-node's KubeConfig for this context (exec uses it), loaded on first use. */
  kubeConfig(): Promise<KubeConfig> {
    this.kubeConfigPromise ??= (async () => {
      const {KubeConfig} = await loadClientNode();
      const kc = new KubeConfig();
      try {
        kc.loadFromString(this.kubeconfigYaml());
      } catch (err) {
        throw new ClusterError(`error: invalid kubeconfig: ${(err as Error).message.split('\n')[0]}`);
      }
      return kc;
    })();
    return this.kubeConfigPromise;
  }

  async request<T = unknown>(path: string, init: RequestInit = {}): Promise<Response<T>> {
    const method = init.method ?? 'GET';
    const retryable = method === 'GET' || init.idempotent === true;
    const maxRetries = init.maxRetries ?? this.opts.maxRetries ?? 5;
    const expect = init.expect ?? (method === 'GET' ? 'object' : 'json');
    // --request-timeout bounds the whole request, body and retries included: client-go's
    // Request.request wraps its retry loop in context.WithTimeout(ctx, r.timeout)
    // (staging/src/k8s.io/client-go/rest/request.go).
    const limits = [this.opts.requestTimeoutMs, init.timeoutMs].filter((ms): ms is number => Boolean(ms));
    const deadline = limits.length > 0 ? Date.now() + minOf(Infinity, limits) : undefined;
    for (let attempt = 0; ; attempt++) {
      try {
        const res = await this.once<T>(method, path, init, deadline);
        const problem = res.status >= 200 && res.status < 300 ? responseProblem(expect, res.body) : undefined;
        if ((RETRY_STATUS.has(res.status) || problem !== undefined) && retryable && attempt < maxRetries) {
          await sleepBefore(backoff(attempt, res.headers['retry-after']), deadline, this.opts.signal);
          continue;
        }
        if (problem !== undefined) throw new InvalidResponseError(res.status, `invalid response to ${method} ${path}: HTTP ${res.status} but ${problem}`);
        if (res.status >= 400) throw toApiError(res);
        return res;
      } catch (err) {
        const code = (err as {code?: string}).code;
        if (code && RETRY_CODES.has(code) && retryable && attempt < maxRetries) {
          try {
            await sleepBefore(backoff(attempt), deadline, this.opts.signal);
            continue;
          } catch (late) {
            throw this.clientError(late);
          }
        }
        throw this.clientError(err);
      }
    }
  }

  /** What a request that failed for good throws: the ApiError, or one line for the user (exit 3). */
  private clientError(err: unknown): unknown {
    const code = (err as {code?: string}).code;
    if (err instanceof ApiError) {
      if (err.status === 401)
        return new ClusterError(`error: the server has asked for the client to provide credentials (Unauthorized) with context "${this.context}"`);
      return err;
    }
    if ((err as Error).name === 'AbortError' || err instanceof ProtobufDecodeError) return err;
    if (code === 'ETIMEDOUT_REQUEST')
      return new ClusterError(`error: request to ${this.server} timed out after ${this.opts.requestTimeoutMs} ms (--request-timeout)`);
    return new ClusterError(`error: cannot reach the cluster at ${this.server} (context "${this.context}"): ${(err as Error).message}`);
  }

  /**
   * Lists a collection page by page (limit/continue). A 410 Gone mid-list restarts it, skipping what was already yielded.
   * Pages are asked for ahead of the caller (page-chain.ts), so the server prepares them while the caller works.
   * Pages grow with a large collection (pageSizeFor); a protobuf page is handed over PAGE_SIZE items at a time.
   */
  async *listPages(path: string, query: Record<string, string | undefined> = {}, opts: ListOptions = {}): AsyncGenerator<KubeObject[]> {
    let limit = opts.limit ?? PAGE_SIZE;
    let protobuf = opts.protobuf === true && opts.accept === undefined && protobufAllowed();
    const seen = new SeenUids();
    let cont: string | undefined;
    let restarted = 0;
    const chain = new PageChain<KubeObject[] | UndecodedItems>(async (token, into, named) => {
      const res = await this.request<ListPage>(path, {
        query: {...query, limit: String(limit), continue: token},
        protobuf,
        undecodedItems: protobuf,
        podStatus: opts.podStatus,
        into,
        accept: opts.accept,
        expect: 'list',
        onContinue: named,
      });
      return res.body;
    });
    // Protobuf pages stay bytes until handed on, a slice at a time: two can wait ahead of the caller's.
    const depth = () => (protobuf ? 2 : 1);
    chain.start(depth());
    let yielded = 0;
    for (;;) {
      try {
        const body = await chain.take();
        const page = body.items ?? [];
        cont = body.metadata?.continue || undefined;
        const remaining = Number(body.metadata?.remainingItemCount);
        // Only the first page sets it: a restarted list keeps the size it had.
        if (cont && opts.limit === undefined && yielded === 0 && remaining > 0) limit = pageSizeFor(page.length + remaining);
        chain.follow(cont);
        // A large collection is a long pass: V8's young generation would double during it.
        if (limit > PAGE_SIZE) holdYoungGeneration();
        // A protobuf page is decoded PAGE_SIZE items at a time, however large the page.
        const step = page instanceof UndecodedItems ? PAGE_SIZE : Math.max(page.length, 1);
        for (let from = 0; from < page.length || from === 0; from += step) {
          // A turn of the event loop first: a request asked for goes out, and a page coming in is seen (its first bytes name the next).
          if (chain.inFlight) await eventLoopTurn();
          const items = unseen(sliceOf(page, from), seen);
          yielded += items.length;
          yield items;
        }
        if (!cont) return;
      } catch (err) {
        const gone = err instanceof ApiError && err.status === 410 && cont && restarted++ < 3;
        // A newer server with fields our schema lacks (a page, or an item of one): read this list
        // again as JSON (what was already handed over is skipped by uid), rather than drop it.
        const undecodable = err instanceof ProtobufDecodeError && protobuf;
        if (gone || undecodable) {
          if (undecodable) protobuf = false;
          cont = undefined;
          seen.restart();
          chain.start(depth());
          continue;
        }
        // What was handed on is not the whole list: say so, never end as if complete.
        if (yielded > 0 && (err as Error).name !== 'AbortError') throw new PartialListError(yielded, err as Error);
        throw err;
      }
    }
  }

  async listAll(path: string, query: Record<string, string | undefined> = {}, opts: ListOptions = {}): Promise<KubeObject[]> {
    const all: KubeObject[] = [];
    try {
      for await (const page of this.listPages(path, query, opts)) pushAll(all, page);
    } catch (err) {
      // Nothing read here is kept, so the caller sees why the list failed, not a partial count.
      throw err instanceof PartialListError ? err.cause : err;
    }
    return all;
  }

  /** The server's version; an answer without one, after the retries, is one line and exit 3. */
  async version(): Promise<ServerVersion> {
    try {
      const {body} = await this.request<Record<string, unknown>>('/version', {expect: 'version'});
      return parseServerVersion(body)!;
    } catch (err) {
      if (err instanceof InvalidResponseError) throw new ClusterError(`error: the server at ${this.server} did not tell its version: ${err.message}`);
      throw err;
    }
  }

  /**
   * A watch (`?watch=1`): each event the apiserver streams, one JSON object per line, until the
   * server closes the stream (the generator ends) or `signal` aborts it. Each watch has its own
   * connection (not the pooled agent): watches stay open, and would hold the pool's sockets.
   */
  async *watch(path: string, query: Record<string, string | undefined>, signal: AbortSignal): AsyncGenerator<{type: string; object?: KubeObject}> {
    let q = '';
    for (const [k, v] of Object.entries({...query, watch: '1', allowWatchBookmarks: 'true'}))
      if (v !== undefined && v !== '') q += `${q ? '&' : '?'}${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
    const url = new URL(this.server + path + q);
    const headers = {...((this.base.headers as Record<string, string>) ?? {}), Accept: 'application/json', 'User-Agent': 'kubectl-win/0.1'};
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    const trace = this.trace?.start('GET', url.href, headers);
    const res = await new Promise<import('node:http').IncomingMessage>((resolveRes, rejectRes) => {
      const req = send(url, {...this.base, agent: false, method: 'GET', headers, signal}, resolveRes);
      req.on('error', rejectRes);
      req.end();
    }).catch((err: unknown) => {
      trace?.(undefined, undefined, err as Error);
      throw this.clientError(err);
    });
    trace?.(res.statusCode, res.headers);
    if ((res.statusCode ?? 0) >= 300) {
      const chunks: Buffer[] = [];
      for await (const c of res) chunks.push(c as Buffer);
      const text = Buffer.concat(chunks).toString('utf8');
      let body: unknown = text;
      try {
        body = JSON.parse(text);
      } catch {
        // not JSON: the text is the message
      }
      throw this.clientError(toApiError({status: res.statusCode ?? 0, body, headers: res.headers}));
    }
    let pending = '';
    for await (const chunk of res) {
      pending += (chunk as Buffer).toString('utf8');
      let nl: number;
      while ((nl = pending.indexOf('\n')) >= 0) {
        const line = pending.slice(0, nl).trim();
        pending = pending.slice(nl + 1);
        if (line !== '') yield JSON.parse(line) as {type: string; object?: KubeObject};
      }
    }
  }

  private once<T>(method: string, path: string, init: RequestInit, deadline: number | undefined): Promise<Response<T>> {
    // The query is encoded here: URLSearchParams serialises in JavaScript, a character at a time, and
    // a long continue token made that a noticeable share of a 10,000-pod stream.
    let query = '';
    for (const [k, v] of Object.entries(init.query ?? {}))
      if (v !== undefined && v !== '') query += `${query || path.includes('?') ? '&' : '?'}${encodeURIComponent(k)}=${encodeURIComponent(v)}`;
    const url = new URL(this.server + path + query);
    const payload = init.body === undefined ? undefined : Buffer.from(JSON.stringify(init.body));
    const headers: Record<string, string | string[] | number> = {
      ...((this.base.headers as Record<string, string>) ?? {}),
      Accept: init.accept ?? (init.protobuf ? `${PROTOBUF}, application/json` : 'application/json'),
      'User-Agent': 'kubectl-win/0.1',
      ...(init.headers ?? {}),
    };
    if (payload) {
      // A caller may pick the content type (PATCH needs application/merge-patch+json and friends).
      headers['Content-Type'] = init.headers?.['Content-Type'] ?? 'application/json';
      headers['Content-Length'] = payload.length;
    }
    if (this.fetcher) return this.fetchOnce<T>(this.fetcher, method, url, headers, payload, init, deadline);
    const send = url.protocol === 'http:' ? httpRequest : httpsRequest;
    return new Promise((resolveOnce, rejectOnce) => {
      let timedOut = false;
      const resolvePromise = (r: Response<T>) => {
        clearTimeout(timer);
        resolveOnce(r);
      };
      // Whatever error the destroyed request reports, a deadline that fired is the reason.
      const reject = (err: unknown) => {
        clearTimeout(timer);
        rejectOnce(timedOut ? timeoutError() : err);
      };
      const trace = this.trace?.start(method, url.href, headers);
      let traced = false;
      const traceEnd = (status: number | undefined, resHeaders?: IncomingHttpHeaders, err?: Error) => {
        if (!traced) trace?.(status, resHeaders, err);
        traced = true;
      };
      const req = send(url, {...this.base, method, headers, signal: this.opts.signal}, (res) => {
        traceEnd(res.statusCode, res.headers);
        const bytes = ResponseBytes.emptied(init.into);
        const watch = continueWatch(init, res.statusCode ?? 0, res.headers['content-type'] ?? '');
        res.on('data', (c: Buffer) => {
          bytes.add(c);
          watch?.(bytes);
        });
        res.on('error', reject);
        res.on('end', () => {
          let body: unknown;
          try {
            body = responseBody(bytes.all(), res.headers['content-type'] ?? '', init);
          } catch (err) {
            reject(err);
            return;
          }
          resolvePromise({status: res.statusCode ?? 0, body: body as T, headers: res.headers});
        });
      });
      // Set before any of the request's events can run the handlers above that clear it.
      const timer = atDeadline(deadline, () => {
        timedOut = true;
        req.destroy(timeoutError());
      });
      req.on('error', (err) => {
        traceEnd(undefined, undefined, err);
        reject(err);
      });
      if (payload) req.write(payload);
      req.end();
    });
  }

  /** once() through Bun's fetch: the same response, deadline, abort, trace and errors as node:http gives. */
  private async fetchOnce<T>(
    fetcher: NonNullable<KubeClient['fetcher']>,
    method: string,
    url: URL,
    headers: Record<string, string | string[] | number>,
    payload: Buffer | undefined,
    init: RequestInit,
    deadline: number | undefined,
  ): Promise<Response<T>> {
    const abort = new AbortController();
    const signal = this.opts.signal;
    const onAbort = () => abort.abort();
    if (signal?.aborted) onAbort();
    else signal?.addEventListener('abort', onAbort, {once: true});
    let timedOut = false;
    const timer = atDeadline(deadline, () => {
      timedOut = true;
      abort.abort();
    });
    const trace = this.trace?.start(method, url.href, headers);
    let traced = false;
    try {
      // node:http follows no redirect; neither does this.
      const res = await fetcher.fetch(url.href, {
        method,
        headers: fetchHeaders(headers),
        body: payload,
        signal: abort.signal,
        tls: fetcher.tls,
        redirect: 'manual',
      });
      const resHeaders = nodeHeaders(res.headers);
      trace?.(res.status, resHeaders);
      traced = true;
      const bytes = ResponseBytes.emptied(init.into);
      const watch = continueWatch(init, res.status, resHeaders['content-type'] ?? '');
      if (res.body)
        for await (const chunk of res.body) {
          bytes.add(chunk);
          watch?.(bytes);
        }
      const body = responseBody(bytes.all(), resHeaders['content-type'] ?? '', init);
      return {status: res.status, body: body as T, headers: resHeaders};
    } catch (err) {
      const why = timedOut ? timeoutError() : signal?.aborted ? Object.assign(new Error('aborted'), {name: 'AbortError'}) : nodeLikeError(err, url, traced);
      if (!traced) trace?.(undefined, undefined, why as Error);
      throw why;
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
    }
  }
}

/** What tells init.onContinue a 2xx protobuf list's token from the bytes read so far; undefined when there is nothing to watch. */
function continueWatch(init: RequestInit, status: number, type: string): ((bytes: ResponseBytes) => void) | undefined {
  const tell = init.onContinue;
  if (!tell || status < 200 || status >= 300 || !type.startsWith(PROTOBUF)) return undefined;
  let watching = true;
  return (bytes) => {
    if (!watching) return;
    const found = continueInPrefix(bytes.all());
    if (found === 'more') return;
    watching = false;
    if (found !== 'unknown' && found.token) tell(found.token);
  };
}

/** A response body as its content type says: protobuf decoded (a bad one throws), JSON parsed (the text if it does not parse), else the text. */
function responseBody(raw: Buffer, type: string, init: RequestInit): unknown {
  if (type.startsWith(PROTOBUF)) return decodeResponse(raw, {undecodedItems: init.undecodedItems === true, podStatus: init.podStatus});
  const text = raw.toString('utf8');
  if (!type.includes('json') || text === '') return text;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/**
 * --username/--password: kubectl would send them, but kube-apiserver has had no basic
 * authentication since v1.19 (--basic-auth-file removed, kubernetes/kubernetes#89069), so every
 * request would run as system:anonymous. Unusable credentials: exit 3 before any request, as a
 * kubeconfig user with a username and password is (auth.ts).
 */
/** Which credential flags were given, for a message about credentials that cannot be used. */
function credentialFlagsOf(o: ConnectionOverrides | undefined): string[] {
  if (!o) return [];
  return [o.token && '--token', o.clientCertificate && '--client-certificate', o.clientKey && '--client-key'].filter((f): f is string => Boolean(f));
}

function refuseBasicAuthFlags(opts: ClientOptions): void {
  if (!opts.overrides?.username && !opts.overrides?.password) return;
  throw new ClusterError(
    'error: cannot authenticate with --username/--password: kube-apiserver has accepted no basic authentication since v1.19; use --token, --client-certificate and --client-key, or a kubeconfig user',
  );
}

/**
 * One TLS context (CA, client certificate and key parsed once) for every connection: without it,
 * each new connection parsed the PEM text into a context of its own.
 */
function withSharedTlsContext(base: RequestOptions & SecureContextOptions & {secureContext?: unknown}): void {
  if (base.ca === undefined && base.cert === undefined && base.key === undefined) return;
  try {
    base.secureContext = createSecureContext({ca: base.ca, cert: base.cert, key: base.key});
  } catch {
    // Left to each connection, which reports the bad certificate or key as it always has.
  }
}

function toApiError(res: Response<unknown>): ApiError {
  const body = res.body as {message?: string; reason?: string} | string;
  const message =
    typeof body === 'object' && body?.message ? body.message : `HTTP ${res.status}${typeof body === 'string' && body ? `: ${body.trim().split('\n')[0]}` : ''}`;
  return new ApiError(res.status, message, typeof body === 'object' ? body?.reason : undefined, body);
}

function backoff(attempt: number, retryAfter?: string | string[]): number {
  const ra = Number(Array.isArray(retryAfter) ? retryAfter[0] : retryAfter);
  if (Number.isFinite(ra) && ra > 0) return Math.min(ra * 1000, 10_000);
  return Math.min(200 * 2 ** attempt, 5000) * (0.75 + Math.random() * 0.5);
}

/** A timer that calls `fire` at the deadline (none without a deadline). */
function atDeadline(deadline: number | undefined, fire: () => void): NodeJS.Timeout | undefined {
  return deadline === undefined ? undefined : setTimeout(fire, Math.max(0, deadline - Date.now()));
}

function timeoutError(): Error {
  return Object.assign(new Error('request timed out'), {code: 'ETIMEDOUT_REQUEST'});
}

/** A backoff that would end past the deadline gives up now, as a timeout. */
function sleepBefore(ms: number, deadline: number | undefined, signal?: AbortSignal): Promise<void> {
  if (deadline !== undefined && Date.now() + ms >= deadline) return Promise.reject(timeoutError());
  return sleep(ms, signal);
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((res, rej) => {
    // The listener is removed when the timer fires: retries would otherwise pile listeners on one
    // signal (Node warns on stderr past 10, breaking the one-line error contract).
    const onAbort = () => {
      clearTimeout(t);
      rej(Object.assign(new Error('aborted'), {name: 'AbortError'}));
    };
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      res();
    }, ms);
    signal?.addEventListener('abort', onAbort, {once: true});
  });
}

// The release executable's requests go through Bun's own fetch rather than its node:http. Bun's
// node:http client passes every chunk of a response through its HTTP parser and a Readable stream
// (processClientData, IncomingMessage in its CPU profiles); its fetch reads the response natively.
// Measured reading the 40 protobuf pages of 10,000 pods (26 MB) one after another from the bench's
// control plane with Bun 1.4.5: 270-296 ms of CPU through node:https, 145-187 ms through fetch; in
// a profile of the executable's `lint -A` on 10,000 pods, node:http's client was ~350 of 2,100 ms.
// Node keeps node:http (its fetch takes no client certificate without the undici package). Only
// what both can express goes this way: the CA, a client certificate and key, skipping
// verification, and headers; a kubeconfig that needs more (a tls-server-name, or credentials
// client-node applied) keeps node:http in Bun too.
import type {IncomingHttpHeaders, RequestOptions} from 'node:http';
import {isBun} from '../util/runtime.js';

/** The `tls` option of Bun's fetch (the subset used here). */
export interface FetchTls {
  ca?: unknown;
  cert?: unknown;
  key?: unknown;
  rejectUnauthorized?: boolean;
}

type BunFetch = (url: string, init: Record<string, unknown>) => Promise<globalThis.Response>;

/** Proxy variables Bun's fetch would follow and node:http ignores. */
const PROXY_VARIABLES = ['HTTPS_PROXY', 'https_proxy', 'HTTP_PROXY', 'http_proxy'];

/**
 * Bun's fetch when this runtime is Bun, else undefined (KUBECTL_WIN_BUN_FETCH=0 keeps node:http, for
 * comparisons). Also undefined when a proxy variable is set: fetch would send the requests through
 * that proxy, where node:http (and so every other build and release before) connects directly.
 */
export function bunFetch(env: NodeJS.ProcessEnv = process.env): BunFetch | undefined {
  if (!isBun() || env.KUBECTL_WIN_BUN_FETCH === '0') return undefined;
  if (PROXY_VARIABLES.some((v) => env[v])) return undefined;
  return globalThis.fetch as unknown as BunFetch;
}

/** The request options our own credentials code makes (auth.ts), and the agent KubeClient adds. */
const EXPRESSIBLE = new Set(['ca', 'cert', 'key', 'rejectUnauthorized', 'headers', 'agent', 'secureContext']);

/** fetch's `tls` for these request options, or undefined when fetch cannot express them all. */
export function fetchTlsOf(base: RequestOptions & Record<string, unknown>): FetchTls | undefined {
  for (const [k, v] of Object.entries(base)) if (v !== undefined && !EXPRESSIBLE.has(k)) return undefined;
  const tls: FetchTls = {};
  if (base.ca !== undefined) tls.ca = base.ca;
  if (base.cert !== undefined) tls.cert = base.cert;
  if (base.key !== undefined) tls.key = base.key;
  if (base.rejectUnauthorized === false) tls.rejectUnauthorized = false;
  return tls;
}

/**
 * Headers as fetch takes them: a list value (Impersonate-Group) as one header line each, as
 * node:http sends it. `Accept-Encoding: identity`: fetch would otherwise ask for gzip, which
 * node:http never does, and kube-apiserver would compress every large list for a loopback or LAN read.
 */
export function fetchHeaders(headers: Record<string, string | string[] | number>): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  let encoding = false;
  for (const [k, v] of Object.entries(headers)) {
    const lower = k.toLowerCase();
    if (lower === 'content-length') continue; // fetch sets it from the body
    if (lower === 'accept-encoding') encoding = true;
    if (Array.isArray(v)) for (const one of v) out.push([k, one]);
    else out.push([k, String(v)]);
  }
  if (!encoding) out.push(['Accept-Encoding', 'identity']);
  return out;
}

/** A fetch Response's headers as node:http gives them (lower-case names, repeated ones joined). */
export function nodeHeaders(headers: Headers): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = {};
  headers.forEach((value, name) => {
    out[name] = value;
  });
  return out;
}

/**
 * A fetch failure with the message node:http gives for it, so both builds print the same line
 * (TLS verification and name resolution failures carry node's message already). Bun's fetch says
 * "ECONNREFUSED: Unable to connect. Is the computer able to access the url?" where node:http says
 * "connect ECONNREFUSED 127.0.0.1:1", and "ECONNRESET: The socket connection was closed
 * unexpectedly..." where node:http says "socket hang up" (no response yet) or "aborted" (a body cut short).
 */
export function nodeLikeError(err: unknown, url: URL, inBody: boolean): unknown {
  const code = (err as {code?: string} | undefined)?.code;
  if (code === 'ECONNREFUSED') {
    const port = url.port || (url.protocol === 'http:' ? '80' : '443');
    return Object.assign(new Error(`connect ECONNREFUSED ${url.hostname.replace(/^\[|\]$/g, '')}:${port}`), {code});
  }
  if (code === 'ECONNRESET') return Object.assign(new Error(inBody ? 'aborted' : 'socket hang up'), {code});
  return err;
}

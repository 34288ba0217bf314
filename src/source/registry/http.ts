// One HTTPS GET to a registry, over node:https: a deadline for the whole exchange (connect, headers,
// body), a size cap (manifests and configs are small; a registry that streams forever is an error),
// and redirects followed (registries send blob GETs to their storage) with the Authorization dropped
// when the redirect leaves the host, as Go's net/http does. Trust: Node's CA store, which takes
// NODE_EXTRA_CA_CERTS, plus the PEM bundle given (`--registry-ca`). HTTPS only: registries are
// reached on 443 or their port over TLS, as containerd does for any host it has no config for.
import type {IncomingHttpHeaders} from 'node:http';
import {request} from 'node:https';
import {rootCertificates} from 'node:tls';

export interface HttpOptions {
  timeoutMs: number;
  /** Extra CA certificates (PEM), trusted beside Node's own store. */
  ca?: string;
  signal?: AbortSignal;
}

export interface HttpResult {
  status: number;
  headers: IncomingHttpHeaders;
  body: string;
  /** The URL that answered (after redirects). */
  url: URL;
}

const MAX_BODY_BYTES = 4 * 1024 * 1024;
const MAX_REDIRECTS = 5;

class HttpError extends Error {
  override name = 'HttpError';
}

/** GETs `url`, following redirects, within `opts.timeoutMs` overall. Rejects with HttpError on a network failure or the deadline. */
export async function httpsGet(url: URL, headers: Record<string, string>, opts: HttpOptions): Promise<HttpResult> {
  const deadline = Date.now() + opts.timeoutMs;
  let current = url;
  let sent = headers;
  for (let hop = 0; hop <= MAX_REDIRECTS; hop++) {
    const r = await getOnce(current, sent, {...opts, timeoutMs: Math.max(1, deadline - Date.now())});
    const location = r.headers.location;
    if (![301, 302, 303, 307, 308].includes(r.status) || !location) return r;
    const next = new URL(location, current);
    if (next.protocol !== 'https:') throw new HttpError(`${current.host} redirected to ${next.protocol}//${next.host}, not HTTPS`);
    if (next.host !== current.host) sent = withoutAuthorization(sent);
    current = next;
  }
  throw new HttpError(`${url.host}: more than ${MAX_REDIRECTS} redirects`);
}

function withoutAuthorization(headers: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([k]) => k.toLowerCase() !== 'authorization'));
}

function getOnce(url: URL, headers: Record<string, string>, opts: HttpOptions): Promise<HttpResult> {
  return new Promise((resolve, reject) => {
    const ca = opts.ca ? [...rootCertificates, opts.ca] : undefined;
    const req = request(url, {method: 'GET', headers, ...(ca ? {ca} : {}), signal: opts.signal}, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_BODY_BYTES) req.destroy(new HttpError(`${url.host}: answer larger than ${MAX_BODY_BYTES / 1024 / 1024} MiB`));
        else chunks.push(c);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve({status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8'), url});
      });
      res.on('error', fail);
    });
    const timer = setTimeout(() => req.destroy(new HttpError(`${url.host}: no answer within ${Math.ceil(opts.timeoutMs / 1000)}s`)), opts.timeoutMs);
    function fail(err: Error): void {
      clearTimeout(timer);
      reject(err instanceof HttpError ? err : new HttpError(`${url.host}: ${describeNetworkError(err)}`));
    }
    req.on('error', fail);
    req.end();
  });
}

/** A network error as one short phrase: `connection refused`, the TLS verdict, ... */
function describeNetworkError(err: Error): string {
  const e = err as NodeJS.ErrnoException;
  if (e.code === 'ECONNREFUSED') return 'connection refused';
  if (e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN') return `cannot resolve host (${e.code})`;
  if (e.code === 'ECONNRESET') return 'connection reset';
  if (e.code === 'ABORT_ERR') return 'interrupted';
  if (e.code && /CERT|SELF_SIGNED|UNABLE_TO/.test(e.code)) return `TLS: ${e.message} (trust its CA with NODE_EXTRA_CA_CERTS or --registry-ca)`;
  return e.message;
}

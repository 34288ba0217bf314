// A stand-in for the kubelet's node endpoints the apiserver's node proxy reaches
// (/api/v1/nodes/NODE/proxy/...): /configz and /logs/ as a Windows node's kubelet serves them, one
// HTTPS port per node, on the address of the network namespace link (node-net.ts). Anything else
// (pod exec, attach, port-forward, container logs) is handed to kwok when the node is a kwok node
// (`forward`), so a node can keep its pods and gain the log endpoints. Runs as its own process
// (kubelet-standin-main.ts), told which nodes to serve over a control port on 127.0.0.1.
// Facts: kubernetes/kubernetes pkg/kubelet/server/server.go (InstallSystemLogHandler: the /logs/
// routes, or 405 "logs endpoint is disabled." without enableSystemLogHandler), pkg/kubelet/kubelet.go
// (the /logs/ handler: a plain file server over the log directory without enableSystemLogQuery, the
// query otherwise), pkg/kubelet/kubelet_server_journal.go (parse 400, validate 406, the journal
// handler's headers and gzip), cmd/kubelet/app/server.go initConfigz and k8s.io/component-base
// configz/configz.go (/configz: {"kubeletconfig": <v1beta1 KubeletConfiguration>}).
import {createServer as createHttpsServer, request as httpsRequest} from 'node:https';
import {connect as tlsConnect} from 'node:tls';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {Duplex} from 'node:stream';
import {gzipSync} from 'node:zlib';
import {aggregateMessage, parseNodeLogQuery, validateNodeLogQuery, type QueryValues} from '../src/k8s/node-log-query.js';
import {answerServiceQuery, dirListing, fileAt} from './windows-node-logs.js';

/** How one node's kubelet is set up. */
export interface StandInNode {
  name: string;
  /** `on`: enableSystemLogHandler and enableSystemLogQuery; `query-off`: the handler only (the default config); `handler-off`: neither. */
  logQuery: 'on' | 'query-off' | 'handler-off';
  /** `never`: accepts requests and never answers (a node that hangs). */
  answer?: 'normal' | 'never';
  /** The kubelet's minor (messages that changed between minors). */
  minor?: number;
  /** The container runtime (its event provider): containerd unless the node runs Docker (dockershim). */
  runtime?: 'containerd' | 'docker';
  /** kwok's kubelet port on 127.0.0.1, for everything but /configz and /logs/. */
  forward?: {port: number};
}

/** Go's http.Error: the message and a newline, as plain text. */
function goHttpError(res: ServerResponse, status: number, message: string): void {
  res.writeHead(status, {'Content-Type': 'text/plain; charset=utf-8', 'X-Content-Type-Options': 'nosniff'});
  res.end(`${message}\n`);
}

/** The v1beta1 KubeletConfiguration fields the log query depends on, as a Windows kubelet's configz shows them after defaulting. */
function configz(node: StandInNode): object {
  const handler = node.logQuery !== 'handler-off';
  const query = node.logQuery === 'on';
  return {
    kubeletconfig: {
      enableServer: true,
      port: 10250,
      enableDebuggingHandlers: true,
      enableSystemLogHandler: handler,
      enableSystemLogQuery: query,
      ...(query && (node.minor ?? 34) < 36 ? {featureGates: {NodeLogQuery: true}} : {}),
      cgroupDriver: 'cgroupfs',
      containerRuntimeEndpoint: 'npipe://./pipe/containerd-containerd',
      authentication: {webhook: {enabled: true, cacheTTL: '2m0s'}, anonymous: {enabled: false}},
      authorization: {mode: 'Webhook', webhook: {cacheAuthorizedTTL: '5m0s', cacheUnauthorizedTTL: '30s'}},
    },
  };
}

function queryValues(url: URL): QueryValues {
  const q: QueryValues = {};
  for (const [k, v] of url.searchParams) (q[k] ??= []).push(v);
  return q;
}

/** http.FileServer over C:\var\log: a file, a directory listing, or Go's 404. */
function serveFile(res: ServerResponse, path: string): void {
  const file = fileAt(path);
  if (file !== undefined) {
    res.writeHead(200, {'Content-Type': 'text/plain; charset=utf-8'});
    res.end(file);
    return;
  }
  const listing = path === '' || path.endsWith('/') ? dirListing(path) : undefined;
  if (listing !== undefined) {
    res.writeHead(200, {'Content-Type': 'text/html; charset=utf-8'});
    res.end(listing);
    return;
  }
  goHttpError(res, 404, '404 page not found');
}

/** The stat the kubelet's validate() does on a file query (os.Root under C:\var\log). */
function fileProblem(file: string): string | undefined {
  if (file.replace(/\\/g, '/').split('/').includes('..')) return `statat ${file}: path escapes from parent`;
  return fileAt(file) === undefined ? `statat ${file}: The system cannot find the file specified.` : undefined;
}

/** /logs/... for a node whose kubelet has the handler. */
function serveLogs(node: StandInNode, req: IncomingMessage, res: ServerResponse, url: URL, startedAt: number): void {
  if (!url.pathname.startsWith('/logs/')) return goHttpError(res, 404, '404 page not found');
  const path = decodeURIComponent(url.pathname.slice('/logs/'.length));
  if (node.logQuery === 'query-off') return serveFile(res, path);
  const parsed = parseNodeLogQuery(queryValues(url));
  if (parsed.errors.length > 0) return goHttpError(res, 400, aggregateMessage(parsed.errors));
  const q = parsed.query;
  if (!q) return serveFile(res, path);
  if (path !== '' && path !== '/') return goHttpError(res, 406, 'path not allowed in query mode');
  const errors = validateNodeLogQuery(q, {windows: true, minor: node.minor, fileProblem});
  if (errors.length > 0) return goHttpError(res, 406, aggregateMessage(errors));
  if (q.services.length === 0) return serveFile(res, q.files[0]);
  const body = Buffer.from(answerServiceQuery(q, startedAt, node.runtime));
  const gzip = req.headers['accept-encoding'] === 'gzip';
  res.writeHead(200, {'Content-Type': 'text/plain;charset=UTF-8', ...(gzip ? {'Content-Encoding': 'gzip'} : {})});
  res.end(gzip ? gzipSync(body) : body);
}

/** Hands a request to kwok unchanged and its answer back. */
function forward(node: StandInNode, req: IncomingMessage, res: ServerResponse): void {
  if (!node.forward) return goHttpError(res, 404, '404 page not found');
  const out = httpsRequest(
    {host: '127.0.0.1', port: node.forward.port, method: req.method, path: req.url, headers: req.headers, rejectUnauthorized: false},
    (answer) => {
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    },
  );
  out.on('error', () => res.destroy());
  req.pipe(out);
}

/** An upgrade (exec, attach, port-forward) handed to kwok: the request head replayed, then bytes both ways. */
function forwardUpgrade(node: StandInNode, req: IncomingMessage, socket: Duplex, head: Buffer): void {
  if (!node.forward) return void socket.destroy();
  const upstream = tlsConnect({host: '127.0.0.1', port: node.forward.port, rejectUnauthorized: false}, () => {
    const lines = [`${req.method} ${req.url} HTTP/1.1`];
    for (let i = 0; i < req.rawHeaders.length; i += 2) lines.push(`${req.rawHeaders[i]}: ${req.rawHeaders[i + 1]}`);
    upstream.write(`${lines.join('\r\n')}\r\n\r\n`);
    if (head.length > 0) upstream.write(head);
    upstream.pipe(socket);
    socket.pipe(upstream);
  });
  upstream.on('error', () => socket.destroy());
  socket.on('error', () => upstream.destroy());
}

/** One node's kubelet on `address`: listening, with its port. */
export function serveNode(node: StandInNode, tls: {cert: string; key: string}, address: string): Promise<number> {
  const startedAt = Date.now();
  const server = createHttpsServer({cert: tls.cert, key: tls.key}, (req, res) => {
    if (node.answer === 'never') return; // the connection stays open, unanswered
    const url = new URL(req.url ?? '/', 'https://kubelet');
    if (url.pathname === '/configz') {
      res.writeHead(200, {'Content-Type': 'application/json'});
      res.end(JSON.stringify(configz(node)));
    } else if (url.pathname === '/logs' || url.pathname.startsWith('/logs/')) {
      if (node.logQuery === 'handler-off') goHttpError(res, 405, 'logs endpoint is disabled.');
      else serveLogs(node, req, res, url, startedAt);
    } else forward(node, req, res);
  });
  server.on('upgrade', (req, socket, head) => forwardUpgrade(node, req, socket, head));
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, address, () => resolve((server.address() as {port: number}).port));
  });
}

// A fault-injecting proxy on loopback in front of the test control plane. It terminates TLS with the
// apiserver's own serving certificate (SAN 127.0.0.1, signed by the harness CA, so the CLI's
// kubeconfig needs only a new server URL) and re-originates every request to the apiserver as the
// admin user. Each request is shown to the test's script, which may let it through or answer it
// with a fault: a scripted status, garbage, a cut-short or trickled body, a reset or a stall.
import {readFileSync, writeFileSync} from 'node:fs';
import {createServer, request, Agent, type Server} from 'node:https';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {AddressInfo, Socket} from 'node:net';
import {join} from 'node:path';
import {parse, stringify} from 'yaml';

export interface ProxiedRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  /** How many requests (this one included) have matched `path` with this method so far. */
  nth: number;
}

export type Fault =
  | {reply: number; body?: string | object; contentType?: string; headers?: Record<string, string>}
  /** The upstream answer cut after `bytes` body bytes; with its Content-Length (the close is then an error) or without (a clean end). */
  | {truncate: number; contentLength: boolean}
  /** The upstream answer, `bytes` at a time every `everyMs`. */
  | {trickle: number; everyMs: number}
  /** Held until `until` resolves, then let through (to act on the apiserver while a request is in flight). */
  | {hold: Promise<void>}
  | 'reset'
  | 'stall';

export type Script = (req: ProxiedRequest) => Fault | undefined;

export interface FaultProxy {
  server: string;
  /** A copy of `kubeconfig` pointing at the proxy. */
  kubeconfig: string;
  script: Script;
  /** Every request seen, as `METHOD path?query`. */
  seen: string[];
  /** A new script: counts and `seen` start again. */
  use(script: Script): void;
  close(): Promise<void>;
}

export async function startFaultProxy(cp: {server: string; kubeconfig: string; dir: string}, name: string): Promise<FaultProxy> {
  const pki = join(cp.dir, 'pki');
  const upstream = new URL(cp.server);
  const doc = parse(readFileSync(cp.kubeconfig, 'utf8'));
  const admin = doc.users[0].user;
  const agent = new Agent({
    keepAlive: true,
    ca: readFileSync(join(pki, 'ca.crt')),
    cert: Buffer.from(admin['client-certificate-data'], 'base64'),
    key: Buffer.from(admin['client-key-data'], 'base64'),
  });
  const counts = new Map<string, number>();
  const sockets = new Set<Socket>();
  const proxy: FaultProxy = {
    server: '',
    kubeconfig: '',
    script: () => undefined,
    seen: [],
    use(script) {
      counts.clear();
      this.seen = [];
      this.script = script;
    },
    close: async () => {},
  };

  const forward = (req: IncomingMessage, body: Buffer): Promise<{status: number; headers: Record<string, string | string[] | undefined>; body: Buffer}> =>
    new Promise((resolve, reject) => {
      const headers = {...req.headers, host: upstream.host};
      const up = request({host: upstream.hostname, port: upstream.port, path: req.url, method: req.method, headers, agent}, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve({status: res.statusCode ?? 502, headers: res.headers, body: Buffer.concat(chunks)}));
        res.on('error', reject);
      });
      up.on('error', reject);
      up.end(body);
    });

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const url = new URL(req.url ?? '/', 'https://proxy');
    const key = `${req.method} ${url.pathname}`;
    const nth = (counts.get(key) ?? 0) + 1;
    counts.set(key, nth);
    proxy.seen.push(`${req.method} ${url.pathname}${url.search}`);
    const fault = proxy.script({method: req.method ?? 'GET', path: url.pathname, query: url.searchParams, nth});
    if (fault === 'stall') return;
    if (fault === 'reset') {
      res.socket?.destroy();
      return;
    }
    if (fault && 'reply' in fault) {
      const text = typeof fault.body === 'string' ? fault.body : JSON.stringify(fault.body ?? {});
      res.writeHead(fault.reply, {'Content-Type': fault.contentType ?? 'application/json', ...(fault.headers ?? {})});
      res.end(text);
      return;
    }
    if (fault && 'hold' in fault) await fault.hold;
    // An apiserver that is gone: the client sees its connection dropped (handle's catch).
    const answer = await forward(req, Buffer.concat(chunks));
    const headers = {...answer.headers};
    delete headers['transfer-encoding'];
    delete headers.connection;
    if (!fault || 'hold' in fault) {
      res.writeHead(answer.status, {...headers, 'content-length': String(answer.body.length)});
      res.end(answer.body);
      return;
    }
    if ('truncate' in fault) {
      const part = answer.body.subarray(0, fault.truncate);
      if (fault.contentLength) {
        res.writeHead(answer.status, {...headers, 'content-length': String(answer.body.length)});
        res.write(part, () => res.socket?.destroy());
        return;
      }
      // No Content-Length and no chunked framing: the body ends where the connection closes.
      delete headers['content-length'];
      const lines = Object.entries(headers).flatMap(([k, v]) => (v === undefined ? [] : (Array.isArray(v) ? v : [v]).map((x) => `${k}: ${x}`)));
      res.socket!.end(Buffer.concat([Buffer.from(`HTTP/1.1 ${answer.status} OK\r\n${lines.join('\r\n')}\r\nConnection: close\r\n\r\n`), part]));
      return;
    }
    res.writeHead(answer.status, {...headers, 'content-length': String(answer.body.length)});
    let at = 0;
    const tick = setInterval(() => {
      if (res.destroyed || at >= answer.body.length) {
        clearInterval(tick);
        if (!res.destroyed) res.end();
        return;
      }
      res.write(answer.body.subarray(at, at + fault.trickle));
      at += fault.trickle;
    }, fault.everyMs);
  };

  const server: Server = createServer({cert: readFileSync(join(pki, 'apiserver.crt')), key: readFileSync(join(pki, 'apiserver.key'))}, (req, res) => {
    handle(req, res).catch(() => res.socket?.destroy());
  });
  server.on('connection', (s: Socket) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  proxy.server = `https://127.0.0.1:${(server.address() as AddressInfo).port}`;
  doc.clusters[0].cluster.server = proxy.server;
  proxy.kubeconfig = join(cp.dir, `${name}.proxy.kubeconfig`);
  writeFileSync(proxy.kubeconfig, stringify(doc), {mode: 0o600});
  proxy.close = async () => {
    for (const s of sockets) s.destroy();
    agent.destroy();
    await new Promise<void>((r) => server.close(() => r()));
  };
  return proxy;
}

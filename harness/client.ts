// Talking to the test control plane: kubeconfig files (certificates embedded, so a file stands on its
// own), raw HTTPS as a kubeconfig's user, and the built kubectl.
import {spawn} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {request, Agent} from 'node:https';
import type {IncomingHttpHeaders} from 'node:http';
import {parse, stringify} from 'yaml';

export const CLUSTER_NAME = 'kubectl-win-e2e';

export function writeKubeconfig(
  file: string,
  opts: {server: string; ca: string; cert: string; key: string; user: string; context?: string; namespace?: string},
): string {
  const context = opts.context ?? `${opts.user}@${CLUSTER_NAME}`;
  const b64 = (f: string) => readFileSync(f).toString('base64');
  const doc = {
    apiVersion: 'v1',
    kind: 'Config',
    clusters: [{name: CLUSTER_NAME, cluster: {server: opts.server, 'certificate-authority-data': b64(opts.ca)}}],
    users: [{name: opts.user, user: {'client-certificate-data': b64(opts.cert), 'client-key-data': b64(opts.key)}}],
    contexts: [{name: context, context: {cluster: CLUSTER_NAME, user: opts.user, ...(opts.namespace ? {namespace: opts.namespace} : {})}}],
    'current-context': context,
  };
  writeFileSync(file, stringify(doc), {mode: 0o600});
  return file;
}

export interface ApiResponse<T> {
  status: number;
  body: T;
  headers: IncomingHttpHeaders;
}

export interface ApiOptions {
  query?: Record<string, string | undefined>;
  kubeconfig?: string;
  headers?: Record<string, string>;
  /** Content type of the body; default JSON (use application/apply-patch+yaml, merge-patch+json, ...). */
  contentType?: string;
  timeoutMs?: number;
  /** Hand back the body as the raw bytes (a Buffer), not text or parsed JSON (e.g. protobuf responses). */
  raw?: boolean;
}

const agents = new Map<string, {server: string; agent: Agent}>();

/** An https Agent for the current context of a kubeconfig written by writeKubeconfig (or any with embedded data). */
function agentFor(kubeconfig: string): {server: string; agent: Agent} {
  let a = agents.get(kubeconfig);
  if (a) return a;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any -- a kubeconfig as parsed YAML, read by the fields the harness wrote
  const doc = parse(readFileSync(kubeconfig, 'utf8')) as any;
  const ctx = doc.contexts.find((c: {name: string}) => c.name === doc['current-context']).context;
  const cluster = doc.clusters.find((c: {name: string}) => c.name === ctx.cluster).cluster;
  const user = doc.users.find((u: {name: string}) => u.name === ctx.user).user;
  const data = (v?: string, f?: string) => (v ? Buffer.from(v, 'base64') : f ? readFileSync(f) : undefined);
  const agent = new Agent({
    keepAlive: true,
    ca: data(cluster['certificate-authority-data'], cluster['certificate-authority']),
    cert: data(user['client-certificate-data'], user['client-certificate']),
    key: data(user['client-key-data'], user['client-key']),
  });
  a = {server: cluster.server, agent};
  agents.set(kubeconfig, a);
  return a;
}

export function closeAgents(): void {
  for (const {agent} of agents.values()) agent.destroy();
  agents.clear();
}

export function apiRequest<T = unknown>(kubeconfig: string, method: string, path: string, body?: unknown, opts: ApiOptions = {}): Promise<ApiResponse<T>> {
  const {server, agent} = agentFor(opts.kubeconfig ?? kubeconfig);
  const url = new URL(server + path);
  for (const [k, v] of Object.entries(opts.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
  const payload = body === undefined ? undefined : Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  const headers: Record<string, string | number> = {Accept: 'application/json', ...(opts.headers ?? {})};
  if (payload) {
    headers['Content-Type'] = opts.contentType ?? 'application/json';
    headers['Content-Length'] = payload.length;
  }
  return new Promise((resolve, reject) => {
    const req = request(url, {method, agent, headers, timeout: opts.timeoutMs ?? 30_000}, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('error', reject);
      res.on('end', () => {
        const bytes = Buffer.concat(chunks);
        if (opts.raw) return resolve({status: res.statusCode ?? 0, body: bytes as T, headers: res.headers});
        const text = bytes.toString('utf8');
        let parsed: unknown = text;
        if ((res.headers['content-type'] ?? '').includes('json') && text) {
          try {
            parsed = JSON.parse(text);
          } catch {
            // keep text
          }
        }
        resolve({status: res.statusCode ?? 0, body: parsed as T, headers: res.headers});
      });
    });
    req.on('timeout', () => req.destroy(new Error(`${method} ${path}: timed out`)));
    req.on('error', reject);
    if (payload) req.write(payload);
    req.end();
  });
}

export interface ProcResult {
  code: number;
  stdout: string;
  stderr: string;
}

export function runProcess(
  bin: string,
  args: string[],
  opts: {input?: string; env?: NodeJS.ProcessEnv; cwd?: string; timeoutMs?: number} = {},
): Promise<ProcResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(bin, args, {env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe']});
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    const timer = opts.timeoutMs ? setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs) : undefined;
    child.on('error', reject);
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      resolve({code: code ?? (signal ? 128 + 9 : 1), stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8')});
    });
    child.stdin.on('error', () => {});
    child.stdin.end(opts.input ?? '');
  });
}

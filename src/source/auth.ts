// TLS and credentials for a kubeconfig user, without importing client-node: that import costs about
// a quarter of a second, more than a whole `qos POD` should take. Covers what kubectl users have:
// CA and client certificates (files or data), tokens, token files, basic auth, and exec credential
// plugins (aws eks get-token, kubelogin, gke-gcloud-auth-plugin). Anything else (legacy
// auth-provider, proxy-url) returns undefined and the caller falls back to client-node.
import {execFile} from 'node:child_process';
import {readFileSync} from 'node:fs';
import type {RequestOptions} from 'node:https';
import {ClusterError} from '../cli/errors.js';

type Entry = Record<string, unknown>;

interface ExecConfig {
  apiVersion?: string;
  command?: string;
  args?: string[];
  env?: Array<{name: string; value: string}> | null;
  interactiveMode?: 'Never' | 'IfAvailable' | 'Always';
  provideClusterInfo?: boolean;
}

const str = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);

function readCredentialFile(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (err) {
    throw new ClusterError(`error: cannot read ${what} ${path}: ${(err as NodeJS.ErrnoException).code ?? (err as Error).message}`);
  }
}

function dataOrFile(entry: Entry, key: string, what: string): Buffer | undefined {
  const data = str(entry[`${key}-data`]);
  if (data) return Buffer.from(data, 'base64');
  const file = str(entry[key]);
  return file ? readCredentialFile(file, what) : undefined;
}

/** kubectl's exec credential plugin protocol (client.authentication.k8s.io v1 and v1beta1). */
async function runExecPlugin(exec: ExecConfig, cluster: Entry, context: string): Promise<{token?: string; cert?: string; key?: string}> {
  if (!exec.command) throw new ClusterError(`error: the exec credential plugin of context "${context}" names no command`);
  const apiVersion = exec.apiVersion ?? 'client.authentication.k8s.io/v1';
  const interactive = Boolean(process.stdin.isTTY) && exec.interactiveMode !== 'Never';
  const spec: Entry = {interactive};
  if (exec.provideClusterInfo) {
    spec.cluster = {server: cluster.server, 'certificate-authority-data': cluster['certificate-authority-data'], 'insecure-skip-tls-verify': cluster['insecure-skip-tls-verify']};
  }
  const env: NodeJS.ProcessEnv = {...process.env, KUBERNETES_EXEC_INFO: JSON.stringify({apiVersion, kind: 'ExecCredential', spec})};
  for (const e of exec.env ?? []) env[e.name] = e.value;
  const stdout = await new Promise<string>((resolvePromise, reject) => {
    execFile(exec.command!, exec.args ?? [], {env, maxBuffer: 16 << 20, timeout: 120_000}, (err, out, errOut) => {
      if (err) {
        const detail = (errOut || err.message).trim().split('\n')[0];
        reject(new ClusterError(`error: cannot authenticate with context "${context}": exec plugin ${exec.command} failed: ${detail}`));
      } else resolvePromise(out);
    });
  });
  let status: Entry | undefined;
  try {
    status = (JSON.parse(stdout) as {status?: Entry}).status;
  } catch {
    throw new ClusterError(`error: cannot authenticate with context "${context}": exec plugin ${exec.command} did not print an ExecCredential`);
  }
  return {token: str(status?.token), cert: str(status?.clientCertificateData), key: str(status?.clientKeyData)};
}

/**
 * The https options (CA, client certificate, Authorization header) for a kubeconfig's cluster and
 * user entries, or undefined when they use something only client-node implements.
 */
export async function requestOptionsFor(cluster: Entry, user: Entry, context: string): Promise<RequestOptions | undefined> {
  if (user['auth-provider'] || cluster['proxy-url']) return undefined;
  const opts: RequestOptions = {};
  const headers: Record<string, string | string[]> = {};
  const ca = dataOrFile(cluster, 'certificate-authority', 'certificate authority');
  if (ca) opts.ca = ca;
  if (cluster['insecure-skip-tls-verify'] === true) opts.rejectUnauthorized = false;
  const serverName = str(cluster['tls-server-name']);
  if (serverName) opts.servername = serverName;

  const cert = dataOrFile(user, 'client-certificate', 'client certificate');
  const key = dataOrFile(user, 'client-key', 'client key');
  if (cert) opts.cert = cert;
  if (key) opts.key = key;
  const tokenFile = str(user.tokenFile);
  const token = str(user.token) ?? (tokenFile ? readCredentialFile(tokenFile, 'token file').toString('utf8').trim() : undefined);
  if (token) headers.Authorization = `Bearer ${token}`;
  else if (str(user.username) && typeof user.password === 'string') {
    headers.Authorization = `Basic ${Buffer.from(`${user.username}:${user.password}`).toString('base64')}`;
  }
  if (user.exec && !token) {
    const got = await runExecPlugin(user.exec as ExecConfig, cluster, context);
    if (got.token) headers.Authorization = `Bearer ${got.token}`;
    if (got.cert && got.key) {
      opts.cert = got.cert;
      opts.key = got.key;
    }
  }
  const as = str(user.as);
  if (as) headers['Impersonate-User'] = as;
  if (Array.isArray(user['as-groups']) && user['as-groups'].length > 0) headers['Impersonate-Group'] = user['as-groups'] as string[];
  opts.headers = headers;
  return opts;
}

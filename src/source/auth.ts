// TLS and credentials for a kubeconfig user, without importing client-node: that import costs about
// a quarter of a second, more than a whole `qos POD` should take. Covers what kubectl users have:
// CA and client certificates (files or data), tokens, token files, basic auth, and exec credential
// plugins (aws eks get-token, kubelogin, gke-gcloud-auth-plugin). Anything else (legacy
// auth-provider, proxy-url) returns undefined and the caller falls back to client-node.
import {spawn} from 'node:child_process';
import {createPrivateKey, X509Certificate, type KeyObject} from 'node:crypto';
import {readFileSync} from 'node:fs';
import type {RequestOptions} from 'node:https';
import {ClusterError} from '../errors.js';

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

/** Where a user's credentials are wrong: the kubeconfig user entry is named, as the one place to fix. */
interface CredentialTarget {
  context: string;
  userName: string;
  /** The credential flags laid over that user entry (--token, --client-certificate, --client-key): named too, since the user may have given them. */
  credentialFlags?: string[];
  /** The exec plugin's deadline (--request-timeout, else EXEC_TIMEOUT_MS). */
  execTimeoutMs?: number;
}

/**
 * An exec plugin's deadline without --request-timeout. kubectl has none; a plugin that hangs (a
 * lost network, a prompt nobody sees) would hang us, so a minute, more than any token fetch needs.
 */
const EXEC_TIMEOUT_MS = 60_000;

const unusable = (t: CredentialTarget, why: string) =>
  new ClusterError(
    `error: cannot authenticate with context "${t.context}": the credentials of user "${t.userName}" in the kubeconfig${t.credentialFlags?.length ? ` with ${t.credentialFlags.join(', ')}` : ''} cannot be used: ${why}`,
  );

/** kubectl's exec credential plugin protocol (client.authentication.k8s.io v1 and v1beta1). */
async function runExecPlugin(exec: ExecConfig, cluster: Entry, t: CredentialTarget): Promise<{token?: string; cert?: string; key?: string}> {
  if (!exec.command) throw unusable(t, 'the exec credential plugin names no command');
  const apiVersion = exec.apiVersion ?? 'client.authentication.k8s.io/v1';
  const interactive = Boolean(process.stdin.isTTY) && exec.interactiveMode !== 'Never';
  const spec: Entry = {interactive};
  if (exec.provideClusterInfo) {
    spec.cluster = {
      server: cluster.server,
      'certificate-authority-data': cluster['certificate-authority-data'],
      'insecure-skip-tls-verify': cluster['insecure-skip-tls-verify'],
    };
  }
  const env: NodeJS.ProcessEnv = {...process.env, KUBERNETES_EXEC_INFO: JSON.stringify({apiVersion, kind: 'ExecCredential', spec})};
  for (const e of exec.env ?? []) env[e.name] = e.value;
  const timeoutMs = t.execTimeoutMs ?? EXEC_TIMEOUT_MS;
  const run = await runWithDeadline(exec.command, exec.args ?? [], env, timeoutMs);
  const plugin = `exec plugin ${exec.command}`;
  const stderrLine = lastLine(run.stderr);
  if (run.timedOut) throw unusable(t, `${plugin} did not finish within ${timeoutMs / 1000}s${stderrLine ? `; its last words: ${stderrLine}` : ''}`);
  if (run.error) throw unusable(t, `${plugin} failed: ${stderrLine || run.error}`);
  let cred: {apiVersion?: unknown; status?: Entry | null};
  try {
    cred = JSON.parse(run.stdout) as typeof cred;
  } catch {
    throw unusable(t, `${plugin} did not print an ExecCredential${stderrLine ? `: ${stderrLine}` : ''}`);
  }
  // client-go's checks and words (staging/src/k8s.io/client-go/plugin/pkg/client/auth/exec/exec.go refreshCredsLocked).
  if (typeof cred !== 'object' || cred === null) throw unusable(t, `${plugin} did not print an ExecCredential`);
  if (cred.apiVersion !== apiVersion)
    throw unusable(t, `exec plugin is configured to use API version ${apiVersion}, plugin returned version ${String(cred.apiVersion)}`);
  const status = cred.status;
  if (typeof status !== 'object' || status === null) throw unusable(t, "exec plugin didn't return a status field");
  const token = str(status.token);
  const cert = str(status.clientCertificateData);
  const key = str(status.clientKeyData);
  if (!token && !cert && !key) throw unusable(t, "exec plugin didn't return a token or cert/key pair");
  if (!cert !== !key) throw unusable(t, 'exec plugin returned only certificate or key, not both');
  return {token, cert, key};
}

interface PluginRun {
  stdout: string;
  stderr: string;
  timedOut: boolean;
  error?: string;
}

/**
 * Runs a plugin in its own process group with a deadline: at the deadline the whole group is
 * killed (a shell script's children too, which would otherwise hold its output open) and the run
 * ends at once, whatever the processes do.
 */
function runWithDeadline(command: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs: number): Promise<PluginRun> {
  return new Promise((resolvePromise) => {
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    let settled = false;
    const finish = (r: Omit<PluginRun, 'stdout' | 'stderr'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolvePromise({stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), ...r});
    };
    const child = spawn(command, args, {env, stdio: ['ignore', 'pipe', 'pipe'], detached: true});
    const timer = setTimeout(() => {
      killGroup(child.pid);
      finish({timedOut: true});
    }, timeoutMs);
    child.stdout.on('data', (c: Buffer) => out.push(c));
    child.stderr.on('data', (c: Buffer) => err.push(c));
    child.on('error', (e: NodeJS.ErrnoException) => finish({timedOut: false, error: e.code === 'ENOENT' ? `executable ${command} not found` : e.message}));
    child.on('close', (code, signal) => finish({timedOut: false, error: code === 0 ? undefined : `exit ${code ?? signal}`}));
  });
}

function killGroup(pid: number | undefined): void {
  if (pid === undefined) return;
  try {
    process.kill(-pid, 'SIGKILL');
  } catch {
    // already gone
  }
}

function lastLine(text: string): string {
  const lines = text
    .split(/\r?\n/)
    .map((l) => l.trim())
    .filter((l) => l !== '');
  return lines[lines.length - 1] ?? '';
}

/**
 * A client certificate and key must be a pair, as Go's tls.X509KeyPair demands (crypto/tls/tls.go);
 * Node would otherwise drop the certificate and go on as system:anonymous. Its words are kubectl's.
 */
function checkKeyPair(cert: Buffer | string | undefined, key: Buffer | string | undefined, t: CredentialTarget): void {
  if (!cert && !key) return;
  if (!cert) throw unusable(t, 'a client key without a client certificate');
  if (!key) throw unusable(t, 'a client certificate without a client key');
  let x509: X509Certificate;
  let privateKey: KeyObject;
  try {
    x509 = new X509Certificate(cert);
  } catch {
    throw unusable(t, 'tls: failed to find any PEM data in certificate input');
  }
  try {
    privateKey = createPrivateKey(key);
  } catch {
    throw unusable(t, 'tls: failed to find any PEM data in key input');
  }
  if (x509.publicKey.asymmetricKeyType !== privateKey.asymmetricKeyType) throw unusable(t, 'tls: private key type does not match public key type');
  if (!x509.checkPrivateKey(privateKey)) throw unusable(t, 'tls: private key does not match public key');
}

/**
 * The https options (CA, client certificate, Authorization header) for a kubeconfig's cluster and
 * user entries, or undefined when they use something only client-node implements. Credentials that
 * cannot be used are a ClusterError naming the user entry, never an anonymous request.
 */
export async function requestOptionsFor(cluster: Entry, user: Entry, t: CredentialTarget): Promise<RequestOptions | undefined> {
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
  checkKeyPair(cert, key, t);
  if (cert) opts.cert = cert;
  if (key) opts.key = key;
  const tokenFile = str(user.tokenFile);
  const token = str(user.token) ?? (tokenFile ? readCredentialFile(tokenFile, 'token file').toString('utf8').trim() : undefined);
  if (token) headers.Authorization = `Bearer ${token}`;
  else if (str(user.username) || user.password !== undefined) {
    // kube-apiserver has had no basic authentication since v1.19 (--basic-auth-file removed,
    // kubernetes/kubernetes#89069, CHANGELOG-1.19): the password would go nowhere and every request would run anonymous.
    throw unusable(
      t,
      'basic authentication (username/password) is not accepted by kube-apiserver since v1.19; use a token, a client certificate or an exec plugin',
    );
  }
  if (user.exec && !token) {
    const got = await runExecPlugin(user.exec as ExecConfig, cluster, t);
    if (got.token) headers.Authorization = `Bearer ${got.token}`;
    if (got.cert && got.key) {
      checkKeyPair(got.cert, got.key, t);
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

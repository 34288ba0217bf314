// The exec capability: client-node's Exec (a WebSocket to pods/exec through the apiserver), with
// stdout and stderr collected, the exit code read from the status channel (v4+ protocols send a
// metav1.Status: Success, or Failure with reason NonZeroExitCode and an ExitCode cause), and a
// deadline per command so a pod that does not answer never hangs the tool.
import {Writable} from 'node:stream';
import type {KubeConfig} from '@kubernetes/client-node';
import type {ExecResult} from '../k8s/snapshot.js';
import {loadClientNode} from './client-node.js';

/** A metav1.Status from the exec status channel. */
interface ExecStatus {
  status?: string;
  message?: string;
  reason?: string;
  details?: {causes?: {reason?: string; message?: string}[]};
}

/** Exit code from the status channel: 0 on Success, the ExitCode cause on NonZeroExitCode, else null. */
export function exitCodeFromStatus(status: ExecStatus): number | null {
  if (status.status === 'Success') return 0;
  const cause = status.details?.causes?.find((c) => c.reason === 'ExitCode');
  if (cause?.message !== undefined && /^-?\d+$/.test(cause.message)) return Number(cause.message);
  return null;
}

const impersonating = new WeakSet<KubeConfig>();

function impersonate(kubeConfig: KubeConfig, as: string | undefined, groups: string[]): void {
  if (impersonating.has(kubeConfig)) return;
  impersonating.add(kubeConfig);
  if (as) {
    const user = kubeConfig.getCurrentUser() as {impersonateUser?: string} | null;
    if (user) user.impersonateUser = as;
  }
  if (groups.length === 0) return;
  const apply = kubeConfig.applyToHTTPSOptions.bind(kubeConfig);
  kubeConfig.applyToHTTPSOptions = async (opts) => {
    await apply(opts);
    const o = opts as {headers?: Record<string, string | string[]>};
    o.headers = {...(o.headers ?? {}), 'Impersonate-Group': groups};
  };
}

class Collector extends Writable {
  readonly chunks: Buffer[] = [];
  override _write(chunk: Buffer, _enc: BufferEncoding, cb: () => void): void {
    this.chunks.push(Buffer.from(chunk));
    cb();
  }
  text(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }
}

/** An exec that could not start (pod or container unknown, forbidden, cannot connect). */
class ExecStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ExecStartError';
  }
}

/**
 * `as` and `asGroups`: kubectl's --as and --as-group. client-node's WebSocket sends Impersonate-User
 * from the kubeconfig user's `as`, and no groups: this KubeConfig instance adds Impersonate-Group
 * (one header per group, as kubectl sends them) to the options of every connection it makes.
 */
export function makeExec(loadKubeConfig: () => Promise<KubeConfig>, as?: string, asGroups: string[] = []) {
  return async function exec(namespace: string, pod: string, container: string, command: string[], timeoutMs: number): Promise<ExecResult> {
    const [{Exec}, kubeConfig] = await Promise.all([loadClientNode(), loadKubeConfig()]);
    impersonate(kubeConfig, as, asGroups);
    const stdout = new Collector();
    const stderr = new Collector();
    return new Promise<ExecResult>((resolvePromise, reject) => {
      let done = false;
      let socket: {close(): void; terminate?(): void; on?(ev: string, fn: (...a: unknown[]) => void): void} | undefined;
      let statusSeen: ExecStatus | undefined;
      const finish = (r: Partial<ExecResult> & {exitCode: number | null}) => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        resolvePromise({stdout: stdout.text(), stderr: stderr.text(), timedOut: false, ...r});
      };
      const timer = setTimeout(() => {
        if (done) return;
        done = true;
        try {
          if (socket?.terminate) socket.terminate();
          else socket?.close();
        } catch {
          // the socket may already be gone; the deadline is what matters
        }
        resolvePromise({stdout: stdout.text(), stderr: stderr.text(), exitCode: null, timedOut: true});
      }, timeoutMs);
      new Exec(kubeConfig)
        .exec(namespace, pod, container, command, stdout, stderr, null, false, (status) => {
          statusSeen = status as ExecStatus;
          const code = exitCodeFromStatus(statusSeen);
          // A Failure without an exit code (e.g. the executable does not exist) carries its reason in message.
          const extra = code === null && statusSeen.message ? statusSeen.message : '';
          if (extra) stderr.chunks.push(Buffer.from((stderr.chunks.length ? '\n' : '') + extra));
          finish({exitCode: code});
        })
        .then((ws) => {
          socket = ws as unknown as typeof socket;
          if (done) {
            try {
              socket?.close();
            } catch {
              // already closed
            }
            return;
          }
          // Old servers (channel.k8s.io, v1-v3) send no status: the close ends the command.
          socket?.on?.('close', () => setTimeout(() => finish({exitCode: statusSeen ? exitCodeFromStatus(statusSeen) : null}), 50));
        })
        .catch((err: unknown) => {
          if (done) return;
          done = true;
          clearTimeout(timer);
          const msg = (err as {message?: string})?.message ?? String(err);
          reject(new ExecStartError(`cannot exec into pod "${pod}" container "${container}" in namespace "${namespace}": ${msg}`));
        });
    });
  };
}

// The top of the error path: anything thrown becomes one line and an exit code here and nowhere
// else (src/errors.ts holds the domain errors the layers below throw).
import {ClusterError, InputError} from '../errors.js';
import {ExitCode, type ExitCodeValue} from './exit-codes.js';

const networkCodes = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ETIMEDOUT',
  'EPIPE',
  'CERT_HAS_EXPIRED',
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Maps anything thrown to the one line and the exit code the user sees. */
export function describeError(err: unknown): {message: string; exitCode: ExitCodeValue} {
  if (err instanceof InputError) return {message: err.message, exitCode: ExitCode.usage};
  if (err instanceof ClusterError) return {message: err.message, exitCode: ExitCode.cluster};
  const e = err as {code?: string; message?: string; oclif?: {exit?: number}};
  if (e && typeof e.code === 'string' && networkCodes.has(e.code)) {
    return {message: `cannot reach the cluster: ${e.message ?? e.code}`, exitCode: ExitCode.cluster};
  }
  // An apiserver answer no caller handled (e.g. 403 on /version when --as is not allowed): the
  // cluster refused us, so exit 3 with the apiserver's own message.
  const api = err as {name?: string; status?: unknown; message?: string};
  if (api && api.name === 'ApiError' && typeof api.status === 'number') {
    return {message: `error: ${firstLine(api.message ?? `HTTP ${api.status}`)}`, exitCode: ExitCode.cluster};
  }
  if (e && e.oclif && typeof e.oclif.exit === 'number') {
    return {message: firstLine(e.message ?? String(err)), exitCode: e.oclif.exit as ExitCodeValue};
  }
  const message = e?.message ?? String(err);
  return {message: `internal error: ${firstLine(message)}`, exitCode: ExitCode.usage};
}

export function firstLine(s: string): string {
  const line = s.split('\n').find((l) => l.trim() !== '') ?? s;
  return line.trim();
}

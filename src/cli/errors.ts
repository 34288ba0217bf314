import {ExitCode, type ExitCodeValue} from './exit-codes.js';

/** An error the user can act on: printed as one line, never with a stack trace. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: ExitCodeValue = ExitCode.usage,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** Bad flags, unreadable files, invalid YAML, unknown objects: exit 2. */
export class InputError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.usage);
    this.name = 'InputError';
  }
}

/** Cannot reach or authenticate to the cluster: exit 3. */
export class ClusterError extends CliError {
  constructor(message: string) {
    super(message, ExitCode.cluster);
    this.name = 'ClusterError';
  }
}

export class InterruptedError extends CliError {
  constructor() {
    super('interrupted', ExitCode.interrupted);
    this.name = 'InterruptedError';
  }
}

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
  if (err instanceof CliError) return {message: err.message, exitCode: err.exitCode};
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
